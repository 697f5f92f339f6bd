from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("acunum.programmes.urls")),
    path("compte/", include("acunum.accounts.urls")),
    path("", include("acunum.cycles.urls")),
    path("", include("acunum.attendance.urls")),
    path("", include("acunum.documents.urls")),
    path("", include("acunum.outbox.urls")),
    path("", include("acunum.evaluation.urls")),
    path("", include("acunum.workshops.urls")),
    path("", include("acunum.traces.urls")),
    path("", include("acunum.plans.urls")),
    path("", include("acunum.checklist.urls")),
    path("", include("acunum.usages.urls")),
    path("", include("acunum.quality.urls")),
    path("", include("acunum.complaints.urls")),
    path("confidentialite/", include("acunum.privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# A database that cannot be reached answers 503, "try again in a few seconds" (no query).
handler500 = "acunum.site.errors.server_error"
