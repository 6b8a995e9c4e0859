from django.urls import path

from common.converters import one_of

from . import views

REQUEST = one_of(
    "request_action", "triage", "reject", "dispatch", "take", "accept", "decline", "close"
)
WISH = one_of(
    "wish_action",
    "publish",
    "reject",
    "approve_claim",
    "deny_claim",
    "cancel",
    "claim",
    "withdraw",
    "fulfil",
)

app_name = "servicedesk"

urlpatterns = [
    path("menu/", views.menu, name="menu"),
    path("wishes/", views.wish_wall, name="wishes"),
    path("wishes/new/", views.wish_new, name="wish-new"),
    path("help/", views.ask_for_help, name="help"),
    path("thanks/", views.thanks, name="thanks"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_code, name="track-code"),
    path("desk/", views.desk, name="desk"),
    path("desk/our-menu/", views.our_menu, name="our-menu"),
    path("desk/requests/<int:request_id>/", views.request_page, name="request"),
    path(
        f"desk/requests/<int:request_id>/<{REQUEST}:action>/",
        views.request_action,
        name="request-action",
    ),
    path("desk/wishes/<int:wish_id>/", views.wish_page, name="wish"),
    path(f"desk/wishes/<int:wish_id>/<{WISH}:action>/", views.wish_action, name="wish-action"),
]
