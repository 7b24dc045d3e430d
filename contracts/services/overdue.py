"""Report filings past their working-day limit to the bureau's leaders (逾期督办)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import Role, User
from bureau.inbox.services import notify, open_todo
from contracts.models import TechnologyContract


@transaction.atomic
def report_overdue(*, today: date | None = None) -> int:
    """Open a leader to-do for each newly overdue filing and send leaders one summary; return the count.

    Each filing is reported once (``overdue_reported_on``); the to-do closes by itself
    when the registrar decides the filing. Safe to run any number of times a day.
    """
    today = today or timezone.localdate()
    newly = list(
        TechnologyContract.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=TechnologyContract.Status.SUBMITTED, due_on__lt=today, overdue_reported_on__isnull=True)
        .select_related("office")
        .order_by("due_on", "pk")
    )
    if not newly:
        return 0
    for contract in newly:
        open_todo(
            title=_("逾期未办结：%(name)s（%(office)s，期限 %(due)s）")
            % {"name": contract.name, "office": contract.office, "due": contract.due_on.isoformat()},
            url=reverse("contracts:detail", args=[contract.pk]),
            subject=contract,
            role=Role.LEADER,
            due_on=contract.due_on,
        )
    TechnologyContract.objects.filter(pk__in=[c.pk for c in newly]).update(overdue_reported_on=today)
    leaders = User.objects.filter(groups__name=Role.LEADER, is_active=True)
    notify(
        recipients=leaders,
        title=_("技术合同登记逾期提醒：新增 %(n)s 件超过办理时限") % {"n": len(newly)},
        body="\n".join(f"{c.name}（{c.office}，期限 {c.due_on.isoformat()}）" for c in newly[:20]),
        url=reverse("contracts:overdue"),
    )
    return len(newly)
