from acunum.workshops.views import exports, live, participant, trainer

app_name = "workshops"
# Each side keeps its views and its URLs in its own module.
urlpatterns = trainer.urlpatterns + live.urlpatterns + participant.urlpatterns + exports.urlpatterns
