from django.urls import path

from common.converters import one_of

from . import views

ROTA = one_of("rota_action", "generate", "swap", "skip")
MEETING = one_of(
    "meeting_action",
    "topic",
    "confirm",
    "substitute",
    "minutes",
    "resolution",
    "followup",
    "reschedule",
    "report",
    "photo",
)
FOLLOWUP = one_of(
    "followup_action", "update", "accept", "return", "escalate", "decide", "refer", "rule"
)

app_name = "alliance"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-unit/", views.my_unit, name="my-unit"),
    path("committees/<int:committee_id>/rota/<year:year>/", views.rota_page, name="rota"),
    path(
        f"committees/<int:committee_id>/rota/<year:year>/<{ROTA}:action>/",
        views.rota_action,
        name="rota-action",
    ),
    path(
        "committees/<int:committee_id>/evaluation/<month:month>/",
        views.evaluation_page,
        name="evaluation",
    ),
    path("committees/<int:committee_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/print/", views.meeting_print, name="meeting-print"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path(
        "meetings/<int:meeting_id>/attendance/live/",
        views.meeting_attendance_live,
        name="meeting-attendance-live",
    ),
    path("meetings/<int:meeting_id>/calendar.ics", views.meeting_calendar, name="meeting-ics"),
    path(
        f"meetings/<int:meeting_id>/<{MEETING}:action>/",
        views.meeting_action,
        name="meeting-action",
    ),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("followups/", views.followup_index, name="followups"),
    path("followups/<int:item_id>/", views.followup_page, name="followup"),
    path("followups/<int:item_id>/evidence/", views.followup_evidence, name="followup-evidence"),
    path("meeting-photos/<int:photo_id>/", views.meeting_photo, name="meeting-photo"),
    path(
        f"followups/<int:item_id>/<{FOLLOWUP}:action>/",
        views.followup_action,
        name="followup-action",
    ),
]
