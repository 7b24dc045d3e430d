"""Periodic work of public notices."""

from celery import shared_task


@shared_task(ignore_result=True)
def close_expired():
    """Close the notices whose period has ended (idempotent: closed ones are skipped)."""
    from .services import close_expired as close

    return close()
