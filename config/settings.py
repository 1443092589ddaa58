"""Entydig settings: one file, driven by the environment, safe defaults for a local SQLite demo."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # the embedded database, collected static files and uploads
VAR_DIR.mkdir(exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEMO_SECRET_KEY = "entydig-demo-secret-key-do-not-use-in-production"  # noqa: S105

DEBUG = _env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
# The demo logins (password "demo") exist only where this is on.
DEMO_MODE = _env_bool("DEMO_MODE", DEBUG)

if not DEBUG and SECRET_KEY == DEMO_SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY: the demo secret key cannot be used with DEBUG off.")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # serves the API docs' Swagger UI from its bundled static files (no CDN)
    "entydig.core",
    "entydig.accounts",
    "entydig.organisation",
    "entydig.budget",
    "entydig.catalogue",
    "entydig.goals",
    "entydig.monitoring",
    "entydig.meetings",
    "entydig.reports",
    "entydig.portfolio",
    "entydig.api",
    "entydig.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "entydig.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "entydig.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "entydig.core.middleware.ProductNotFoundMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'entydig.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# SQLite (the demo) lets one writer in at a time. A write waits up to `timeout` seconds for its turn (an import
# holds the write lock for a few seconds) instead of failing with "database is locked", and every transaction
# takes the write lock when it begins (IMMEDIATE): a transaction that first reads and then writes could not
# wait for it, since its read would be out of date by the time the lock came free.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def configure_sqlite(database: dj_database_url.DBConfig) -> dj_database_url.DBConfig:
    """A SQLite database entry as Entydig runs it (the tests of concurrent writes use it too)."""
    database["CONN_MAX_AGE"] = 0
    database.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return database


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    configure_sqlite(DATABASES["default"])

# Computed statuses and rendered goal dashboards, keyed by each plan's data stamp in the database, so this
# per-process cache is never stale (entydig/monitoring/cache.py): each server process computes a dashboard once
# per change of its plan's data.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, refusing demo users outside the demo settings at login and in existing sessions.
    "entydig.accounts.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: a user name from one address is locked out after five failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_SAVE_EVERY_REQUEST = True  # the age above works as an idle timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
# Third-party assets are served straight from the npm packages.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/vega", BASE_DIR / "node_modules" / "vega" / "build"),
    ("vendor/vega-lite", BASE_DIR / "node_modules" / "vega-lite" / "build"),
    ("vendor/vega-embed", BASE_DIR / "node_modules" / "vega-embed" / "build"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "entydig@example.dk")

# Entydig's own default, not the handbook's rule: the board-size advice appears above this many seated members. The
# handbook met boards of "9-16 medlemmer" and says the number "bør være lavere" (Entydig ledelse, "Bestyrelsen"),
# naming no maximum; a plan sets its own. Observers who chair a steering group do not count.
BOARD_MAX_MEMBERS = int(os.environ.get("BOARD_MAX_MEMBERS", "9"))

# Figures about fewer residents than this are never shown.
SUPPRESSION_THRESHOLD = 5

# Money (entydig/budget/rules.py; README, "Money"). The co-financing check advises; it never blocks an edit.
# LBF: "Der er krav om minimum 25 % lokal medfinansiering - oftest fra beliggenhedskommune og deltagende
# boligorganisationer. [...] Andre parter – fx fonde – kan supplere indsatsen." (lbf.dk, Boligsociale indsatser,
# "Organisation og økonomiske rammer", about the 2019-26-midlerne; the same 25 % on LBF's pages on applying for the
# 2011-14 and 2015-18 funds). The regulativ's own text (2019-26-midlerne) was not at hand to confirm the details.
BUDGET_LOCAL_MINIMUM = Decimal("0.25")
# LBF pays the rest: at most 75 %. Not found in LBF's own words; it follows from the 25 % above when LBF pays all
# that is not local (and "Landsbyggefonden kan finansiere op til 75 % af helhedsplanerne", aarhusvest.dk).
BUDGET_LBF_MAXIMUM = Decimal("0.75")
# The funders whose money counts as local co-financing. LBF names the municipality and the housing organisations;
# foundations "kan supplere" (supplement) and do not count here. Whether LBF would accept a foundation's money as
# local co-financing was not confirmed: add "fond" where the plan's agreement with LBF says so.
BUDGET_LOCAL_FUNDERS = tuple(
    f.strip() for f in os.environ.get("BUDGET_LOCAL_FUNDERS", "kommune,boligorganisation").split(",") if f.strip()
)
# Co-financing in kind (staff hours, premises) counts like cash unless this is off. LBF's texts at hand do not say
# either way: check the plan's agreement with LBF.
BUDGET_IN_KIND_COUNTS = _env_bool("BUDGET_IN_KIND_COUNTS", True)
# Entydig's own default, not a rule of LBF: a forecast this far (as a share of the year's budget) above or below the
# budget counts as a large over- or underspend (a finding for the board). The pages say it is Entydig's choice.
BUDGET_VARIANCE_THRESHOLD = Decimal(os.environ.get("BUDGET_VARIANCE_THRESHOLD", "0.20"))
# Entydig's own default, not a rule of the law: a list criterion this many percentage points or fewer from its
# threshold makes the area a suggested strategic question for the board. The suggestion says it is Entydig's choice.
LIST_NEAR_MARGIN_PP = Decimal(os.environ.get("LIST_NEAR_MARGIN_PP", "1.0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
