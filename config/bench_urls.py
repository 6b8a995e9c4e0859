from django.urls import path

from config.bench import floor
from config.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *portal_urlpatterns]
