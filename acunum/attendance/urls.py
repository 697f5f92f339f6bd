from acunum.attendance.views import cards, kiosk, paper, trainee, trainer

app_name = "attendance"
# Each side of attendance keeps its views and its URLs in its own module.
urlpatterns = (
    trainee.urlpatterns
    + trainer.urlpatterns
    + kiosk.urlpatterns
    + paper.urlpatterns
    + cards.urlpatterns
)
