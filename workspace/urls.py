from django.urls import path

from . import views
from .views import assist, community, street, unit, volunteer

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/", unit.page, name="unit"),
    path("volunteer/", volunteer.page, name="volunteer"),
    path("community/", community.page, name="community"),
    path("street/", street.page, name="street"),
    path("assist/", assist.home, name="assist"),
    path("assist/wish/", assist.wish, name="assist-wish"),
    path("assist/request/", assist.service_request, name="assist-request"),
    path("assist/rating/", assist.rating, name="assist-rating"),
    path("assist/volunteer/", assist.volunteer, name="assist-volunteer"),
    path("assist/done/", assist.done, name="assist-done"),
]
