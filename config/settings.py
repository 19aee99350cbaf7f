"""Settings for Galeri Menong. Every value comes from the environment (12-factor)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-only-for-debug-mode")
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    "core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "django_ratelimit",
    "vendors",
    "products",
    "gallery",
    "orders",
    "backoffice",
    "training",
    "counter",
    "curation",
    "affiliates",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, already compressed, stop here
    "core.middleware.TextGZipMiddleware",
    # A phone that already holds the page gets a 304 and no body (ETag: PageETagMiddleware).
    "django.middleware.http.ConditionalGetMiddleware",
    "core.middleware.PageETagMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.BadInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    # Refused actions (core.limits) answer with the 429 page.
    "core.limits.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # Without explicit loaders Django caches parsed templates (DEBUG on or off).
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.site",
                "orders.context_processors.cart",
            ],
            "builtins": ["core.templatetags.rupiah"],
        },
    },
]

# Database: PostgreSQL in every real deployment. Embedded SQLite is only the `make run`
# fallback when DATABASE_URL is unset.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if env.bool("DATABASE_POOL", default=False):
        # psycopg's own pool; persistent connections must then stay off.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://galeri-menong")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage becomes cache misses and a log line, never a 500 (core.cache).
    CACHES["default"]["BACKEND"] = "core.cache.ResilientRedisCache"
# Entries that never change once written (keyed on the catalogue version) are remembered by each
# worker too, up to this many (core.pagecache.kept); the local-memory cache is its own memory.
_SHARED_CACHE = CACHES["default"]["BACKEND"] == "core.cache.ResilientRedisCache"
CACHE_MEMO_ENTRIES = env.int("CACHE_MEMO_ENTRIES", default=2000 if _SHARED_CACHE else 0)
# How long such an entry stays: the version invalidates it, so with a shared cache this only
# frees what nobody reads; each worker's own local-memory cache is at most this stale.
CACHE_KEPT_SECONDS = env.int("CACHE_KEPT_SECONDS", default=6 * 3600 if _SHARED_CACHE else 300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling: lock the (username, IP) pair so that an attacker hammering one account
# from one address never locks out a shopper elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttle.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind the reverse proxy the client address comes from X-Forwarded-For (see core.net).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

# Rate limits (core.limits) on actions that send a message, create an account or a record, or try
# a password: "count/period" (period s, m, h, d, or e.g. 15m), each counted in the shared cache
# (CACHE_URL) per client address and per target. Only POSTs count; logins and order lookups
# count only failures. Override any of them from the environment:
# RATE_LIMITS="signup.address=20/h,login.address=5/15m".
RATE_LIMITS = {
    "login.address": "10/15m",  # failed logins from one address, whatever the accounts
    "login.account": "30/h",  # failed logins on one account, whatever the addresses
    "signup.address": "10/h",
    "signup.email": "3/h",
    "vendor-register.address": "10/h",
    "vendor-register.email": "5/h",
    "password-reset.address": "10/h",
    "password-reset.email": "3/h",
    "verification.address": "10/h",  # "send the link again", shopper's and vendor's
    "verification.email": "5/h",
    "lookup.address": "10/15m",  # order lookups that found nothing
    "lookup.order": "10/15m",
    "checkout.address": "20/h",  # orders placed
    "checkout.phone": "10/h",
    "checkout.email": "10/h",
    "upload.address": "200/h",  # pictures sent from the vendor dashboard
    "upload.account": "100/h",
    **env.dict("RATE_LIMITS", default={}),
}
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
# A cache outage lets requests through (logged), never a 500 or a refusal.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "core.net.client_ip"
# django-ratelimit refuses LocMemCache (E003) and does not list Django's own RedisCache (W001),
# which increments atomically. Local memory is fine for one process (development, scripts, a
# single-worker site); `check --deploy` warns about it instead (core.checks), because several
# workers would each count apart.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]

# Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
# Dates and times written one way per language (`08.21`, `6 Desember 2026`): core/formats/.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Any S3-compatible bucket: AWS, MinIO, Cloudflare R2, IDCloudHost, ...
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Backups (`manage.py backup`): archives go to the bucket BACKUP_BUCKET when set (not the media
# bucket; the same credentials unless BACKUP_S3_ACCESS_KEY_ID is set), else to the local folder
# BACKUP_LOCATION, readable by the site's user only. The BACKUP_KEEP newest archives are kept.
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
BACKUP_BUCKET = env("BACKUP_BUCKET", default="")
if BACKUP_BUCKET:
    _backup_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BACKUP_BUCKET,
            "endpoint_url": env(
                "BACKUP_S3_ENDPOINT_URL", default=env("AWS_S3_ENDPOINT_URL", default=None)
            ),
            "region_name": env(
                "BACKUP_S3_REGION_NAME", default=env("AWS_S3_REGION_NAME", default=None)
            ),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if env("BACKUP_S3_ACCESS_KEY_ID", default=""):
        _backup_storage["OPTIONS"]["access_key"] = env("BACKUP_S3_ACCESS_KEY_ID")
        _backup_storage["OPTIONS"]["secret_key"] = env("BACKUP_S3_SECRET_ACCESS_KEY")
else:
    _backup_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(env.path("BACKUP_LOCATION", default=BASE_DIR / "backups")),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }

STORAGES = {
    "default": _media_storage,
    "backups": _backup_storage,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Uploads: images are at most 10 MB each; a request never carries more than a few.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=10)
FILE_UPLOAD_PERMISSIONS = 0o644

# Email.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Galeri Menong <noreply@galerimenong.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A slow mail server must not hold a request (or a worker) for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# Background work (every email): a queue in our own PostgreSQL, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASK_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# A failed email is tried again after 1, 2, 4 ... minutes, this many times in all, then waits
# for staff to send it again from the admin.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=60)

# Security. Production defaults are strict; DEBUG relaxes only what breaks plain-HTTP development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "core.sessions"
# Sessions stay in the database and are read through the cache when the cache is shared by every
# worker (Redis): a per-process memory cache would hand one worker a copy another has changed.
SESSION_READ_FROM_CACHE = env.bool(
    "SESSION_READ_FROM_CACHE",
    default=CACHES["default"]["BACKEND"] == "core.cache.ResilientRedisCache",
)
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_IMG_SRC", default=[])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Logs go to stdout as one line each; the request id ties the lines of one request together.
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# Who is emailed about every server error (500): "Dewi <dewi@example.org>,ops@example.org".
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip("> ").strip())
    for address in env.list("ADMINS", default=[])
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.logging.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s",
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["request_id"],
        },
        # The report carries the request id, so it leads to the request's log lines.
        "mail_admins": {
            "class": "core.logging.QueuedAdminEmailHandler",
            "level": "ERROR",
            "formatter": "line",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own "django" logger, whose reports would lack the request id.
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Its DEBUG lines dump whole template contexts: phone numbers, form tokens.
        "django.template": {"level": "INFO"},
    },
}

# Optional error reporting to Sentry, personal data scrubbed (core.errors).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from core.errors import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=""),
    )

# The gallery's own settings.
ORDER_PICKUP_WINDOW_DAYS = env.int("ORDER_PICKUP_WINDOW_DAYS", default=3)
# A shift whose counted cash is further than this (Rupiah) from the expected cash waits for a
# supervisor's approval.
COUNTER_CASH_DIFFERENCE_LIMIT = env.int("COUNTER_CASH_DIFFERENCE_LIMIT", default=10_000)
# Food batches expiring within this many days are listed as near expiry.
NEAR_EXPIRY_DAYS = env.int("NEAR_EXPIRY_DAYS", default=30)
# Affiliates (affiliates/): an order placed within AFFILIATE_WINDOW_DAYS of following a share
# link earns its affiliate AFFILIATE_COMMISSION_PERCENT of the eligible lines once collected
# (staff may set a rate per category), paid out of the gallery's commission. Clicks past
# AFFILIATE_CLICKS_PER_ADDRESS_PER_DAY from one address in a day are recorded but not counted.
AFFILIATE_WINDOW_DAYS = env.int("AFFILIATE_WINDOW_DAYS", default=7)
AFFILIATE_COMMISSION_PERCENT = env.str("AFFILIATE_COMMISSION_PERCENT", default="2")
AFFILIATE_CLICKS_PER_ADDRESS_PER_DAY = env.int("AFFILIATE_CLICKS_PER_ADDRESS_PER_DAY", default=20)
GALLERY_CONTACT_EMAIL = env("GALLERY_CONTACT_EMAIL", default="galerimenong@purwakartakab.go.id")
GALLERY_CONTACT_WHATSAPP = env("GALLERY_CONTACT_WHATSAPP", default="+6281200000134")
# Seconds a public page is kept for every visitor (core.pagecache); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Query parameters no page reads (links shared from ads, social media and newsletters): left
# out of the page cache's keys and of what views see. A trailing * matches a prefix.
PAGE_CACHE_IGNORED_PARAMETERS = env.list(
    "PAGE_CACHE_IGNORED_PARAMETERS",
    default=[
        "utm_*",
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "igshid",
        "igsh",
        "ttclid",
        "twclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "srsltid",
    ],
)
# Serve uploads from MEDIA_ROOT through the app (long-cached, nosniff) unless a proxy or a bucket
# does it.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
# The benchmark's baseline page (bench/run.py, `make bench`): routed only when this is on.
BENCH_BASELINE = env.bool("BENCH_BASELINE", default=False)
BENCH_BASELINE_BYTES = env.int("BENCH_BASELINE_BYTES", default=20_000)
