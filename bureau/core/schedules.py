"""Celery beat schedules declared in code and synced into django-celery-beat.

Each installed app may have a ``beat.py`` module with a ``SCHEDULES`` dict:

    SCHEDULES = {
        "daily-digest": {
            "task": "bureau.inbox.tasks.send_daily_digests",
            "schedule": crontab(hour=8, minute=0),   # or a timedelta
            "description": "...",
        },
    }

``sync_schedules`` (run after every ``migrate`` and by ``manage.py sync_schedules``)
creates the entries that are missing. An entry that already exists is left exactly as
it is, because an administrator may have edited it (times, enabled flag), so a sync
never wipes admin edits. Only the task path is corrected when the code renamed it.
"""

from datetime import timedelta
from importlib import import_module

from celery.schedules import crontab
from django.apps import apps
from django.conf import settings
from django.db import transaction


def declared_schedules() -> dict[str, dict]:
    """Return every app's declared schedules by name."""
    found: dict[str, dict] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.beat")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.beat":
                raise
            continue
        for name, entry in getattr(module, "SCHEDULES", {}).items():
            if name in found:
                raise ValueError(f"Beat schedule {name!r} is declared twice ({config.name})")
            found[name] = entry
    return found


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

    declared = declared_schedules()
    existing = {t.name: t for t in PeriodicTask.objects.filter(name__in=declared)}
    created = []
    for name, entry in declared.items():
        task = existing.get(name)
        if task is not None:
            if task.task != entry["task"]:
                task.task = entry["task"]
                task.save(update_fields=["task"])
            continue
        PeriodicTask.objects.create(
            name=name,
            task=entry["task"],
            description=entry.get("description", ""),
            **_schedule_kwargs(entry["schedule"]),
        )
        created.append(name)
    return created
