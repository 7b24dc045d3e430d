"""Periodic tasks of certification (collected by ``bureau.core.schedules``)."""

from celery.schedules import crontab

SCHEDULES = {
    "certification-reminders": {
        "task": "enterprises.certification.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=30),
        "description": "每天 7:30 发送高企证书到期（前 6、3 个月）、高企年报（5 月）与科技型中小企业年度评价提醒",
    },
    "certification-cultivation-rollup": {
        "task": "enterprises.certification.tasks.refresh_cultivation",
        "schedule": crontab(hour=2, minute=15),
        "description": "每天 2:15 重新计算梯度培育各阶段企业及其差距（当年）",
    },
}
