"""Periodic tasks of the inbox (collected by ``bureau.core.schedules``)."""

from celery.schedules import crontab

SCHEDULES = {
    "daily-digest": {
        "task": "bureau.inbox.tasks.send_daily_digests",
        "schedule": crontab(hour=8, minute=0),
        "description": "每天 8:00 向选择了每日摘要的用户发送待办与消息摘要",
    },
}
