"""E-mail of inbox messages: at once or as a daily digest, per each user's choice.

Thin wrappers over ``services``; each may run twice without sending anything twice.
"""

from datetime import date

from celery import shared_task
from django.utils import timezone

from bureau.accounts.models import User

from . import services


@shared_task(ignore_result=True)
def send_message_emails(message_ids: list[int]):
    """E-mail the given messages to recipients who chose immediate e-mail."""
    services.email_messages(message_ids=message_ids)


@shared_task(ignore_result=True)
def send_daily_digests(day: str | None = None):
    """Send each daily-digest user one e-mail with their open to-dos and new messages."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    users = (
        User.objects.filter(is_active=True, email_preference=User.EmailPreference.DAILY_DIGEST)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for user_id in users.iterator():
        services.send_digest(user_id=user_id, day=today)
