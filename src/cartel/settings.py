"""Django settings for Cartel. Cartel's own knobs live in `cartel.conf`; this module only wires Django."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from cartel import conf

BASE_DIR = Path(__file__).resolve().parent

DEBUG = not conf.PRODUCTION
if conf.PRODUCTION and not conf.SECRET_KEY:
    raise RuntimeError("CARTEL_SECRET_KEY must be set when CARTEL_PRODUCTION is on.")


def _secret_key() -> str:
    """The configured key, or one generated once and kept beside the embedded database (demo and development)."""
    if conf.SECRET_KEY:
        return conf.SECRET_KEY
    path = conf.DATA_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in conf.ALLOWED_HOSTS.split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "cartel.jobs",
    "cartel.audit",
    "cartel.parties",
    "cartel.registry",
    "cartel.agreements",
    "cartel.exchanges",
    "cartel.remains",
    "cartel.tracing",
    "cartel.imports",
    "cartel.documents",
    "cartel.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cartel.parties.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cartel.parties.sessions.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cartel.parties.middleware.SecondFactorMiddleware",
    "cartel.parties.middleware.EditGuardMiddleware",
]

ROOT_URLCONF = "cartel.urls"
WSGI_APPLICATION = "cartel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cartel.web.context.navigation",
            ],
        },
    }
]


def _database(value: str) -> dict[str, object]:
    if "://" in value:
        db = dict(dj_database_url.parse(value, conn_max_age=60))
        db.setdefault("TEST", {})
        return db
    Path(value).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(Path(value).expanduser()),
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


DATABASES = {"default": _database(conf.DATABASE)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["cartel.parties.auth.LockoutBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("uk", "Українська"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = conf.DATA_DIR / "static"
MEDIA_ROOT = conf.DATA_DIR / "files"
DATA_UPLOAD_MAX_MEMORY_SIZE = conf.MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: strict CSP (no inline script, nothing from other origins), cookies, framing.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = conf.SESSION_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False  # saved once a minute of activity instead: cartel.parties.sessions
CSRF_COOKIE_HTTPONLY = True
if conf.PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # __Host- cookies: HTTPS only, this host only, whole site; no subdomain can set or read them.
    SESSION_COOKIE_NAME = "__Host-cartel_session"
    CSRF_COOKIE_NAME = "__Host-cartel_csrf"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"cartel": {"handlers": ["console"], "level": "INFO"}, "splink": {"level": "WARNING"}},
}
