from django.urls import path

import common.converters  # noqa: F401 - registers <year:...>

from . import views

app_name = "volunteers"

urlpatterns = [
    path("volunteer/register/", views.register, name="register"),
    path("volunteer/units/", views.unit_suggestions, name="units"),
    path("volunteer/me/", views.me, name="me"),
    path("volunteer/leaderboards/", views.leaderboards, name="leaderboards"),
    path("volunteer/approvals/", views.approvals, name="approvals"),
    path(
        "volunteer/dual-report/<int:community_id>/<year:year>/", views.compliance, name="compliance"
    ),
    path(
        "volunteer/units/<int:unit_id>/score-sheet/<year:year>/",
        views.score_sheet,
        name="score-sheet",
    ),
    path("volunteer/posts/", views.posts, name="posts"),
    path("volunteer/report/", views.report_slip, name="report"),
    path("volunteer/hours-export/", views.hours_export, name="hours-export"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:activity_id>/cancel/", views.cancel, name="cancel"),
    path("activities/<int:activity_id>/", views.activity_page, name="activity"),
    path("activities/<int:activity_id>/signup/", views.signup, name="signup"),
    path("activities/<int:activity_id>/screen/", views.screen, name="screen"),
    path("activities/<int:activity_id>/checkin/<str:code>/", views.checkin, name="checkin"),
]
