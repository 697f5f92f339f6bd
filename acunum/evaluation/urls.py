from acunum.evaluation.views import results, staff, trainee

app_name = "evaluation"
# Each side keeps its views and its URLs in its own module. The results first: their path would
# otherwise match a staff questionnaire's.
urlpatterns = results.urlpatterns + trainee.urlpatterns + staff.urlpatterns
