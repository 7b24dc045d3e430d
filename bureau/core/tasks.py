"""Core Celery tasks: the worker heartbeat and background jobs."""

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


@shared_task(ignore_result=True, soft_time_limit=55 * 60, time_limit=60 * 60)
def run_background_job(job_id: int):
    """Run a queued background job; a job already picked up is skipped (safe to run twice)."""
    from .jobs import run_job

    run_job(job_id)
