from django.urls import path

from . import views

app_name = "alliance"

urlpatterns = [
    path("", views.home, name="home"),
    path("my-unit/", views.my_unit, name="my-unit"),
    path("committees/<int:committee_id>/rota/<int:year>/", views.rota_page, name="rota"),
    path(
        "committees/<int:committee_id>/rota/<int:year>/<str:action>/",
        views.rota_action,
        name="rota-action",
    ),
    path(
        "committees/<int:committee_id>/evaluation/<str:month>/",
        views.evaluation_page,
        name="evaluation",
    ),
    path("committees/<int:committee_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/print/", views.meeting_print, name="meeting-print"),
    path("meetings/<int:meeting_id>/calendar.ics", views.meeting_calendar, name="meeting-ics"),
    path("meetings/<int:meeting_id>/<str:action>/", views.meeting_action, name="meeting-action"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("followups/", views.followup_index, name="followups"),
    path("followups/<int:item_id>/", views.followup_page, name="followup"),
    path("followups/<int:item_id>/evidence/", views.followup_evidence, name="followup-evidence"),
    path("followups/<int:item_id>/<str:action>/", views.followup_action, name="followup-action"),
]
