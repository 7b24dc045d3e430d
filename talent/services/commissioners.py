"""Science and technology commissioners (科技特派员): record them, log their service, end a term early."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.core.errors import InvalidInput, InvalidTransition

from ..models import Commissioner, CommissionerServiceLog
from ..rules.commissioners import CommissionerFacts, commissioner_problems, last_service_day
from ._common import (
    check_id_number,
    clean_or_raise,
    ensure_can_write,
    link_organization,
    locked_for_edit,
    require_region,
    set_fields,
)

COMMISSIONER_FIELDS = (
    "kind",
    "name",
    "id_number",
    "leader_name",
    "member_count",
    "organization_name",
    "region",
    "service_target",
    "field",
    "phone",
    "year",
    "service_from",
    "service_until",
    "note",
)

PROBLEMS = {
    "id_required": gettext_lazy("个人科技特派员须填写居民身份证号码。"),
    "individual_one": gettext_lazy("个人科技特派员的派出专业人员数应为1。"),
    "legal_person_three": gettext_lazy("法人科技特派员须派出不少于3名专业技术人员。"),
    "team_two": gettext_lazy("团队科技特派员的成员应不少于2人。"),
    "leader_required": gettext_lazy("法人或团队科技特派员须填写负责人。"),
}


def _fill(commissioner: Commissioner, data: dict) -> None:
    set_fields(commissioner, data, COMMISSIONER_FIELDS)
    commissioner.id_number = (commissioner.id_number or "").strip().upper()
    check_id_number(commissioner)
    if commissioner.member_count is None:
        commissioner.member_count = 1
    # A commissioner counts where it serves, seldom where its unit is: never guess the region.
    link_organization(commissioner, data, fill_region=False)
    require_region(commissioner, _("请选择服务的县市区（科技特派员按服务地统计，不按派出单位所在地）。"))
    if not commissioner.year and commissioner.service_from:
        commissioner.year = commissioner.service_from.year
    facts = CommissionerFacts(
        kind=commissioner.kind,
        member_count=commissioner.member_count,
        id_number=commissioner.id_number,
        leader_name=commissioner.leader_name or "",
    )
    problems = {name: str(PROBLEMS[code]) for name, code in commissioner_problems(facts).items()}
    if (
        commissioner.service_from
        and commissioner.service_until
        and commissioner.service_until < commissioner.service_from
    ):
        problems["service_until"] = _("服务期止不能早于服务期起。")
    if commissioner.ended_on and commissioner.service_from and commissioner.ended_on < commissioner.service_from:
        problems["service_from"] = _("服务已于 %(day)s 提前终止，服务期起不能晚于终止日期。") % {
            "day": commissioner.ended_on
        }
    if problems:
        raise InvalidInput(fields=problems)


@transaction.atomic
def create_commissioner(*, actor, data: dict) -> Commissioner:
    """Record a commissioner selected (选派) to serve a county or park for a term."""
    ensure_can_write(actor)
    commissioner = Commissioner()
    _fill(commissioner, data)
    ensure_can_write(actor, commissioner.region)
    clean_or_raise(commissioner)
    commissioner.save()
    return commissioner


@transaction.atomic
def update_commissioner(*, actor, commissioner: Commissioner, data: dict, expected: str | None = None) -> Commissioner:
    """Correct a commissioner's record; refused when someone changed it since ``expected``."""
    current = locked_for_edit(actor, commissioner, expected)
    _fill(current, data)
    ensure_can_write(actor, current.region)
    clean_or_raise(current)
    current.save()
    return current


@transaction.atomic
def add_service_log(*, actor, commissioner: Commissioner, data: dict) -> CommissionerServiceLog:
    """Record one service the commissioner gave (服务日志), within the term and not in the future."""
    ensure_can_write(actor, commissioner.region)
    log = CommissionerServiceLog(commissioner=commissioner, recorded_by=actor)
    set_fields(log, data, ("served_on", "place", "content", "people_served"))
    if log.people_served is None:
        log.people_served = 0
    served = log.served_on
    if served is not None:
        last = last_service_day(commissioner.service_until, commissioner.ended_on)
        if served > timezone.localdate():
            raise InvalidInput(fields={"served_on": _("服务日期不能晚于今天。")})
        if served < commissioner.service_from or served > last:
            raise InvalidInput(
                fields={
                    "served_on": _("服务日期应在服务期内（%(start)s 至 %(end)s）。")
                    % {"start": commissioner.service_from, "end": last}
                }
            )
    clean_or_raise(log)
    log.save()
    return log


@transaction.atomic
def end_commissioner_service(*, actor, commissioner: Commissioner, ended_on, reason: str = "") -> Commissioner:
    """End a term early (提前终止服务) as of ``ended_on``; the reason goes into the note."""
    current = Commissioner.objects.select_for_update().select_related("region").get(pk=commissioner.pk)
    ensure_can_write(actor, current.region)
    if current.ended_on is not None:
        raise InvalidTransition(_("该科技特派员的服务已于 %(day)s 终止。") % {"day": current.ended_on})
    if ended_on is None:
        raise InvalidInput(fields={"ended_on": _("请填写终止日期。")})
    if ended_on < current.service_from or ended_on > current.service_until:
        raise InvalidInput(
            fields={
                "ended_on": _("终止日期应在服务期内（%(start)s 至 %(end)s）。")
                % {"start": current.service_from, "end": current.service_until}
            }
        )
    if not reason.strip():
        raise InvalidInput(fields={"reason": _("请说明提前终止的原因。")})
    current.ended_on = ended_on
    text = _("%(day)s 提前终止：%(reason)s") % {"day": ended_on, "reason": reason.strip()}
    current.note = (f"{current.note}；{text}" if current.note else text)[:255]
    clean_or_raise(current)
    current.save()
    return current
