from django.urls import path

from .views import reports

app_name = "releases"

urlpatterns = [
    path("<int:pk>/report/", reports.report, name="report"),
    path("<int:pk>/summary/", reports.summary, name="summary"),
    path("<int:pk>/reports.csv", reports.reports_csv, name="reports_csv"),
]
