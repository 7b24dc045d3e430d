"""Writes of the inbox: messages (消息) and to-dos (待办).

Every app tells people about work through these functions:

    notify(recipients=[user, ...], title="...", body="...", url="/...", actor=request.user)
        -> list[Message]   # in-app message + e-mail per each recipient's email_preference

    open_todo(title="...", url="/...", subject=obj, users=[...], role="county_staff",
              region=obj.region, department=None, due_on=date | None, actor=...)
        -> Todo            # a to-do addressed to named users and/or everyone holding `role`
                           # (narrowed to `region` / `department` when given)

    close_todos(subject=obj, actor=...) -> int   # close every open to-do about `subject`

    mark_read(actor=user, message_ids=[...] | None) -> int   # None: all the actor's unread

E-mail (run by the tasks in ``tasks.py``) may run twice without sending anything twice:
a message is claimed by setting ``emailed_at`` and a digest by its ``Digest`` row, each in
the same transaction as the e-mail is sent.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import User

from .models import Digest, Message, Todo


@transaction.atomic
def notify(*, recipients, title: str, body: str = "", url: str = "", actor=None) -> list[Message]:
    """Send an in-app message to each recipient; e-mail those who want it at once."""
    seen: set[int] = set()
    messages = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        messages.append(
            Message(
                recipient=user,
                title=str(title)[:200],
                body=str(body),
                url=url or "",
                actor=actor if getattr(actor, "pk", None) else None,
            )
        )
    created = Message.objects.bulk_create(messages)
    immediate = [
        m.pk for m in created if m.recipient.email and m.recipient.email_preference == User.EmailPreference.IMMEDIATE
    ]
    if immediate:
        from .tasks import send_message_emails

        transaction.on_commit(lambda: send_message_emails.delay(immediate))
    return created


@transaction.atomic
def open_todo(
    *,
    title: str,
    url: str,
    subject=None,
    users=(),
    role: str = "",
    region=None,
    department=None,
    due_on: date | None = None,
    actor=None,
) -> Todo:
    """Open a to-do for named ``users`` and/or everyone holding ``role`` (narrowed by region/department)."""
    users = [u for u in users if u is not None]
    if not users and not role:
        raise ValueError("A to-do needs users or a role")
    todo = Todo(
        title=str(title)[:200],
        url=url,
        role=str(role or ""),
        region=region,
        department=department,
        due_on=due_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if subject is not None:
        todo.content_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
        todo.object_id = subject.pk
    todo.full_clean(exclude=["users"])
    todo.save()
    if users:
        todo.users.set(users)
    return todo


@transaction.atomic
def close_todos(*, subject, actor=None) -> int:
    """Close every open to-do about ``subject``; return how many were closed."""
    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    return (
        Todo.objects.open()
        .filter(content_type=content_type, object_id=subject.pk)
        .update(closed_at=timezone.now(), closed_by=actor if getattr(actor, "pk", None) else None)
    )


@transaction.atomic
def mark_read(*, actor, message_ids=None) -> int:
    """Mark the actor's messages read (all unread ones when ``message_ids`` is None)."""
    qs = Message.objects.for_user(actor).unread()
    if message_ids is not None:
        qs = qs.filter(pk__in=list(message_ids))
    return qs.update(read_at=timezone.now())


# --- E-mail ---------------------------------------------------------------------

# A digest lists at most this many to-dos; the rest are counted and linked.
DIGEST_TODOS = 50


def _absolute(url: str) -> str:
    base = settings.PORTAL.get("BASE_URL", "").rstrip("/")
    return f"{base}{url}" if url.startswith("/") and base else url


def _footer() -> list[str]:
    return [
        "",
        "—— " + settings.PORTAL["BUREAU_NAME"] + " · " + settings.PORTAL["PORTAL_NAME"],
        _("本邮件由系统自动发送，请勿直接回复。如需更改邮件通知方式，请访问：%(url)s")
        % {"url": _absolute(reverse("accounts:preferences"))},
    ]


def email_messages(*, message_ids) -> int:
    """E-mail each message not yet e-mailed; return how many were sent.

    Safe to run twice: each message is claimed (``emailed_at``) in the transaction that sends it.
    """
    sent = 0
    for message_id in message_ids:
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(pk=message_id, emailed_at__isnull=True)
                .first()
            )
            if message is None or not message.recipient.email:
                continue
            message.emailed_at = timezone.now()
            message.save(update_fields=["emailed_at"])
            lines = [_("%(name)s，您好：") % {"name": message.recipient.display_name}, ""]
            if message.body:
                lines.append(message.body)
            if message.url:
                lines += ["", _("办理链接：") + _absolute(message.url)]
            send_mail(
                subject=f"[{settings.PORTAL['PORTAL_NAME']}] {message.title}",
                message="\n".join([*lines, *_footer()]),
                from_email=None,
                recipient_list=[message.recipient.email],
            )
            sent += 1
    return sent


def send_digest(*, user_id: int, day: date | None = None) -> bool:
    """E-mail one user's digest for ``day``; return whether one was sent.

    Lists the open to-dos and the unread messages not e-mailed before; sends nothing
    when there is neither, or when this day's digest was already sent.
    """
    day = day or timezone.localdate()
    with transaction.atomic():
        # Locking the user serialises two concurrent runs for the same person.
        user = User.objects.select_for_update().get(pk=user_id)
        if Digest.objects.filter(user=user, day=day).exists():
            return False
        pending = list(
            Message.objects.for_user(user)
            .unread()
            .filter(emailed_at__isnull=True)
            .order_by("created_at", "pk")
            .select_for_update()
        )
        todos = Todo.objects.open().for_user(user).order_by("due_on", "created_at", "pk")
        todo_count = todos.count()
        if not pending and not todo_count:
            return False
        lines = [_("%(name)s，您好：") % {"name": user.display_name}, ""]
        if todo_count:
            lines.append(_("您有待办事项 %(n)s 件：") % {"n": todo_count})
            for todo in todos[:DIGEST_TODOS]:
                due = _("（期限 %(d)s）") % {"d": f"{todo.due_on:%Y-%m-%d}"} if todo.due_on else ""
                overdue = _("【已逾期】") if todo.is_overdue else ""
                lines.append(f"  · {overdue}{todo.title}{due} {_absolute(todo.url)}")
            if todo_count > DIGEST_TODOS:
                lines.append(
                    _("  …… 其余 %(n)s 件请登录查看：%(url)s")
                    % {"n": todo_count - DIGEST_TODOS, "url": _absolute(reverse("inbox:index"))}
                )
            lines.append("")
        if pending:
            lines.append(_("新消息 %(n)s 条：") % {"n": len(pending)})
            for message in pending:
                lines.append(f"  · {message.title} {_absolute(message.url)}".rstrip())
            lines.append("")
        lines.append(_("进入待办与消息：%(url)s") % {"url": _absolute(reverse("inbox:index"))})
        Message.objects.filter(pk__in=[m.pk for m in pending]).update(emailed_at=timezone.now())
        Digest.objects.create(user=user, day=day, todo_count=todo_count, message_count=len(pending))
        send_mail(
            subject=_("[%(portal)s] %(day)s 待办与消息摘要")
            % {"portal": settings.PORTAL["PORTAL_NAME"], "day": f"{day:%Y-%m-%d}"},
            message="\n".join([*lines, *_footer()]),
            from_email=None,
            recipient_list=[user.email],
        )
    return True
