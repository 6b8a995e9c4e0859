from django.urls import path

from . import views
from .views import community, street, unit, volunteer

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/", unit.page, name="unit"),
    path("volunteer/", volunteer.page, name="volunteer"),
    path("community/", community.page, name="community"),
    path("street/", street.page, name="street"),
]
