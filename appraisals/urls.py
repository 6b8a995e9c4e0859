from django.urls import path

from common.converters import one_of

from . import views

ACTION = one_of("appraisal_action", "score", "publish", "weights")

app_name = "appraisals"

urlpatterns = [
    path("", views.appraisal_list, name="list"),
    path("<int:appraisal_id>/", views.appraisal_page, name="detail"),
    path(f"<int:appraisal_id>/<{ACTION}:action>/", views.appraisal_action, name="action"),
    path("<int:appraisal_id>/results/", views.results, name="results"),
    path("<int:appraisal_id>/rate/", views.rate_page, name="rate-page"),
    path("units/<int:row_id>/", views.unit_page, name="unit"),
    path("units/<int:row_id>/rate/", views.rate, name="rate"),
    path("units/<int:row_id>/certificate/", views.certificate, name="certificate"),
]
