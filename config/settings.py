"""Settings for the SEND Inspection Tracker.

One file; the environment decides what differs between a laptop and a server
(see .env.example). With no environment at all it runs on a local SQLite file.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.csp import GOVUK_JS_ENABLED_HASH, site_url_style, source_hash
from config.env import env_bool, env_int, env_list, env_str, release_of

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    "limits",
    "areas",
    "inspections",
    "progress",
    "alerts",
    "opendata",
    "operations",
    "letters",
    "national_data",
    "freshness",
    "public",
]
# Synthetic history for benchmarks (`manage.py generate_synthetic`): development only.
if DEBUG:
    INSTALLED_APPS.append("synthetic")

MIDDLEWARE = [
    # First: public pages are stored with every header the others add, and a page already
    # rendered for this version of the data is served (or answered 304) without running
    # them again. In production, config/wsgi.py serves such pages before Django does.
    "config.page_cache.PublicPageCache",
    # Next: pages are compressed as sent, and stored so; never one carrying a CSRF token.
    "config.compression.CompressPages",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Inside the page cache, so stored pages keep its Permissions-Policy header.
    "config.headers.SiteHeaders",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy: TRUSTED_PROXIES says how many
# stand in front (nginx alone: 1), so the lock-out, the sign-up limit and the mistake-report
# limit each key on the person's own address (limits/clients.py), never the proxy's.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "limits.clients.client_address"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "progress:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

# The site's address as the public reaches it: links in alert emails, feed ids, calendar UIDs,
# and the addresses a printed page writes after its links (the one inline style, below).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_HOST = urlsplit(SITE_URL).hostname or "localhost"
SITE_URL_STYLE = site_url_style(SITE_URL)

# The one inline style (the site's address, for printing) and the one inline script (GOV.UK's
# js-enabled snippet) run by their hashes, not a per-request nonce, so one rendering of a public
# page can be served to many.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, GOVUK_JS_ENABLED_HASH],
        "style-src": [SELF, source_hash(SITE_URL_STYLE)],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        # The import's review frames the uploaded PDF, served by this site (which alone
        # may frame it: see letters/admin_views.py).
        "frame-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "config.urls"

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
                "config.csp.inline_scripts",
                "config.context_processors.data_runs_to",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite unless DATABASE_URL says otherwise (postgres://user@host:port/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A persistent connection is checked before reuse, so the site recovers by itself
        # after the database restarts.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Officers saving at the same moment wait their turn instead of failing with "database is
    # locked": each transaction takes the write lock when it begins (so none has to give up
    # half-way), a writer waits up to 20 seconds for another to finish, and readers never
    # wait for writers (write-ahead log). One server and a few officers are fine on SQLite;
    # for several servers, or more than a handful of officers at once, use PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_SECONDS", 20),
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer (a network fault, a host gone) fails a connection in
    # seconds, and the visitor gets the 503 page, instead of holding a server thread for as
    # long as the operating system keeps trying.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )

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

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads waiting for an admin to confirm an import: never under MEDIA_ROOT, never served.
PENDING_IMPORTS_ROOT = Path(env_str("PENDING_IMPORTS_ROOT", str(BASE_DIR / "pending_imports")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis when REDIS_URL is set (shared by every worker: rate limits, rendered pages),
# otherwise each process's own memory, which is all `make run` needs.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    _cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": {**_cache, "KEY_PREFIX": "send-tracker"},
    # Rendered public pages (config/page_cache.py), under keys that change with the data, so
    # an entry is never stale: old ones expire after a day.
    "pages": {
        **_cache,
        "KEY_PREFIX": "send-tracker-pages",
        "TIMEOUT": 24 * 60 * 60,
        **({} if REDIS_URL else {"LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 2000}}),
    },
}
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
# Part of every cached page's key and ETag, so a new release never serves an old rendering.
RELEASE = env_str("RELEASE") or release_of(BASE_DIR)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tracker@localhost")

# The daily check for new reports (`manage.py check_for_new_reports`, the freshness app): the
# public outcomes table it reads, and how it fetches the table and each report's PDF.
OUTCOMES_TABLE_URL = env_str(
    "OUTCOMES_TABLE_URL", "https://data-to-insight.github.io/ofsted-send-scrape-tool/"
)
# Only report links starting with one of these are downloaded (the table is someone else's page).
REPORT_LINK_PREFIXES = env_list("REPORT_LINK_PREFIXES", default=["https://files.ofsted.gov.uk/"])
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 30)
FETCH_ATTEMPTS = env_int("FETCH_ATTEMPTS", 3)
FETCH_BACKOFF_SECONDS = env_int("FETCH_BACKOFF_SECONDS", 5)  # doubled after each failed try
REPORT_MAX_BYTES = env_int("REPORT_MAX_BYTES", 20 * 1024 * 1024)
TABLE_MAX_BYTES = env_int("TABLE_MAX_BYTES", 5 * 1024 * 1024)
# After this many days without a successful check, admins are told and pages stop saying the
# tracker is current.
CHECK_STALE_DAYS = env_int("CHECK_STALE_DAYS", 2)

# Served behind TLS in production: everything below only tightens when DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
# Only signed-in people have sessions: they last a working day, not Django's two weeks.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 60 * 60
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Errors (a 500's traceback, a 503's cause) and warnings (a page cache that is down) go to
# standard error, which gunicorn and systemd keep, when DEBUG is off: Django's own defaults then
# only email admins, who may not be set. (With DEBUG on, Django's console handler prints them.)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"production": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["production"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "WARNING")},
}
