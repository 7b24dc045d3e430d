"""Settings shared by every environment; values come from the environment.

With no ``DATABASE_URL`` / ``REDIS_URL`` an embedded PostgreSQL / Redis is started under
``.data/`` (see ``bureau.embedded``). ``production.py`` and ``test.py`` adjust this module.
"""

from datetime import timedelta
from pathlib import Path

import environ

from bureau import embedded

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# Where the embedded PostgreSQL and Redis keep their data (used only without DATABASE_URL / REDIS_URL).
DATA_DIR = Path(env.str("BUREAU_DATA_DIR", default=str(BASE_DIR / ".data")))

DEBUG = env.bool("DEBUG", default=True)
# Development only: production.py refuses to start without a real SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# seed_demo creates accounts with a published password; production.py turns this off.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)

INSTALLED_APPS = [
    "bureau.accounts",
    "bureau.regions",
    "bureau.core",
    "bureau.notices",
    "bureau.publicity",
    "bureau.inbox",
    "enterprises",
    "enterprises.certification",
    "projects",
    "contracts",
    "talent",
    "reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_fsm",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_htmx",
    "import_export",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "bureau.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bureau.urls"
WSGI_APPLICATION = "bureau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bureau.core.context_processors.portal",
            ],
        },
    },
]

# --- Database and Redis -------------------------------------------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    try:
        DATABASES = {"default": env.db_url_config(embedded.postgres_url(DATA_DIR))}
    except embedded.ServiceUnavailable as exc:
        embedded.exit_with(str(exc))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    try:
        REDIS_URL = embedded.redis_url(DATA_DIR)
    except embedded.ServiceUnavailable as exc:
        embedded.exit_with(str(exc))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "bureau",
        "TIMEOUT": 300,
    }
}

# --- Users, login and throttling ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# AxesBackend first: it refuses locked-out logins and, being a ModelBackend too, serves
# ``get_user`` for sessions made by ``force_login``. Its ``authenticate`` only checks the
# lockout, so ModelBackend must follow to check the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lock an account + address pair for 15 minutes after 5 failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# How many reverse proxies of our own sit in front of the web process; their
# X-Forwarded-For entries are believed for rate limits (0: use REMOTE_ADDR only).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Static and media ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Vendor assets come from npm at set-up (node_modules is git-ignored), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("vendor/echarts", BASE_DIR / "node_modules/echarts/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="株洲市科学技术局 <noreply@kjj.example.gov.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The bureau this installation serves --------------------------------------------
PORTAL = {
    "BUREAU_NAME": env.str("BUREAU_NAME", default="株洲市科学技术局"),
    "PORTAL_NAME": env.str("PORTAL_NAME", default="科技政务服务平台"),
    "CITY_CODE": env.str("CITY_CODE", default="430200"),
    "ADDRESS": env.str("BUREAU_ADDRESS", default="湖南省株洲市天元区神农大道市政府大院"),
    "PHONE": env.str("BUREAU_PHONE", default="0731-28688000"),
    "ICP": env.str("BUREAU_ICP", default="湘ICP备00000000号"),
    # Links in e-mails are made absolute with this address.
    "BASE_URL": env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000"),
}
# Days a public notice (公示) stays open by default, in working days.
PUBLICITY_DEFAULT_WORKING_DAYS = 10

# --- REST API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "bureau.core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "bureau.core.api.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "科技政务服务平台 API",
    "DESCRIPTION": "市科技局政务服务平台的 REST 接口（/api/v1/）。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Several models have a ``status`` field and contracts two party-nature fields; name
    # their enums so the schema does not carry hashed names (and check --deploy stays clean).
    "ENUM_NAME_OVERRIDES": {
        "NoticeStatusEnum": "bureau.notices.models.Notice.Status",
        "PublicityStatusEnum": "bureau.publicity.models.Publicity.Status",
        "ObjectionStatusEnum": "bureau.publicity.models.Objection.Status",
        "PartyNatureEnum": "contracts.models._choices.PARTY_NATURE_CHOICES",
    },
}

# --- Celery -------------------------------------------------------------------------
CELERY_BROKER_URL = embedded.celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 11 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
# Beat schedules are declared in code, each app in its own ``beat.py`` (``SCHEDULES``);
# ``sync_schedules`` (run after migrate) creates the missing ones and leaves the ones an
# administrator has edited in the admin alone.
# A worker is considered down when its last heartbeat is older than this.
WORKER_HEARTBEAT_STALE_SECONDS = 120

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
