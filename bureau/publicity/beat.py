"""Periodic tasks of public notices (collected by ``bureau.core.schedules``)."""

from celery.schedules import crontab

SCHEDULES = {
    "close-expired-publicity": {
        "task": "bureau.publicity.tasks.close_expired",
        "schedule": crontab(hour=0, minute=10),
        "description": "公示期满后自动结束公示",
    },
}
