"""Settings: the environment is read once, here, and fails closed.

``THIDUA_ENV`` is one of ``production`` (the default when unset), ``demo``, ``development`` or
``test``; any other value refuses to start. Production fails loudly when a secret is missing; the
demo's relaxed defaults (DEBUG, a public SECRET_KEY, cookies over HTTP) apply only when a
non-production mode is chosen explicitly (``make demo``, ``make test`` and pytest choose theirs).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
ROOT_DIR = Path(os.environ.get("THIDUA_ROOT", Path.cwd()))
VAR_DIR = Path(os.environ.get("THIDUA_VAR", ROOT_DIR / "var"))

ENVIRONMENTS = ("production", "demo", "development", "test")
ENV = os.environ.get("THIDUA_ENV", "").strip() or "production"
if ENV not in ENVIRONMENTS:
    raise RuntimeError(
        f"THIDUA_ENV “{ENV}” không hợp lệ: dùng một trong {', '.join(ENVIRONMENTS)} "
        "(bỏ trống là production). Hệ thống không khởi động với chế độ không rõ.")
PRODUCTION = ENV == "production"


def _required(name: str, demo_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise RuntimeError(f"Thiếu biến môi trường {name} (bắt buộc khi THIDUA_ENV=production).")
    return demo_default


SECRET_KEY = _required("SECRET_KEY", "demo-only-insecure-key-do-not-use-in-production")
DEBUG = os.environ.get("DEBUG", "1" if ENV in ("demo", "development") else "0") == "1"
if PRODUCTION and DEBUG:
    raise RuntimeError("DEBUG=1 không được dùng khi THIDUA_ENV=production (lộ mã nguồn, cấu hình khi lỗi).")
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "thidua.web.middleware.RejectNulMiddleware",  # NUL in input → 400, never a database error
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.accounts.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thidua.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "thidua.web.middleware.RefusalMiddleware",  # refusals → the Vietnamese 403 page
    # Last: it turns a request that django-axes marked as locked out into our login page.
    "axes.middleware.AxesMiddleware",
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
# django-axes first (refuses a locked-out username before any password is checked), then Django's
# backend, loading the user's unit in the same query (every staff page shows and scopes by it).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "thidua.accounts.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
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
# Uploads and generated documents are private: no URL serves MEDIA_ROOT (not even in DEBUG, never the
# proxy); files are downloaded through views that check the object's scope (thidua.core.files).
MEDIA_URL = "/_private/"
MEDIA_ROOT = Path(os.environ.get("THIDUA_PRIVATE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "thidua.core.files.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# How file downloads reach the client: "" (Django streams them), "nginx" (X-Accel-Redirect to the
# internal location THIDUA_SENDFILE_PREFIX, docs/operator-guide.md) or "apache" (X-Sendfile).
THIDUA_SENDFILE = os.environ.get("THIDUA_SENDFILE", "")
THIDUA_SENDFILE_PREFIX = os.environ.get("THIDUA_SENDFILE_PREFIX", "/_private/")
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
# Only staff sign in: a session lasts a working day and ends when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("THIDUA_SESSION_HOURS", "9")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS in production: redirect plain HTTP, tell browsers to stay on HTTPS (HSTS). Behind a TLS
# proxy, THIDUA_PROXY_SSL_HEADER names the header the proxy sets (nginx: X-Forwarded-Proto https).
SECURE_SSL_REDIRECT = os.environ.get("THIDUA_SSL_REDIRECT", "1" if PRODUCTION else "0") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("THIDUA_HSTS_SECONDS", str(365 * 24 * 3600) if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("THIDUA_HSTS_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("THIDUA_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
_proxy_ssl = os.environ.get("THIDUA_PROXY_SSL_HEADER", "")
if _proxy_ssl:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl.upper().replace("-", "_"), "https")
# The client's address: REMOTE_ADDR, unless the request comes from one of THIDUA_TRUSTED_PROXIES and
# THIDUA_CLIENT_IP_HEADER is set (e.g. X-Real-IP, which our nginx overwrites). See core/net.py.
THIDUA_CLIENT_IP_HEADER = os.environ.get("THIDUA_CLIENT_IP_HEADER", "")
THIDUA_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("THIDUA_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
                          if p.strip()]

# Content-Security-Policy (django-csp): scripts only from our own static files, no inline script.
# Inline style attributes stay allowed (templates and the admin use them; they cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Security of staff accounts.
THIDUA_REQUIRE_2FA = os.environ.get("THIDUA_REQUIRE_2FA", "1" if PRODUCTION else "0") == "1"
THIDUA_LOCKOUT_THRESHOLD = int(os.environ.get("THIDUA_LOCKOUT_THRESHOLD", "5"))
THIDUA_LOCKOUT_MINUTES = int(os.environ.get("THIDUA_LOCKOUT_MINUTES", "15"))
# django-axes counts failed passwords and TOTP codes together, per username (from any address), in
# the database (row lock + F() increment); see accounts/lockout.py and docs/security.md.
AXES_FAILURE_LIMIT = "thidua.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "thidua.accounts.lockout.cool_off"
# Per username, whatever the address: an attacker spreading guesses over many addresses gets no more
# tries. Not per address (axes.W006): a province department behind one NAT address would lock itself
# out on a colleague's typos, and a wrong proxy setting would lock everybody (docs/security.md).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = False  # reset only once both factors passed (accounts.services.complete_login)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "thidua.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "thidua.core.net.client_ip"
AXES_VERBOSE = False
# django-otp: TOTP devices; a wrong code doubles the wait before the next try (on top of the lockout).
OTP_TOTP_ISSUER = "thidua"
OTP_TOTP_THROTTLE_FACTOR = 1
# Signed audit checkpoints (M3): the key file lives outside the database, readable only by the
# account that runs `thidua audit checkpoint` / `verify`; the checkpoint file is appended daily.
THIDUA_AUDIT_KEY_FILE = os.environ.get("THIDUA_AUDIT_KEY_FILE", "")
THIDUA_AUDIT_CHECKPOINT_FILE = os.environ.get("THIDUA_AUDIT_CHECKPOINT_FILE", "")
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
