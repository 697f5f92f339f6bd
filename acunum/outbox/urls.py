from django.urls import path

from acunum.outbox import views

app_name = "outbox"
urlpatterns = [
    path("cycles/<uuid:code>/courriels/", views.cycle_outbox, name="cycle"),
    path("cycles/<uuid:code>/courriels/<uuid:message>/", views.message_detail, name="message"),
    path(
        "cycles/<uuid:code>/courriels/<uuid:message>/pieces-jointes/<int:position>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "cycles/<uuid:code>/convocations/envoyer/",
        views.send_convocations,
        name="send-convocations",
    ),
    path(
        "cycles/<uuid:code>/convocations/<int:seat>/renvoyer/",
        views.resend_convocation,
        name="resend-convocation",
    ),
]
