"""Beat schedules declared in code (``settings.BEAT_SCHEDULES``) synced into the database.

A schedule missing from the database is created. One that exists is left as the
administrator last saved it (times, enabled flag), so a sync never wipes admin edits.
"""

from datetime import timedelta

from celery.schedules import crontab
from django.conf import settings
from django.db import transaction


def _schedule_kwargs(schedule):
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule

    if isinstance(schedule, timedelta):
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=int(schedule.total_seconds()), period=IntervalSchedule.SECONDS
        )
        return {"interval": interval}
    if isinstance(schedule, crontab):
        cron, _ = CrontabSchedule.objects.get_or_create(
            minute=schedule._orig_minute,
            hour=schedule._orig_hour,
            day_of_week=schedule._orig_day_of_week,
            day_of_month=schedule._orig_day_of_month,
            month_of_year=schedule._orig_month_of_year,
            timezone=settings.TIME_ZONE,
        )
        return {"crontab": cron}
    raise TypeError(f"Unsupported schedule: {schedule!r}")


@transaction.atomic
def sync_schedules() -> list[str]:
    """Create the declared schedules that are missing; return the names created."""
    from django_celery_beat.models import PeriodicTask

    existing = set(PeriodicTask.objects.filter(name__in=settings.BEAT_SCHEDULES).values_list("name", flat=True))
    created = []
    for name, entry in settings.BEAT_SCHEDULES.items():
        if name in existing:
            continue
        PeriodicTask.objects.create(
            name=name,
            task=entry["task"],
            description=entry.get("description", ""),
            **_schedule_kwargs(entry["schedule"]),
        )
        created.append(name)
    return created
