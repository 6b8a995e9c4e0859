from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("streets/<slug:code>/", views.street_home, name="street"),
    path("healthz", views.healthz, name="healthz"),
]
