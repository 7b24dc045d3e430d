"""Writes of the inbox: messages (消息) and to-dos (待办).

Every app tells people about work through these functions:

    notify(recipients=[user, ...], title="...", body="...", url="/...", actor=request.user)
        -> list[Message]   # in-app message + e-mail per each recipient's email_preference

    open_todo(title="...", url="/...", subject=obj, users=[...], role="county_staff",
              region=obj.region, department=None, due_on=date | None, actor=...)
        -> Todo            # a to-do addressed to named users and/or everyone holding `role`
                           # (narrowed to `region` / `department` when given)

    close_todos(subject=obj, actor=...) -> int   # close every open to-do about `subject`
"""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from bureau.accounts.models import User

from .models import Message, Todo


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
