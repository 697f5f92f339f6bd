from acunum.checklist.views import trainee, trainer

app_name = "checklist"
urlpatterns = trainee.urlpatterns + trainer.urlpatterns
