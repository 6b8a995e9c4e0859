from django.urls import path

from . import views

app_name = "servicemap"

urlpatterns = [
    path("map/", views.nearby, name="nearby"),
    path("map/coverage/", views.coverage, name="coverage"),
    path("map/sites/<int:site_id>/", views.site, name="site"),
]
