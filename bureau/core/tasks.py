"""Core periodic tasks."""

import time

from celery import shared_task
from django.core.cache import cache

HEARTBEAT_KEY = "worker-heartbeat"


@shared_task(ignore_result=True)
def heartbeat():
    """Record that a worker is alive (read by /healthz)."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


@shared_task
def ping(value):
    """Echo ``value``: lets tests and operators prove a worker answers."""
    return value
