"""The Celery app: JSON only, time limits and the database beat scheduler from settings."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings.base")

app = Celery("bureau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.import_modules.connect(sender=app, dispatch_uid="bureau-check-services")
def _check_services_at_start(**kwargs):
    """Stop a starting worker or beat with one line if the database or Redis is down.

    ``import_modules`` is sent once when a worker or beat starts, before either touches
    the broker or the database scheduler (``beat_init`` comes after beat has already read
    its schedule); importing this module, as the tests do, checks nothing.
    """
    from bureau.embedded import check_configured_services

    check_configured_services()
