from django.urls import path

from acunum.cycles import request_views, views

app_name = "cycles"
urlpatterns = [
    path("cycles/", views.dashboard, name="dashboard"),
    path("cycles/nouveau/", views.cycle_new, name="new"),
    path("cycles/<uuid:code>/", views.cycle_detail, name="detail"),
    path("cycles/<uuid:code>/modifier/", views.cycle_edit, name="edit"),
    path("cycles/<uuid:code>/statut/", views.cycle_status, name="status"),
    path("cycles/<uuid:code>/planning/", views.schedule_propose, name="schedule"),
    path("cycles/<uuid:code>/creneaux/<int:index>/", views.slot_edit, name="slot-edit"),
    path("cycles/<uuid:code>/calendrier.ics", views.cycle_calendar, name="calendar"),
    path("cycles/<uuid:code>/stagiaires/ajouter/", views.trainee_add, name="trainee-add"),
    path("cycles/<uuid:code>/stagiaires/importer/", views.trainee_import, name="trainee-import"),
    path(
        "cycles/<uuid:code>/stagiaires/<int:seat>/retirer/",
        views.trainee_remove,
        name="trainee-remove",
    ),
    path("s/<str:token>/", views.trainee_home, name="trainee-home"),
    # A structure's request from the public programme page, and its needs analysis.
    path("programmes/<slug:slug>/demande/", request_views.request_new, name="request"),
    path(
        "programmes/<slug:slug>/demande/envoyee/",
        request_views.request_sent,
        name="request-sent",
    ),
    path(
        "cycles/<uuid:code>/analyse-des-besoins/",
        request_views.needs_analysis,
        name="needs",
    ),
]
