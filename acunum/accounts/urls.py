from django.contrib.auth import views as auth_views
from django.urls import path

from acunum.accounts.login import LoginView

app_name = "accounts"
urlpatterns = [
    path("connexion/", LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
]
