from django.urls import path

from . import views

app_name = "servicedesk"

urlpatterns = [
    path("menu/", views.menu, name="menu"),
    path("wishes/", views.wish_wall, name="wishes"),
    path("wishes/new/", views.wish_new, name="wish-new"),
    path("help/", views.ask_for_help, name="help"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_code, name="track-code"),
    path("desk/", views.desk, name="desk"),
    path("desk/our-menu/", views.our_menu, name="our-menu"),
    path("desk/requests/<int:request_id>/", views.request_page, name="request"),
    path(
        "desk/requests/<int:request_id>/<str:action>/", views.request_action, name="request-action"
    ),
    path("desk/wishes/<int:wish_id>/", views.wish_page, name="wish"),
    path("desk/wishes/<int:wish_id>/<str:action>/", views.wish_action, name="wish-action"),
]
