from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("report/", views.monthly_report, name="report"),
    path("district/", views.district, name="district"),
    path("ledgers/<int:ledger_id>/file/", views.ledger_file, name="ledger-file"),
]
