"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from bureau.embedded import check_configured_services

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings.production")

application = get_wsgi_application()

# A server that is down is reported in one line, not as a traceback on every request.
# Exit code 3 is gunicorn's "worker failed to boot": its master then stops instead of
# starting new workers forever (with --preload the check runs once, in the master).
check_configured_services(exit_code=3)
