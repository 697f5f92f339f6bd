from django.urls import path

from acunum.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.search, name="search"),
    path("journal/", views.audit_log, name="audit"),
    path("stagiaires/<int:pk>/", views.trainee_page, name="trainee"),
    path("stagiaires/<int:pk>/export/", views.export_view, name="export"),
    path("stagiaires/<int:pk>/effacement/", views.erase_view, name="erase"),
]
