from django.urls import path

from . import feeds, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("streets/<slug:code>/", views.street_home, name="street"),
    path("communities/<int:community_id>/", views.community_home, name="community"),
    path("healthz", views.healthz, name="healthz"),
    path("announcements/<int:node_id>/", views.announcements, name="announcements"),
    path(
        "announcements/<int:node_id>/rss/", feeds.CommunityAnnouncements(), name="announcements-rss"
    ),
    path(
        "announcements/<int:node_id>/atom/",
        feeds.CommunityAnnouncementsAtom(),
        name="announcements-atom",
    ),
    path("notices/<int:announcement_id>/", views.announcement, name="announcement"),
    path(
        "notices/<int:announcement_id>/attachment/",
        views.announcement_attachment,
        name="attachment",
    ),
]
