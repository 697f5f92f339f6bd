from django.urls import path

from acunum.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.public, name="public"),
    path("programmes/<slug:slug>/version-<int:number>/", views.public, name="public-version"),
]
