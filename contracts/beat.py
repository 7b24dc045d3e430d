"""Periodic tasks of contract registration (collected by ``bureau.core.schedules``)."""

from celery.schedules import crontab

SCHEDULES = {
    "contracts-report-overdue": {
        "task": "contracts.tasks.report_overdue_contracts",
        "schedule": crontab(hour=8, minute=30),
        "description": "每天 8:30 将超过办理时限的技术合同登记报告局领导",
    },
}
