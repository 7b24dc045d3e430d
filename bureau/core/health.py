"""Health of the services the portal depends on (used by /healthz)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .tasks import HEARTBEAT_KEY


def service_health() -> dict:
    """Return the state of the database, Redis and the Celery worker."""
    report = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report["database"] = {"ok": True}
    except Exception as exc:
        report["database"] = {"ok": False, "error": str(exc).splitlines()[0] if str(exc) else repr(exc)}
    try:
        last = cache.get(HEARTBEAT_KEY)
        report["redis"] = {"ok": True}
    except Exception as exc:
        last = None
        report["redis"] = {"ok": False, "error": str(exc).splitlines()[0] if str(exc) else repr(exc)}
    if not report["redis"]["ok"]:
        # The heartbeat lives in Redis: the worker's state is unknown, not "never seen".
        report["worker"] = {"ok": False, "error": "heartbeat unreadable: Redis is unreachable"}
    elif last is None:
        report["worker"] = {"ok": False, "error": "no heartbeat yet"}
    else:
        age = time.time() - float(last)
        report["worker"] = {
            "ok": age <= settings.WORKER_HEARTBEAT_STALE_SECONDS,
            "last_heartbeat_seconds_ago": round(age, 1),
        }
    report["ok"] = report["database"]["ok"] and report["redis"]["ok"]
    return report
