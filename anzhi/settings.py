"""Settings for Anzhi, read from the environment.

Defaults give a working single-office install on embedded SQLite under ``var/``.
``ANZHI_PRODUCTION=1`` turns on the production guards in ``anzhi.core.production``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ANZHI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_SECRET_KEY = "anzhi-insecure-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("ANZHI_PRODUCTION", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("生产环境不得开启 DEBUG (set DEBUG=0).")
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("生产环境必须设置足够长的 SECRET_KEY (default key refused).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "huey.contrib.djhuey",
    "anzhi.core",
    "anzhi.regions",
    "anzhi.accounts",
    "anzhi.registry",
    "anzhi.demo",
    "anzhi.planning",
    "anzhi.hazards",
    "anzhi.inspections",
    "anzhi.legalref",
    "anzhi.cases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "anzhi.urls"
WSGI_APPLICATION = "anzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anzhi.core.context_processors.navigation",
            ],
        },
    },
    {
        # The page frame and the enterprise list: see anzhi/core/jinja.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "anzhi" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "anzhi.core.jinja.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anzhi.core.context_processors.navigation",
            ],
        },
    },
]

SQLITE_PATH = VAR_DIR / "anzhi.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" \
        and os.environ.get("DB_PREPARED", "1") != "0":
    # Parameters bound by the server; statements prepared only where anzhi.core.statements
    # asks for it (a threshold no statement reaches by itself). DB_PREPARED=0 turns both
    # off (behind a transaction-mode pooler that cannot keep prepared statements).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True,
                                       "prepare_threshold": 2**31 - 1}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read; IMMEDIATE avoids
    # "database is locked" upgrades in the middle of a service transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["anzhi.accounts.backends.UserBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# One language whatever the browser asks for: Django's own messages (a refused login, a
# required field) must not turn English beside a Chinese page. No LocaleMiddleware, then.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "anzhi" / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

SESSION_ENGINE = "anzhi.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Background work: embedded SQLite queue by default; Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL")
HUEY = {
    "name": "anzhi",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# Imports larger than this many rows go to the background queue.
IMPORT_BACKGROUND_THRESHOLD = int(os.environ.get("ANZHI_IMPORT_BACKGROUND_THRESHOLD", "2000"))
API_TOKEN_TTL_HOURS = int(os.environ.get("ANZHI_API_TOKEN_TTL_HOURS", "12"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
