"""Production settings: no default secret, HTTPS only, static files from WhiteNoise.

The web process is meant to sit behind a TLS-terminating reverse proxy that sets
``X-Forwarded-Proto``; ``.env.example`` documents every variable read here.
"""

from bureau import embedded

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith(("dev-", "django-insecure")):
    # One line, not a traceback: the message is the whole fix.
    embedded.exit_with(
        "生产环境必须设置 SECRET_KEY（至少 50 个随机字符，不能使用开发用的默认值），可用以下命令生成："
        'python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    embedded.exit_with(
        "生产环境必须设置 ALLOWED_HOSTS（门户的域名，多个用逗号分隔），例如 ALLOWED_HOSTS=kjj.example.gov.cn"
    )

# The proxy terminates TLS and says so in X-Forwarded-Proto; only the proxy may reach
# the web port, or a client could claim HTTPS itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# collectstatic runs when the image is built; the manifest maps names to hashed files.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Port 465 servers want implicit TLS (EMAIL_USE_SSL), port 587 ones STARTTLS (EMAIL_USE_TLS).
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# A mail server that hangs must not hold a worker for the whole task time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# seed_demo refuses to run here unless given --allow-production (a trial installation).
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=False)
