from acunum.plans.views import portal, trainee, trainer

app_name = "plans"
urlpatterns = trainee.urlpatterns + trainer.urlpatterns + portal.urlpatterns
