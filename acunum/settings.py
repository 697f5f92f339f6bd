"""The one settings file. Every knob is an environment variable with a safe default.

With no environment variable at all, Acunum runs on SQLite in a per-user data directory,
so that `uv run acunum demo` works on a fresh laptop.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from acunum.lib.paths import data_dir

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value not in ("", "True", "False"):
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use 'True' or 'False'")
    return value == "True"


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Unexpected value {name}={value}, use a whole number") from None


def envdays(name: str, default: str) -> list[int]:
    """A comma-separated list of whole numbers of days, such as "3,7", in increasing order."""
    value = os.getenv(name, default)
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        days = []
    if (value.strip() and not days) or any(d <= 0 for d in days) or days != sorted(set(days)):
        raise ImproperlyConfigured(
            f"Unexpected value {name}={value}, use increasing whole numbers of days, such as 3,7"
        )
    return days


def envsecret(name: str) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker and systemd secrets)."""
    if path := os.getenv(f"{name}_FILE"):
        try:
            return Path(path).read_text().strip()
        except OSError as e:
            raise ImproperlyConfigured(f"Cannot read {name}_FILE={path}: {e.strerror}") from None
    return os.getenv(name, "")


def database_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(
            f"Unexpected ACUNUM_DATABASE_URL scheme {parts.scheme!r}, use postgres://"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": envint("ACUNUM_DB_CONN_MAX_AGE", "60"),
        "CONN_HEALTH_CHECKS": True,
    }


DATA_DIR = data_dir()

DEBUG = envbool("ACUNUM_DEBUG", "False")
SECRET_KEY = envsecret("ACUNUM_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ACUNUM_SECRET_KEY is not set. Set it (or ACUNUM_SECRET_KEY_FILE) to a long random "
            "string, or set ACUNUM_DEBUG=True on a development machine."
        )
    SECRET_KEY = "development-only-not-secret"

ALLOWED_HOSTS = os.getenv("ACUNUM_ALLOWED_HOSTS", "*" if DEBUG else "localhost,127.0.0.1").split(
    ","
)
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("ACUNUM_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# The public address, used in links printed or sent by email (convocations, QR cards).
SITE_URL = os.getenv("ACUNUM_SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "acunum.accounts",
    "acunum.programmes",
    "acunum.cycles",
    "acunum.attendance",
    "acunum.outbox",
    "acunum.documents",
    "acunum.evaluation",
    "acunum.workshops",
    "acunum.checklist",
    "acunum.traces",
    "acunum.usages",
    "acunum.plans",
    "acunum.quality",
    "acunum.complaints",
    "acunum.privacy",
    "acunum.site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "acunum.lib.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "acunum.lib.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "acunum.urls"
WSGI_APPLICATION = "acunum.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cycles:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

if url := os.getenv("ACUNUM_DATABASE_URL"):
    DATABASES = {"default": database_from_url(url)}
    # Tests build their own database next to the one named in the URL.
    DATABASES["default"]["TEST"] = {"NAME": os.getenv("ACUNUM_TEST_DATABASE_NAME") or None}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "acunum.sqlite3",
            "OPTIONS": {
                # WAL lets phones read while a write is in progress; IMMEDIATE takes the write
                # lock when a transaction starts, so two writers queue instead of failing midway.
                # synchronous=NORMAL: a commit is in the system's page cache when it returns, so
                # it survives the server being killed (bench/crash.py); only a power loss before
                # the next checkpoint's fsync could lose the last commits.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                # Seconds a writer waits for the lock before the request fails (503).
                "timeout": envint("ACUNUM_SQLITE_TIMEOUT", "20"),
            },
            # A file, not Django's shared in-memory database: that one locks whole tables and
            # answers "table is locked" at once instead of waiting, so tests with concurrent
            # requests would fail where the real file database queues them.
            "TEST": {"NAME": str(DATA_DIR / "test-acunum.sqlite3")},
            # Opening a SQLite connection (the pragmas, Django's SQL functions) costs more than
            # most requests' queries: each server thread keeps its own, as with PostgreSQL.
            "CONN_MAX_AGE": envint("ACUNUM_DB_CONN_MAX_AGE", "60"),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.getenv("ACUNUM_TIME_ZONE", "Europe/Paris")
# Public holidays of metropolitan France; "57", "67" or "68" adds Alsace-Moselle's two extra days.
HOLIDAYS_SUBDIVISION = os.getenv("ACUNUM_HOLIDAYS_SUBDIVISION", "")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves straight from the package: no collectstatic step on a trainer's laptop.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = os.getenv("ACUNUM_STATIC_ROOT") or None
MEDIA_ROOT = DATA_DIR / "media"

if "ACUNUM_SECURE_COOKIES" in os.environ:
    raise ImproperlyConfigured(
        "ACUNUM_SECURE_COOKIES is no longer read: remove it and set ACUNUM_HTTPS=True instead "
        "(secure cookies, HTTP redirected to HTTPS, HSTS)"
    )
# Served over HTTPS, usually behind a reverse proxy that terminates TLS: cookies travel only over
# HTTPS, plain HTTP is redirected, and browsers are told to come back over HTTPS only (HSTS, one
# year). Off by default: a trainer's laptop on a room's network has no certificate.
HTTPS = envbool("ACUNUM_HTTPS", "False")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = envint("ACUNUM_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0")
# Off by default: the OF's other sites under the same domain may not all speak HTTPS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("ACUNUM_HSTS_INCLUDE_SUBDOMAINS", "False")
# Preloading commits a whole domain to HTTPS in every browser for months: the domain owner's call
# (hstspreload.org), not a server default. Subdomains likewise, unless asked for above.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")
# Behind our own reverse proxy, the proxy is the client Django sees: its X-Forwarded-Proto says
# whether the browser used HTTPS, its X-Forwarded-For who the browser is (acunum/lib/proxy.py).
# Never set this without a proxy that writes both headers: anyone could write them.
BEHIND_PROXY = envbool("ACUNUM_BEHIND_PROXY", "False")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    MIDDLEWARE.insert(0, "acunum.lib.proxy.ForwardedForMiddleware")
SESSION_COOKIE_HTTPONLY = True
# A working day and its evening: a staff login on a shared or lost computer does not last.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: they send the form's csrfmiddlewaretoken field.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = os.getenv("ACUNUM_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_PORT = envint("ACUNUM_EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.getenv("ACUNUM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = envsecret("ACUNUM_EMAIL_PASSWORD")
    EMAIL_USE_TLS = envbool("ACUNUM_EMAIL_USE_TLS", "True")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.getenv("ACUNUM_DEFAULT_FROM_EMAIL", "acunum@localhost")
# The outbox's worker (acunum/outbox/worker.py) sends due emails every WORKER_INTERVAL seconds,
# in a thread of `acunum serve` unless ACUNUM_WORKER_IN_SERVE=False (then run `acunum worker`).
WORKER_IN_SERVE = envbool("ACUNUM_WORKER_IN_SERVE", "True")
WORKER_INTERVAL = envint("ACUNUM_WORKER_INTERVAL", "15")

# Questionnaires (acunum/evaluation): the cold satisfaction opens this many days after the last
# half-day; reminders go this many days after the invitation, to those who have not answered.
COLD_SATISFACTION_DAYS = envint("ACUNUM_COLD_SATISFACTION_DAYS", "90")
REMINDER_DAYS = envdays("ACUNUM_REMINDER_DAYS", "3,7")

# Personal data. A trainee's personal link stops working this many days after the cycle's last
# half-day (the cold satisfaction and the accompaniment's first months need it until then).
LINK_DAYS_AFTER_END = envint("ACUNUM_LINK_DAYS_AFTER_END", "365")
# The evidence of a training (attendance ledger, signatures, certificates, learning results) is
# kept this many years after the end of the year of its last half-day: 6 for the OPCOs' controls,
# 10 when European funds co-finance the action (reference: qualiopi-and-funding.md §5).
RETENTION_EVIDENCE_YEARS = envint("ACUNUM_RETENTION_EVIDENCE_YEARS", "6")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("ACUNUM_LOG_LEVEL", "WARNING")},
}
