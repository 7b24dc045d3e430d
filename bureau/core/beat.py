"""Periodic tasks of the core (collected by ``bureau.core.schedules``)."""

from datetime import timedelta

SCHEDULES = {
    "worker-heartbeat": {
        "task": "bureau.core.tasks.heartbeat",
        "schedule": timedelta(seconds=30),
        "description": "写入工作进程心跳，供 /healthz 判断 Celery 是否在运行",
    },
}
