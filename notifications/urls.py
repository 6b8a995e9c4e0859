from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("settings/", views.preferences, name="settings"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<int:notification_id>/read/", views.mark_read, name="read"),
]
