"""E-mail of inbox messages: at once or as a daily digest, per each user's choice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import User

from .models import Message, Todo


def _absolute(url: str) -> str:
    base = settings.PORTAL.get("BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


@shared_task(ignore_result=True)
def send_message_emails(message_ids: list[int]):
    """E-mail each message not yet e-mailed; safe to run twice (emailed_at is claimed first)."""
    for message_id in message_ids:
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=message_id, emailed_at__isnull=True)
                .first()
            )
            if message is None or not message.recipient.email:
                continue
            message.emailed_at = timezone.now()
            message.save(update_fields=["emailed_at"])
            body = message.body
            if message.url:
                body += "\n\n" + _("办理链接：") + _absolute(message.url)
            send_mail(
                subject=f"[{settings.PORTAL['PORTAL_NAME']}] {message.title}",
                message=body,
                from_email=None,
                recipient_list=[message.recipient.email],
            )


@shared_task(ignore_result=True)
def send_daily_digests():
    """Send each daily-digest user one e-mail with their open to-dos and new messages."""
    users = User.objects.filter(is_active=True, email_preference=User.EmailPreference.DAILY_DIGEST).exclude(email="")
    for user in users.iterator():
        send_digest(user.pk)


def send_digest(user_id: int) -> bool:
    """E-mail one user's digest; messages already e-mailed are not repeated. Return whether sent."""
    with transaction.atomic():
        user = User.objects.get(pk=user_id)
        pending = list(Message.objects.for_user(user).unread().filter(emailed_at__isnull=True).select_for_update())
        todos = list(Todo.objects.open().for_user(user).order_by("due_on", "created_at")[:50])
        if not pending and not todos:
            return False
        lines = [_("%(name)s，您好：") % {"name": user.display_name}, ""]
        if todos:
            lines.append(_("待办事项 %(n)s 件：") % {"n": len(todos)})
            for todo in todos:
                due = _("（期限 %(d)s）") % {"d": f"{todo.due_on:%Y-%m-%d}"} if todo.due_on else ""
                lines.append(f"  · {todo.title}{due} {_absolute(todo.url)}")
            lines.append("")
        if pending:
            lines.append(_("新消息 %(n)s 条：") % {"n": len(pending)})
            for message in pending:
                lines.append(f"  · {message.title} {_absolute(message.url)}".rstrip())
        Message.objects.filter(pk__in=[m.pk for m in pending]).update(emailed_at=timezone.now())
        send_mail(
            subject=_("[%(portal)s] 每日待办摘要") % {"portal": settings.PORTAL["PORTAL_NAME"]},
            message="\n".join(lines),
            from_email=None,
            recipient_list=[user.email],
        )
    return True
