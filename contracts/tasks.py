"""Celery tasks of contract registration: thin, idempotent wrappers over services."""

from celery import shared_task


@shared_task(ignore_result=True)
def report_overdue_contracts():
    """Report newly overdue filings to leaders (each filing once)."""
    from .services import report_overdue

    return report_overdue()
