"""Test settings: fast hashing, in-memory e-mail, eager Celery only inside unit tests."""

import os

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks inline; the broker test in tests/core/test_celery_worker.py
# switches this off and talks to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
AXES_ENABLED = True
MEDIA_ROOT = BASE_DIR / ".data" / "test-media"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Parallel test processes (pytest-xdist) share one Redis database: give each its own
# cache prefix, and a cache whose clear() removes only that prefix's keys.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
CACHES = {
    "default": {
        **CACHES["default"],  # noqa: F405
        "BACKEND": "bureau.core.cache.PrefixedRedisCache",
        "KEY_PREFIX": f"bureau-test-{_worker}",
    }
}
