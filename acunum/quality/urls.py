from acunum.quality.views import app_name, urlpatterns  # noqa: F401
