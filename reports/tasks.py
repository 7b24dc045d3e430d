"""Celery tasks of the reports app: thin, idempotent wrappers over the rollup."""

from celery import shared_task
from django.utils import timezone


@shared_task(ignore_result=True, soft_time_limit=30 * 60, time_limit=35 * 60)
def refresh_rollups(codes=None, region_ids=None, years=None):
    """Recompute the rollup rows of ``codes`` (all when None), narrowed to regions and years.

    Takes ids and codes only; running it twice leaves the same rows.
    """
    from reports.rollup import refresh

    result = refresh(codes=codes, region_ids=region_ids, years=years)
    return result.total_written


@shared_task(ignore_result=True, soft_time_limit=30 * 60, time_limit=35 * 60)
def refresh_current_year():
    """Recompute every indicator for this year (the frequent beat entry)."""
    return refresh_rollups(years=[timezone.localdate().year])
