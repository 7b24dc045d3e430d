"""Periodic tasks of the reports app (collected by ``bureau.core.schedules``)."""

from datetime import timedelta

from celery.schedules import crontab

SCHEDULES = {
    "reports-rollup-current-year": {
        "task": "reports.tasks.refresh_current_year",
        "schedule": timedelta(minutes=15),
        "description": "每 15 分钟重算本年度各项指标汇总值（按区划、按月季半年年累计）",
    },
    "reports-rollup-full": {
        "task": "reports.tasks.refresh_rollups",
        "schedule": crontab(hour=2, minute=30),
        "description": "每天凌晨重算全部年度的指标汇总值",
    },
}
