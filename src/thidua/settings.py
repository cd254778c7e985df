"""Settings: the environment is read once, here, with safe demo defaults.

Production (``THIDUA_ENV=production``) fails loudly when a secret is missing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
ROOT_DIR = Path(os.environ.get("THIDUA_ROOT", Path.cwd()))
VAR_DIR = Path(os.environ.get("THIDUA_VAR", ROOT_DIR / "var"))

ENV = os.environ.get("THIDUA_ENV", "demo")
PRODUCTION = ENV == "production"


def _required(name: str, demo_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise RuntimeError(f"Thiếu biến môi trường {name} (bắt buộc khi THIDUA_ENV=production).")
    return demo_default


SECRET_KEY = _required("SECRET_KEY", "demo-only-insecure-key-do-not-use-in-production")
DEBUG = os.environ.get("DEBUG", "0" if PRODUCTION else "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "thidua.core",
    "thidua.accounts",
    "thidua.audit",
    "thidua.org",
    "thidua.registry",
    "thidua.nominations",
    "thidua.decisions",
    "thidua.council",
    "thidua.movements",
    "thidua.documents",
    "thidua.reports",
    "thidua.portal",
    "thidua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.accounts.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thidua.web.middleware.RefusalMiddleware",  # refusals → the Vietnamese 403 page
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "thidua.web.context.navigation",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Django's backend, loading the user's unit in the same query (every staff page shows and scopes by it).
AUTHENTICATION_BACKENDS = ["thidua.accounts.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Import files above this size are refused with a message, before any parsing.
THIDUA_MAX_IMPORT_BYTES = int(os.environ.get("THIDUA_MAX_IMPORT_BYTES", str(20 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua@localhost")

# The cache holds the portal's pages and generation counter and the comment rate limit, so every
# app process must share it: THIDUA_CACHE_URL = redis://host:port/db | db:// | locmem://.
# Default: the database (table ``thidua_cache``, made by ``thidua migrate``) in production — shared by
# all gunicorn workers with no extra service —, the process's memory for the one-process demo.
THIDUA_CACHE_TABLE = "thidua_cache"


def _cache_from_url(url: str) -> dict[str, object]:
    scheme = url.split("://", 1)[0].lower() if "://" in url else url.lower()
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme in ("db", "database"):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": THIDUA_CACHE_TABLE,
                "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4}}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}}
    raise RuntimeError(f"THIDUA_CACHE_URL “{url}” không hợp lệ: dùng redis://máy:cổng/số, db:// hoặc locmem://.")


CACHES = {"default": _cache_from_url(os.environ.get("THIDUA_CACHE_URL", "db://" if PRODUCTION else "locmem://"))}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "THIDUA_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if not PRODUCTION
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# Security of staff accounts.
THIDUA_REQUIRE_2FA = os.environ.get("THIDUA_REQUIRE_2FA", "1" if PRODUCTION else "0") == "1"
THIDUA_LOCKOUT_THRESHOLD = int(os.environ.get("THIDUA_LOCKOUT_THRESHOLD", "5"))
THIDUA_LOCKOUT_MINUTES = int(os.environ.get("THIDUA_LOCKOUT_MINUTES", "15"))
THIDUA_PROVINCE = os.environ.get("THIDUA_PROVINCE", "lang_son")
# The address printed in certificates' QR codes (the public verification page lives under it).
THIDUA_PUBLIC_URL = os.environ.get("THIDUA_PUBLIC_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# WhiteNoise warns when STATIC_ROOT is missing; an empty folder is harmless.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
