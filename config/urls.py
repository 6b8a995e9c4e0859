import re

from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from common.public_cache import changes_no_public_page
from portal.views import public_media

# A query string a page cannot read (common.params.parse_query) answers the site's 400 page.
handler400 = "common.params.bad_request"

urlpatterns = [
    path("", include("portal.urls")),
    path("grids/", include("organizations.urls")),
    path("alliance/", include("alliance.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("pledges.urls")),
    path("", include("servicedesk.urls")),
    path("", include("volunteers.urls")),
    path("", include("servicemap.urls")),
    path("summons/", include("summons.urls")),
    path("appraisals/", include("appraisals.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("accounts/", include("accounts.urls")),
    path("workspace/", include("workspace.urls")),
    path("admin/", admin.site.urls),
    # The language switch needs no CSRF token: it sets only the visitor's own language cookie,
    # the most a forged request could do, and a page without a token can be kept for every
    # visitor without cookies (common/public_cache.py).
    path(
        "i18n/setlang/",
        changes_no_public_page(csrf_exempt(set_language)),
        name="set_language",
    ),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI starts itself with an inline script: the one page without the site's policy.
    path(
        "api/docs/",
        csp_exempt()(SpectacularSwaggerView.as_view(url_name="schema")),
        name="api-docs",
    ),
]

# Public uploads only (site photos, announcement attachments), and only where SERVE_MEDIA is on;
# evidence files are never served from here.
urlpatterns += [
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
        public_media,
        name="public-media",
    )
]
