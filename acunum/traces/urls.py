from django.urls import path

from acunum.traces import views

app_name = "traces"
urlpatterns = [
    # The trainee's lab, from the personal link.
    path("s/<str:token>/traces/", views.lab, name="lab"),
    path("s/<str:token>/traces/comparer/", views.compare, name="compare"),
    path("s/<str:token>/traces/effacer/", views.forget, name="forget"),
    # The group's counts, for those who run the cycle.
    path("cycles/<uuid:code>/traces/", views.group, name="group"),
]
