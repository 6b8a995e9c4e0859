from django.urls import path

from common.converters import one_of

from . import views

app_name = "summons"

ACTION = one_of(
    "summons_action", "accept", "decline", "arriving", "report", "close", "escalate", "call"
)

urlpatterns = [
    path("", views.summons_list, name="list"),
    path("new/", views.summons_new, name="new"),
    path("<int:summons_id>/", views.summons_detail, name="detail"),
    path(f"<int:summons_id>/<{ACTION}:action>/", views.summons_action, name="action"),
    path("<int:summons_id>/check-in/<str:token>/", views.summons_check_in, name="check-in"),
    path("photos/<int:report_photo_id>/", views.report_photo, name="photo"),
]
