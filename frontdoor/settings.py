"""Front Door settings: one module, configured from environment variables.

Development defaults are safe to run on a laptop (SQLite under var/, the
database task backend, the console notification provider). Production
(`DJANGO_ENV=production`) refuses to start without a real secret key and
turns on every transport-security setting `manage.py check --deploy` asks for.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from frontdoor.core.cache_url import DEFAULT_CACHE_URL, cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FRONTDOOR_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

_DEV_SECRET = "django-insecure-development-only-key-not-for-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError("DJANGO_SECRET_KEY must be set to 50 or more random characters")

DEBUG = _env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "frontdoor.staff.admin_config.StaffAdminConfig",  # the admin signs in through the staff door
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "frontdoor.core",
    "frontdoor.catalogue",
    "frontdoor.people",
    "frontdoor.notifications",
    "frontdoor.cases",
    "frontdoor.feedback",
    "frontdoor.reporting",
    "frontdoor.inbox",
    "frontdoor.demo",
    "frontdoor.api",
    "frontdoor.web",
    "frontdoor.staff",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified once a second factor was given (staff sign-in).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "frontdoor.urls"
WSGI_APPLICATION = "frontdoor.wsgi.application"

TEMPLATES = [
    {
        # Resident pages: Jinja2 with the GOV.UK Frontend macros (govuk-frontend-jinja).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "frontdoor.web.jinja.environment",
            "autoescape": True,
            "context_processors": ["frontdoor.web.context.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontdoor.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker share the file without
    # "database is locked" errors; IMMEDIATE takes the write lock up front.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameters, and statements prepared after five uses: every
    # case write repeats the same few statements (Django leaves preparing off).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}

# The cache every server process shares: throttles, the double-submit guard and
# the API rate limit count here. The database by default (`manage.py
# createcachetable`), Redis for scale, `locmem://` for a single process only.
CACHE_URL = os.environ.get("CACHE_URL", DEFAULT_CACHE_URL)
CACHES = {"default": cache_from_url(CACHE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("FRONTDOOR_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Background work: Django's Tasks API. "db" keeps the task row in the same
# transaction as the data that caused it; "immediate" runs inline (scripts).
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
    "rq": "django_tasks_rq.RQBackend",
}
TASK_BACKEND = os.environ.get("FRONTDOOR_TASK_BACKEND", "db")
if TASK_BACKEND not in _TASK_BACKENDS:
    raise RuntimeError(f"FRONTDOOR_TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[TASK_BACKEND],
        "QUEUES": ["default"],
    }
}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASK_BACKEND == "rq":
    # For councils that outgrow one database: `manage.py rqworker --with-scheduler`.
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# Periodic work for `manage.py run_scheduler`: (task path, cron in Europe/London time).
# FRONTDOOR_SCHEDULE replaces the list: "path=cron; path=cron" (an empty value: no jobs).
_DEFAULT_SCHEDULE = [
    ("frontdoor.notifications.tasks.recover_outbox", "*/5 * * * *"),
    ("frontdoor.api.tasks.fan_out_webhooks", "* * * * *"),
    ("frontdoor.reporting.tasks.refresh_figures", "*/10 * * * *"),
    ("frontdoor.inbox.tasks.poll_mailbox", "* * * * *"),
    # Weekdays at eight, London time: the team leads' digest of overdue cases.
    ("frontdoor.cases.tasks.send_breach_digest", "0 8 * * 1-5"),
]


def _env_schedule(name: str, default: list[tuple[str, str]]) -> list[tuple[str, str]]:
    value = os.environ.get(name)
    if value is None:
        return default
    entries = [entry.split("=", 1) for entry in value.split(";") if entry.strip()]
    if any(len(entry) != 2 for entry in entries):
        raise RuntimeError(f"{name} entries look like dotted.task.path=*/5 * * * *")
    return [(path.strip(), cron.strip()) for path, cron in entries]


SCHEDULE = _env_schedule("FRONTDOOR_SCHEDULE", _DEFAULT_SCHEDULE)

# Notifications: which provider sends the outbox: "console" (development:
# console and var/outbox.log), "smtp" (Django's email backend) or "notify".
NOTIFY_PROVIDER = os.environ.get("FRONTDOOR_NOTIFY_PROVIDER", "console")
NOTIFY_OUTBOX_FILE = Path(os.environ.get("FRONTDOOR_NOTIFY_OUTBOX_FILE", VAR_DIR / "outbox.log"))
NOTIFY_CONSOLE = _env_bool("FRONTDOOR_NOTIFY_CONSOLE", True)
NOTIFY_API_KEY = os.environ.get("FRONTDOOR_NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get(
    "FRONTDOOR_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
NOTIFY_TIMEOUT_SECONDS = float(os.environ.get("FRONTDOOR_NOTIFY_TIMEOUT_SECONDS", "10"))
# One Notify template per channel, each with ((subject)) and ((body)) placeholders.
NOTIFY_TEMPLATE_IDS = {
    "email": os.environ.get("FRONTDOOR_NOTIFY_EMAIL_TEMPLATE_ID", ""),
    "sms": os.environ.get("FRONTDOOR_NOTIFY_SMS_TEMPLATE_ID", ""),
    "letter": os.environ.get("FRONTDOOR_NOTIFY_LETTER_TEMPLATE_ID", ""),
}
# The bearer token Notify sends with delivery receipts and received texts.
NOTIFY_CALLBACK_TOKEN = os.environ.get("FRONTDOOR_NOTIFY_CALLBACK_TOKEN", "")
NOTIFY_EMAIL_DOMAIN = os.environ.get("FRONTDOOR_NOTIFY_EMAIL_DOMAIN", "frontdoor.localhost")
NOTIFY_RETRY_BASE_SECONDS = float(os.environ.get("FRONTDOOR_NOTIFY_RETRY_BASE_SECONDS", "5"))
NOTIFY_RETRY_MAX_SECONDS = float(os.environ.get("FRONTDOOR_NOTIFY_RETRY_MAX_SECONDS", "3600"))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("FRONTDOOR_NOTIFY_MAX_ATTEMPTS", "12"))
# How long a worker may hold a message in "sending" before another may take it.
NOTIFY_LEASE_SECONDS = int(os.environ.get("FRONTDOOR_NOTIFY_LEASE_SECONDS", "120"))
# Called (message=, fallback=) in the transaction that fails a message: the case shows it.
NOTIFY_FAILURE_HANDLERS = _env_list(
    "FRONTDOOR_NOTIFY_FAILURE_HANDLERS",
    "frontdoor.cases.failed_messages.flag_case_of_failed_message",
)
# The shared secret the council mailbox's relay sends as a bearer token with inbound mail.
INBOUND_EMAIL_SECRET = os.environ.get("FRONTDOOR_INBOUND_EMAIL_SECRET", "")
# The council mailbox polled over IMAP (off while the host is empty): unseen mail is
# received like the webhook's, then flagged seen.
IMAP_HOST = os.environ.get("FRONTDOOR_IMAP_HOST", "")
IMAP_PORT = int(os.environ.get("FRONTDOOR_IMAP_PORT", "993"))
IMAP_SSL = _env_bool("FRONTDOOR_IMAP_SSL", True)
IMAP_USER = os.environ.get("FRONTDOOR_IMAP_USER", "")
IMAP_PASSWORD = os.environ.get("FRONTDOOR_IMAP_PASSWORD", "")
IMAP_FOLDER = os.environ.get("FRONTDOOR_IMAP_FOLDER", "INBOX")
IMAP_TIMEOUT_SECONDS = float(os.environ.get("FRONTDOOR_IMAP_TIMEOUT_SECONDS", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "frontdoor@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))

# The council this deployment serves. The admin can change the name, nation,
# colours, opening hours and closure days later; these seed a new database.
COUNCIL_NAME = os.environ.get("FRONTDOOR_COUNCIL_NAME", "London Borough of Havering (demo)")
COUNCIL_NATION = os.environ.get("FRONTDOOR_COUNCIL_NATION", "england-and-wales")
COUNCIL_DISTRICT_CODE = os.environ.get("FRONTDOOR_COUNCIL_DISTRICT_CODE", "E09000016")
REFERENCE_PREFIX = os.environ.get("FRONTDOOR_REFERENCE_PREFIX", "FD")
DUPLICATE_RADIUS_METRES = int(os.environ.get("FRONTDOOR_DUPLICATE_RADIUS_METRES", "50"))

# Open311: the jurisdiction this endpoint serves (the council's domain) and who to ask.
OPEN311_JURISDICTION = os.environ.get("FRONTDOOR_OPEN311_JURISDICTION", "havering.gov.uk")
OPEN311_CONTACT = os.environ.get(
    "FRONTDOOR_OPEN311_CONTACT", "Customer services, customer.services@example.org"
)
OPEN311_KEY_SERVICE = os.environ.get(
    "FRONTDOOR_OPEN311_KEY_SERVICE", "Ask customer services for an API key."
)

# Webhooks go only to public addresses unless this is set (development, tests).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = _env_bool("FRONTDOOR_WEBHOOKS_ALLOW_PRIVATE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The location map on "where is the problem?" (progressive enhancement: the
# latitude and longitude fields work without it). An empty tile URL turns it off.
MAP_TILE_URL = os.environ.get(
    "FRONTDOOR_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_ATTRIBUTION = os.environ.get(
    "FRONTDOOR_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
try:
    MAP_CENTRE = tuple(
        float(part) for part in os.environ.get("FRONTDOOR_MAP_CENTRE", "51.5779,0.2121").split(",")
    )
    MAP_ZOOM = int(os.environ.get("FRONTDOOR_MAP_ZOOM", "13"))
except ValueError as error:
    raise RuntimeError(
        "FRONTDOOR_MAP_CENTRE is LATITUDE,LONGITUDE; FRONTDOOR_MAP_ZOOM a whole number"
    ) from error
if len(MAP_CENTRE) != 2:
    raise RuntimeError("FRONTDOOR_MAP_CENTRE is LATITUDE,LONGITUDE, like 51.5779,0.2121")
# Tiles from another host: the policy lets images come from there ({s} is any subdomain).
_MAP_TILE_HOST = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
_MAP_TILE_SOURCES = (
    [f"{_MAP_TILE_HOST.scheme}://{_MAP_TILE_HOST.netloc}"] if _MAP_TILE_HOST.netloc else []
)

# A strict Content Security Policy: our own files only, and inline scripts or
# styles only with the per-request nonce (django-csp sets request.csp_nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_MAP_TILE_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}

# How long the staff dashboards keep figures over months in the shared cache; a refresh of
# the figures starts afresh (the key follows the summaries) and warms them.
FIGURES_CACHE_SECONDS = int(os.environ.get("FRONTDOOR_FIGURES_CACHE_SECONDS", "1800"))

# Guessing references on "track a case": attempts allowed per client per window.
TRACK_ATTEMPTS = int(os.environ.get("FRONTDOOR_TRACK_ATTEMPTS", "10"))
TRACK_WINDOW_SECONDS = int(os.environ.get("FRONTDOOR_TRACK_WINDOW_SECONDS", "900"))
# Guessing passwords: failed sign-ins allowed per account per window (four times
# as many per client address, which may be a whole library's network).
SIGN_IN_ATTEMPTS = int(os.environ.get("FRONTDOOR_SIGN_IN_ATTEMPTS", "5"))
SIGN_IN_WINDOW_SECONDS = int(os.environ.get("FRONTDOOR_SIGN_IN_WINDOW_SECONDS", "900"))

# Staff sign-in: failures allowed per username within the window before it locks
# (a client address gets four times as many across all names).
STAFF_SIGNIN_MAX_FAILURES = int(os.environ.get("FRONTDOOR_STAFF_SIGNIN_MAX_FAILURES", "5"))
STAFF_SIGNIN_WINDOW_SECONDS = int(os.environ.get("FRONTDOOR_STAFF_SIGNIN_WINDOW_SECONDS", "900"))
# The issuer name staff see in their authenticator app.
OTP_TOTP_ISSUER = os.environ.get("FRONTDOOR_OTP_ISSUER", "Front Door")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
