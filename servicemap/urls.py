from django.urls import path

from . import views

app_name = "servicemap"

urlpatterns = [
    path("map/", views.nearby, name="nearby"),
    path("map/coverage/", views.coverage, name="coverage"),
    path("map/sites/<int:pk>/", views.site, name="site"),
]
