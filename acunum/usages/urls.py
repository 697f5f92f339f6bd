from acunum.usages.views import trainee, trainer

app_name = "usages"
urlpatterns = trainee.urlpatterns + trainer.urlpatterns
