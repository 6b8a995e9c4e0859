from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = _("Regional Party-building alliance")
admin.site.site_title = _("Alliance portal")
admin.site.index_title = _("Street office back office")

urlpatterns = [
    path("", include("portal.urls")),
    path("grids/", include("grids.urls")),
    path("alliance/", include("alliance.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("pledges.urls")),
    path("", include("servicedesk.urls")),
    path("", include("volunteers.urls")),
    path("", include("servicemap.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
