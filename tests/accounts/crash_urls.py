"""The site's URLs plus one page that fails, to see the 500 page a visitor gets."""

from django.urls import path

from config.urls import urlpatterns as site


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("crash/", crash), *site]
