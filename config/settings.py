"""Settings for the alliance portal, read from the environment (see README, "Configuration")."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from common.csp import tile_source

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE_SSL_REDIRECT=(bool, True),
    SECURE_HSTS_SECONDS=(int, 31536000),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.AllianceAdminConfig",  # django.contrib.admin with the back office's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mptt",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "import_export",
    "auditlog",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "grids",
    "organizations",
    "alliance",
    "pledges",
    "servicedesk",
    "servicemap",
    "volunteers",
    "summons",
    "appraisals",
    "notifications",
    "workspace",
    "exchange",
    "dashboard",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for visitors without cookies, kept a minute (common/public_cache.py).
    "common.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the sign-in that failed: locks out a name after repeated failures.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.who",
                "notifications.context_processors.unread",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# The embedded SQLite file is the default for `make demo`; production and tests use PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# The cache only speeds pages up and counts rate limits: with IGNORE_EXCEPTIONS (django-redis)
# an unreachable Redis makes a read a miss and drops a write, logged on "alliance.cache", so
# the pages keep working; /healthz reports Redis down meanwhile (portal/health.py) and the rate
# limits are not enforced until it returns (RATELIMIT_FAIL_OPEN below).
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "alliance",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 2,
            "SOCKET_TIMEOUT": 2,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "alliance.cache"
# How long a public page stays kept for visitors without cookies; 0 keeps none.
PUBLIC_PAGE_SECONDS = env.int("PUBLIC_PAGE_SECONDS", default=60)
# The years a page or the API answers for (?year=, ?month=YYYY-MM, a year in an address); any
# other is refused with a 400 or a 404 (common.params).
QUERY_YEARS = (env.int("QUERY_FIRST_YEAR", default=2000), env.int("QUERY_LAST_YEAR", default=2100))
# `make demo` on a machine without Redis keeps the cache in memory instead.
if env("CACHE_BACKEND", default="redis") == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The site's own sign-in page for every role (the admin keeps its page for staff); after
# signing in each role lands on its own workspace.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"
# A form sent without its token answers the site's own page, in the site's look and language.
CSRF_FAILURE_VIEW = "accounts.views.csrf_failure"

# Brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for a user name
# from one address, that pair is locked out for the cool-off time; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.PhoneBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A mobile number typed for the user name counts against that account's name (one counter).
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# How many proxies of the deployment's own stand in front of the web process (nginx: 1).
# X-Forwarded-For is believed that far and no further; 0 ignores it (common/client.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "common.client.client_ip"

# How often one client may do a thing (common/ratelimit.py, django-ratelimit): "10/h" is ten an
# hour, "20/m" twenty a minute, counted by the client's address unless said otherwise.
RATE_LIMITS = {
    # The public forms (and their API creates), per address.
    "help": "10/h",
    "wish": "10/h",
    "volunteer": "5/h",
    "track": "60/h",
    "track-action": "20/h",
    # Rating identities handed to browsers and API clients (pledges.services.voter_issue).
    "voter": "10/h",
    # Pledge ratings kept: enough for a family, not a bot.
    "rating": "30/h",
    # Wrong answers to a tracking code: per code, and per address trying codes.
    "track-code": "5/h",
    "track-address": "10/h",
    # Codes by text message: per phone and per address (accounts/phone_codes.py).
    "sms-phone": "5/h",
    "sms-client": "20/h",
    # The API's throttles: public creates, ratings, token sign-in.
    "api-submissions": "10/h",
    "api-ratings": "30/h",
    "api-login": "20/m",
}
# With the cache away nothing is counted and no limit holds, rather than refusing everyone.
RATELIMIT_FAIL_OPEN = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The throttles' client address: X-Forwarded-For only as far as our own proxies wrote it
    # (None would trust the whole header, so a made-up one would dodge every throttle).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance portal API",
    "DESCRIPTION": "The street hierarchy and the regional Party-building alliance.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Serve Swagger UI from our own static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "NodeKindEnum": "grids.models.NodeKind",
        "UnitKindEnum": "organizations.models.UnitKind",
        "CommitteeKindEnum": "alliance.models.CommitteeKind",
        "MeetingKindEnum": "alliance.models.MeetingKind",
        "PledgeCategoryEnum": "pledges.models.PledgeCategory",
        "ServiceCategoryEnum": "servicedesk.models.ServiceCategory",
        "NeedSourceEnum": "pledges.models.NeedSource",
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With acks late, a task whose worker died is handed out again after this many seconds
# (Redis transport); longer than any task takes, so a slow task is never run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Where reminders go: every channel listed here gets every reminder.
NOTIFICATION_CHANNELS = env.list(
    "NOTIFICATION_CHANNELS",
    default=[
        "notifications.channels.InAppChannel",
        "notifications.channels.EmailChannel",
        "notifications.channels.SmsChannel",
        "notifications.channels.LogChannel",
    ],
)
# Reminders go this many to a transaction where every channel writes only to the database or
# the log (notifications.services.reminders_send).
NOTIFICATION_BATCH = env.int("NOTIFICATION_BATCH", default=200)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="alliance@localhost")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / ".outbox"))
# Text messages (sign-in codes, notifications by SMS): common.sms. Development writes
# them to files in SMS_OUTBOX_PATH; production names its provider's backend (README).
SMS_BACKEND = env(
    "SMS_BACKEND",
    default="common.sms.OutboxBackend" if DEBUG else "common.sms.ConsoleBackend",
)
SMS_OUTBOX_PATH = env("SMS_OUTBOX_PATH", default=str(BASE_DIR / ".outbox" / "sms"))
# The site's address, put before the portal's own links in e-mails and text messages.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
# Codes by text message (sign-in, password reset): how long one lasts, how many wrong tries kill it.
SMS_CODE_MINUTES = env.int("SMS_CODE_MINUTES", default=10)
SMS_CODE_TRIES = env.int("SMS_CODE_TRIES", default=5)
MEDIA_URL = "media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Several web replicas share their uploads in an S3-compatible bucket (MinIO, Aliyun OSS,
# Tencent COS, ...) through django-storages when MEDIA_BUCKET is set; otherwise MEDIA_ROOT.
# Files are private and handed out by signed links that expire; add the bucket's origin to
# CSP_EXTRA_IMG_SRC so that pages may show its photos.
MEDIA_BUCKET = env("MEDIA_BUCKET", default="")
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env("MEDIA_ENDPOINT_URL", default=None),
            "access_key": env("MEDIA_ACCESS_KEY", default=None),
            "secret_key": env("MEDIA_SECRET_KEY", default=None),
            "region_name": env("MEDIA_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("MEDIA_LINK_SECONDS", default=3600),
            "file_overwrite": False,
        },
    }

# A hook for checking a rater (for example by SMS code) before a pledge rating counts:
# the dotted path of a callable taking the request and returning True to let it through.
PLEDGE_RATING_VERIFIER = env("PLEDGE_RATING_VERIFIER", default="")

# A need on the demand list closes when its project is completed and this many residents have
# rated the project (the same verified ratings as the pledges').
NEED_CLOSING_RATINGS = env.int("NEED_CLOSING_RATINGS", default=3)

# Map tiles: OpenStreetMap by default; set a Tianditu or AMap URL (with its key) to switch.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="© OpenStreetMap contributors")

# Extra image sources for the Content-Security-Policy (the tile server's origin is added from
# MAP_TILE_URL), comma-separated, e.g. https://webrd01.is.autonavi.com.
CSP_EXTRA_IMG_SRC = env.list("CSP_EXTRA_IMG_SRC", default=[])
# Scripts only from the portal's own static files: no inline script, no other origin
# (django-csp's CSPMiddleware). The Swagger UI page (/api/docs/) starts itself with an inline
# script and is exempt (config/urls.py); a response with a policy of its own keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Leaflet and the admin set style attributes; no script can run from a style.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", tile_source(MAP_TILE_URL), *CSP_EXTRA_IMG_SRC],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# The 15-minute walk: minutes, walking speed (metres a minute) and how much longer than a
# straight line real streets make the way.
WALK_MINUTES = env.int("WALK_MINUTES", default=15)
WALK_SPEED_M_PER_MIN = env.float("WALK_SPEED_M_PER_MIN", default=80.0)
WALK_DETOUR_FACTOR = env.float("WALK_DETOUR_FACTOR", default=1.25)
# The upload policy (common/uploads.py): the largest file each kind of upload may be. Types
# are told by content; pictures are re-encoded without EXIF/GPS; stored names are random.
SITE_PHOTO_MAX_BYTES = env.int("SITE_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
PLEDGE_PHOTO_MAX_BYTES = env.int("PLEDGE_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
SUMMONS_PHOTO_MAX_BYTES = env.int("SUMMONS_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
MEETING_PHOTO_MAX_BYTES = env.int("MEETING_PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# A picture with more pixels than this is refused before it is decoded.
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
# Files residents may fetch without signing in (public_media, or the web server in front:
# deploy/nginx.conf); evidence, pledge photos and imports stay behind their scoped views.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
PUBLIC_MEDIA_PREFIXES = ("sites/", "announcements/")
# Spreadsheet imports (exchange/limits.py): the largest file, what a workbook (a zip) may
# unpack to, and the most rows and columns taken at once. Checked before anything parses it.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_ZIP_MEMBERS = env.int("IMPORT_MAX_ZIP_MEMBERS", default=200)
IMPORT_MAX_PACKING_RATIO = env.int("IMPORT_MAX_PACKING_RATIO", default=100)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=60)
# How long the running month's dashboard figures are kept (months that are over: a day).
DASHBOARD_CACHE_CURRENT = env.int("DASHBOARD_CACHE_CURRENT", default=300)
# Every admin list exports to these formats (django-import-export).
EXPORT_FORMATS = [XLSX, CSV]

# Hours a service request may take, by category (others: 72); SLA lights follow from them.
SERVICE_REQUEST_SLA_HOURS = {"elderly": 24, "repair": 48, "health": 48}

# The street shown at "/" when the database holds more than one.
PORTAL_DEFAULT_STREET = env("PORTAL_DEFAULT_STREET", default="")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    # The container health check calls /healthz over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
