"""The demo data: last year's and this year's funded projects, an open call with qiye's work; idempotent."""

from io import StringIO

import pytest
from django.utils import timezone

from bureau.core import demo as core_demo
from bureau.inbox.models import Message, Todo
from bureau.regions.models import Region
from enterprises.models import Membership, Organization
from projects import demo
from projects.models import ProjectApplication, ProjectCall
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db

S = ProjectApplication.Status


@pytest.fixture
def seeded(db):
    core_demo.seed(StringIO())
    core_demo.seed_accounts()
    counties = list(Region.objects.counties())
    for i in range(30):
        Organization.objects.create(
            uscc=make_uscc(), name=f"演示企业{i}", region=counties[i % len(counties)], status="verified"
        )
    own = Organization.objects.create(
        uscc=make_uscc(), name=demo.DEMO_ENTERPRISE, region=counties[-1], status="verified"
    )
    from bureau.accounts.models import User

    Membership.objects.create(user=User.objects.get(username="qiye"), organization=own, is_admin=True)
    out = StringIO()
    demo.seed(out)
    return out.getvalue()


def _counts():
    return (
        ProjectCall.objects.count(),
        ProjectApplication.objects.count(),
        Message.objects.count(),
        Todo.objects.count(),
    )


def test_history_has_approved_projects_with_amounts_in_their_years(seeded):
    last = timezone.localdate().year - 1
    history = ProjectApplication.objects.filter(call__year=last)
    assert history.count() == 40
    assert history.values("call").distinct().count() == 3
    approved = history.filter(status=S.APPROVED)
    assert approved.count() == 16
    assert all(a.approved_on.year == last and a.approved_amount > 0 for a in approved)
    assert sorted(approved.values_list("project_number", flat=True)) == [f"ZZKJ{last}-{i:03d}" for i in range(1, 17)]
    assert history.values("region").distinct().count() >= 8
    assert set(history.values_list("source", flat=True)) == {"imported"}


def test_an_open_call_with_qiyes_draft_returned_and_waiting_applications(seeded):
    call = ProjectCall.objects.get(title__contains="第二批")
    assert call.is_open()
    qiye = ProjectApplication.objects.filter(call=call, organization__name=demo.DEMO_ENTERPRISE)
    assert set(qiye.values_list("status", flat=True)) == {S.DRAFT, S.RETURNED, S.SUBMITTED}
    assert qiye.get(status=S.RETURNED).return_reason
    others = ProjectApplication.objects.filter(call=call).exclude(organization__name=demo.DEMO_ENTERPRISE)
    assert others.filter(status=S.SUBMITTED).count() >= 3
    assert others.filter(status=S.ACCEPTED).count() == 1
    # The staff's and qiye's work reaches their inboxes.
    from bureau.accounts.models import User

    assert Todo.objects.open().for_user(User.objects.get(username="guihua")).count() >= 4
    assert Todo.objects.open().for_user(User.objects.get(username="qiye")).count() == 1
    # Numbers continue after this year's key R&D history.
    numbers = sorted(ProjectApplication.objects.filter(call=call).exclude(number=None).values_list("number", flat=True))
    assert numbers[0] == f"XM{call.year}-0021"


def test_a_second_run_adds_nothing(seeded):
    before = _counts()
    out = StringIO()
    demo.seed(out)
    assert _counts() == before
    assert "本次新增 0" in out.getvalue()
