"""Celery tasks of certification: thin, idempotent wrappers over services."""

from celery import shared_task
from django.utils import timezone


@shared_task
def send_reminders():
    """Send the day's certificate-expiry, annual-report and SME re-evaluation reminders (once each)."""
    from .services.reminders import send_all

    return send_all()


@shared_task
def refresh_cultivation(year: int | None = None):
    """Rebuild the cultivation rollup of ``year`` (this year by default)."""
    from .services.pipeline import refresh_cultivation as refresh

    return refresh(year=year or timezone.localdate().year)
