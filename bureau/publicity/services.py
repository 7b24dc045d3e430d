"""Writes of public notices (公示): publish a list, file and handle objections, close.

A publishing app calls:

    open_publicity(
        actor=staff, title="2026年第三批科技型中小企业入库公示", source="sme",
        columns=["企业名称", "所在县市区", "统一社会信用代码"],
        entries=[PublicityEntry(subject=evaluation, name=org.name, values=[...]), ...],
        body="...", department=staff.department, working_days=10,
    ) -> Publicity

``columns`` are the headers of the list and each entry's ``values`` the cells under them
(one per column, the name usually first); ``name`` identifies the line in the objection
form and on the staff pages.

The publishing app listens to ``bureau.publicity.signals.item_cleared`` / ``item_rejected``
(sent after commit with ``sender`` = the subject's model class) to move its own records on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import calendar
from bureau.core.errors import ActionNotPermitted, InvalidInput
from bureau.core.workflow import run_transition
from bureau.inbox.models import Todo
from bureau.inbox.services import close_todos, notify, open_todo

from . import signals
from .models import Objection, Publicity, PublicityItem, can_manage_publicity


@dataclass
class PublicityEntry:
    """One line to publish: the record it is about, its display name and one value per column."""

    subject: object
    name: str
    values: list = field(default_factory=list)


def period_end(starts_on: date, working_days: int) -> date:
    """Return the last day of a period of ``working_days`` working days starting on ``starts_on``."""
    return calendar.add_working_days(starts_on - timedelta(days=1), working_days)


@transaction.atomic
def open_publicity(
    *,
    actor,
    title: str,
    source: str,
    entries: list[PublicityEntry],
    columns: list[str] | None = None,
    body: str = "",
    department=None,
    starts_on: date | None = None,
    working_days: int | None = None,
    contact: str = "",
) -> Publicity:
    """Create a public notice of ``entries`` and publish it at once."""
    if not entries:
        raise InvalidInput(_("公示名单为空，无法发布公示。"))
    days = working_days or settings.PUBLICITY_DEFAULT_WORKING_DAYS
    start = starts_on or timezone.localdate()
    publicity = Publicity(
        title=title,
        body=body,
        source=source,
        department=department,
        columns=[str(c) for c in (columns or [])],
        starts_on=start,
        working_days=days,
        ends_on=period_end(start, days),
        contact=contact,
        created_by=actor,
    )
    publicity.full_clean()
    publicity.save()
    items = []
    for position, entry in enumerate(entries, start=1):
        items.append(
            PublicityItem(
                publicity=publicity,
                position=position,
                content_type=ContentType.objects.get_for_model(entry.subject, for_concrete_model=True),
                object_id=entry.subject.pk,
                name=str(entry.name)[:200],
                values=[_json_value(v) for v in entry.values],
            )
        )
    PublicityItem.objects.bulk_create(items)
    run_transition(obj=publicity, name="publish", actor=actor)
    return publicity


def _json_value(value):
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


@transaction.atomic
def withdraw_publicity(*, actor, publicity: Publicity, reason: str, expected_version: int | None = None) -> Publicity:
    """Withdraw a notice (e.g. published by mistake); its lines go back to the publishing app as held."""
    if not can_manage_publicity(actor):
        raise ActionNotPermitted(_("只有市局业务科室工作人员或系统管理员可以撤回公示。"))
    if not (reason or "").strip():
        raise InvalidInput(_("请填写撤回理由。"), fields={"comment": _("必填")})
    run_transition(obj=publicity, name="withdraw", actor=actor, comment=reason, expected_version=expected_version)
    publicity.items.update(outcome=PublicityItem.Outcome.HELD)
    close_todos(subject=publicity, actor=actor)
    return publicity


@transaction.atomic
def file_objection(
    *,
    publicity: Publicity,
    name: str,
    phone: str,
    content: str,
    item: PublicityItem | None = None,
    organization: str = "",
    email: str = "",
    actor=None,
    today: date | None = None,
) -> Objection:
    """Record an objection (异议) while the notice is open and ask its department to check it."""
    today = today or timezone.localdate()
    if publicity.status != Publicity.Status.OPEN or not (publicity.starts_on <= today <= publicity.ends_on):
        raise InvalidInput(_("该公示不在公示期内，不再受理异议。"))
    if item is not None and item.publicity_id != publicity.pk:
        raise InvalidInput(_("所选条目不属于该公示。"), fields={"item": _("请重新选择")})
    objection = Objection(
        publicity=publicity,
        item=item,
        name=name.strip(),
        organization=organization.strip(),
        phone=phone.strip(),
        email=email.strip(),
        content=content.strip(),
        filed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    objection.full_clean()
    objection.save()
    # The line's outcome is decided when the period ends, from all its objections.
    # One open to-do per notice is enough: it leads to every pending objection.
    if (
        not Todo.objects.open()
        .filter(content_type=ContentType.objects.get_for_model(Publicity), object_id=publicity.pk)
        .exists()
    ):
        open_todo(
            title=_("核查公示异议：%(title)s") % {"title": publicity.title},
            url=reverse("publicity:staff-detail", args=[publicity.pk]),
            subject=publicity,
            role="city_staff",
            department=publicity.department,
            due_on=calendar.add_working_days(today, 5),
            actor=None,
        )
    return objection


@transaction.atomic
def handle_objection(*, actor, objection: Objection, upheld: bool, reply: str) -> Objection:
    """Record staff's finding on an objection; after closing, a dismissed one clears its line."""
    if not can_manage_publicity(actor):
        raise ActionNotPermitted(_("只有市局业务科室工作人员或系统管理员可以核查异议。"))
    objection = (
        Objection.objects.select_for_update(of=("self",)).select_related("publicity", "item").get(pk=objection.pk)
    )
    if objection.status != Objection.Status.PENDING:
        raise InvalidInput(_("该异议已核查完毕，不能重复办理。"))
    if not reply.strip():
        raise InvalidInput(_("请填写核查意见，异议人将看到此意见。"), fields={"reply": _("必填")})
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.reply = reply.strip()
    objection.handled_by = actor
    objection.handled_at = timezone.now()
    objection.full_clean()
    objection.save(update_fields=["status", "reply", "handled_by", "handled_at"])
    publicity = objection.publicity
    if not publicity.objections.filter(status=Objection.Status.PENDING).exists():
        close_todos(subject=publicity, actor=actor)
    if publicity.status == Publicity.Status.CLOSED:
        _decide_items(publicity, [objection.item] if objection.item_id else list(publicity.items.all()))
    if objection.email:
        from .tasks import mail_objection_reply

        transaction.on_commit(lambda: mail_objection_reply.delay(objection.pk))
    if objection.filed_by_id:
        notify(
            recipients=[objection.filed_by],
            title=_("您对“%(title)s”提出的异议已核查") % {"title": publicity.title},
            body=objection.reply,
            url=publicity.get_absolute_url(),
            actor=actor,
        )
    return objection


@transaction.atomic
def close_publicity(*, publicity: Publicity, actor=None) -> Publicity:
    """End the period of ``publicity`` and decide each line by its objections."""
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if publicity.status != Publicity.Status.OPEN:
        return publicity
    run_transition(obj=publicity, name="close", actor=actor)
    _decide_items(publicity, list(publicity.items.all()))
    return publicity


def _decide_items(publicity: Publicity, items: list[PublicityItem]) -> None:
    """Set each line's outcome from its objections and tell the publishing app after commit."""
    whole = list(publicity.objections.filter(item__isnull=True).values_list("status", flat=True))
    for item in items:
        if item is None or item.outcome in (PublicityItem.Outcome.CLEARED, PublicityItem.Outcome.REJECTED):
            continue
        own = list(item.objections.values_list("status", flat=True))
        if Objection.Status.PENDING in whole + own:
            outcome = PublicityItem.Outcome.HELD
        elif Objection.Status.UPHELD in own:
            outcome = PublicityItem.Outcome.REJECTED
        else:
            # An objection upheld against the notice as a whole is for staff to act on
            # (withdraw and republish); it does not reject every line by itself.
            outcome = PublicityItem.Outcome.CLEARED
        if outcome == item.outcome:
            continue
        item.outcome = outcome
        item.save(update_fields=["outcome"])
        signal = {
            PublicityItem.Outcome.CLEARED: signals.item_cleared,
            PublicityItem.Outcome.REJECTED: signals.item_rejected,
        }.get(outcome)
        if signal is not None:
            model = item.content_type.model_class()
            transaction.on_commit(lambda s=signal, m=model, i=item: s.send(sender=m, item=i))


def mail_reply(*, objection_id: int) -> bool:
    """E-mail the finding on an objection to the objector once; return whether a mail was sent."""
    from django.core.mail import send_mail

    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("publicity", "item")
            .filter(pk=objection_id)
            .first()
        )
        if (
            objection is None
            or objection.status == Objection.Status.PENDING
            or not objection.email
            or objection.reply_mailed_at is not None
        ):
            return False
        subject = _("您对“%(title)s”提出的异议已核查") % {"title": objection.publicity.title}
        lines = [
            _("%(name)s：") % {"name": objection.name},
            "",
            _("您于 %(at)s 提出的异议（受理编号 %(no)s）已核查。")
            % {"at": timezone.localtime(objection.filed_at).strftime("%Y-%m-%d %H:%M"), "no": objection.receipt_no},
            _("核查结果：%(status)s") % {"status": objection.get_status_display()},
            _("核查意见：%(reply)s") % {"reply": objection.reply},
            "",
            settings.PORTAL["BUREAU_NAME"],
        ]
        send_mail(subject, "\n".join(lines), None, [objection.email])
        objection.reply_mailed_at = timezone.now()
        objection.save(update_fields=["reply_mailed_at"])
    return True


def close_expired(*, today: date | None = None) -> int:
    """Close every open notice whose period ended before ``today``; return how many."""
    today = today or timezone.localdate()
    closed = 0
    for publicity in Publicity.objects.filter(status=Publicity.Status.OPEN, ends_on__lt=today).only("pk"):
        close_publicity(publicity=publicity, actor=None)
        closed += 1
    return closed
