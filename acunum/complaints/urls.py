from acunum.complaints.views import complaints, improvements, trainers

app_name = "complaints"
urlpatterns = trainers.urlpatterns + complaints.urlpatterns + improvements.urlpatterns
