"""Services of public notices: objections, handling, closing (through Celery), outcomes, signals."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput
from bureau.core.models import TransitionLog
from bureau.inbox.models import Todo
from bureau.publicity import services, signals, tasks
from bureau.publicity.models import Objection, Publicity, PublicityItem
from enterprises.models import Organization
from tests.factories import CountyFactory, UserFactory

from .conftest import publish_list

pytestmark = pytest.mark.django_db


def objection(publicity, item=None, **overrides):
    values = {"name": "王某", "phone": "13800000000", "content": "该企业科技人员占比与实际不符，请核查。"}
    values.update(overrides)
    return services.file_objection(publicity=publicity, item=item, **values)


@pytest.fixture
def heard():
    """Connect receivers to the outcome signals for the test, as a publishing app would."""
    received = {"cleared": [], "rejected": []}

    def on_cleared(sender, item, **kwargs):
        received["cleared"].append((sender, item.object_id))

    def on_rejected(sender, item, **kwargs):
        received["rejected"].append((sender, item.object_id))

    signals.item_cleared.connect(on_cleared, sender=Organization)
    signals.item_rejected.connect(on_rejected, sender=Organization)
    yield received
    signals.item_cleared.disconnect(on_cleared, sender=Organization)
    signals.item_rejected.disconnect(on_rejected, sender=Organization)


def close_by_task(on: date, capture):
    """Run the beat task as Celery would (eagerly here) on day ``on``, running the on-commit hooks."""
    with capture(execute=True):
        original = timezone.localdate
        try:
            timezone.localdate = lambda *a, **k: on
            tasks.close_expired.delay()
        finally:
            timezone.localdate = original


# --- Opening --------------------------------------------------------------------------------


def test_open_publicity_counts_working_days_and_logs_publishing(city_staff):
    # From Monday 2026-09-28, 10 working days cross the National Day holiday (1-7 October):
    # 28, 29, 30 September, then 8, 9, 10 (the Saturday make-up day), 12, 13, 14, 15 October.
    publicity = publish_list(city_staff, starts_on=date(2026, 9, 28), working_days=10)
    assert publicity.status == Publicity.Status.OPEN
    assert publicity.ends_on == date(2026, 10, 15)
    assert publicity.items.count() == 3
    assert [row.transition for row in TransitionLog.objects.for_object(publicity)] == ["publish"]


def test_an_empty_list_is_refused(city_staff):
    with pytest.raises(InvalidInput):
        services.open_publicity(actor=city_staff, title="空公示", source="sme", entries=[])


# --- Objections -------------------------------------------------------------------------------


def test_objection_opens_one_todo_for_the_department(publicity):
    first = publicity.items.first()
    objection(publicity, first)
    objection(publicity, None, name="李某")
    todos = Todo.objects.open().filter(object_id=publicity.pk)
    assert todos.count() == 1
    assert todos.get().department == publicity.department


def test_objection_outside_the_period_is_refused(publicity):
    with pytest.raises(InvalidInput):
        objection(publicity, today=publicity.ends_on + timedelta(days=1))
    with pytest.raises(InvalidInput):
        objection(publicity, today=publicity.starts_on - timedelta(days=1))
    assert objection(publicity, today=publicity.ends_on).pk  # the last day still counts


def test_objection_on_a_line_of_another_notice_is_refused(publicity, city_staff):
    other = publish_list(city_staff, title="另一个公示")
    with pytest.raises(InvalidInput):
        objection(publicity, other.items.first())


def test_objection_needs_name_phone_and_content(publicity):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        objection(publicity, name=" ", phone="", content="")
    assert {"name", "phone", "content"} <= set(refused.value.message_dict)


@pytest.mark.parametrize("role", [Role.LEADER, Role.COUNTY_STAFF, Role.APPLICANT])
def test_only_city_staff_handle_objections(publicity, role):
    filed = objection(publicity)
    user = UserFactory(roles=[role], region=CountyFactory() if role == Role.COUNTY_STAFF else None)
    with pytest.raises(ActionNotPermitted):
        services.handle_objection(actor=user, objection=filed, upheld=True, reply="成立")
    assert Objection.objects.get(pk=filed.pk).status == Objection.Status.PENDING


def test_handling_needs_a_reply_and_happens_once(publicity, city_staff):
    filed = objection(publicity)
    with pytest.raises(InvalidInput):
        services.handle_objection(actor=city_staff, objection=filed, upheld=False, reply=" ")
    services.handle_objection(actor=city_staff, objection=filed, upheld=False, reply="经核查，企业材料属实。")
    with pytest.raises(InvalidInput):
        services.handle_objection(actor=city_staff, objection=filed, upheld=True, reply="改判")
    filed.refresh_from_db()
    assert (filed.status, filed.handled_by) == (Objection.Status.DISMISSED, city_staff)
    assert not Todo.objects.open().filter(object_id=publicity.pk).exists()  # nothing pending: to-do closed


def test_reply_is_mailed_once_to_an_objector_who_left_an_address(
    publicity, city_staff, django_capture_on_commit_callbacks
):
    filed = objection(publicity, email="wang@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.handle_objection(actor=city_staff, objection=filed, upheld=True, reply="异议成立，已取消该企业入库。")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wang@example.com"]
    assert "异议成立，已取消该企业入库。" in mail.outbox[0].body
    assert filed.receipt_no in mail.outbox[0].body
    assert tasks.mail_objection_reply.delay(filed.pk) is not None  # a second run sends nothing
    assert len(mail.outbox) == 1
    assert Objection.objects.get(pk=filed.pk).reply_mailed_at is not None


def test_objections_are_audited(publicity, city_staff):
    filed = objection(publicity)
    services.handle_objection(actor=city_staff, objection=filed, upheld=False, reply="不成立")
    assert list(filed.events.order_by("pgh_id").values_list("pgh_label", "status")) == [
        ("insert", "pending"),
        ("update", "dismissed"),
    ]


# --- Closing through the Celery task, outcomes and signals -----------------------------------


def test_close_expired_task_closes_only_ended_notices(city_staff, django_capture_on_commit_callbacks, heard):
    ended = publish_list(city_staff, starts_on=date(2026, 11, 2), working_days=5, title="已到期")
    running = publish_list(city_staff, starts_on=date(2026, 11, 20), working_days=10, title="公示中")
    assert ended.ends_on == date(2026, 11, 6)
    close_by_task(date(2026, 11, 7), django_capture_on_commit_callbacks)
    assert Publicity.objects.get(pk=ended.pk).status == Publicity.Status.CLOSED
    assert Publicity.objects.get(pk=running.pk).status == Publicity.Status.OPEN
    # With no objection, every line is cleared and its app hears it once.
    assert set(ended.items.values_list("outcome", flat=True)) == {PublicityItem.Outcome.CLEARED}
    assert sorted(heard["cleared"]) == sorted((Organization, i.object_id) for i in ended.items.all())
    # Running it again (beat may fire twice) changes nothing and says nothing.
    close_by_task(date(2026, 11, 7), django_capture_on_commit_callbacks)
    assert len(heard["cleared"]) == 3
    assert TransitionLog.objects.for_object(ended).filter(transition="close").count() == 1
    assert TransitionLog.objects.for_object(ended).get(transition="close").actor is None


def test_outcomes_follow_the_objections(city_staff, django_capture_on_commit_callbacks, heard):
    publicity = publish_list(city_staff, lines=4, starts_on=date(2026, 11, 2), working_days=5)
    upheld_line, dismissed_line, pending_line, quiet_line = publicity.items.order_by("position")
    on = date(2026, 11, 3)
    upheld = objection(publicity, upheld_line, today=on)
    dismissed = objection(publicity, dismissed_line, today=on)
    objection(publicity, pending_line, today=on)
    services.handle_objection(actor=city_staff, objection=upheld, upheld=True, reply="异议成立")
    services.handle_objection(actor=city_staff, objection=dismissed, upheld=False, reply="异议不成立")
    close_by_task(date(2026, 11, 9), django_capture_on_commit_callbacks)
    outcomes = dict(publicity.items.values_list("pk", "outcome"))
    assert outcomes == {
        upheld_line.pk: PublicityItem.Outcome.REJECTED,
        dismissed_line.pk: PublicityItem.Outcome.CLEARED,
        pending_line.pk: PublicityItem.Outcome.HELD,
        quiet_line.pk: PublicityItem.Outcome.CLEARED,
    }
    assert heard["rejected"] == [(Organization, upheld_line.object_id)]
    assert sorted(heard["cleared"]) == sorted(
        [(Organization, dismissed_line.object_id), (Organization, quiet_line.object_id)]
    )


def test_a_held_line_is_cleared_when_its_objection_is_dismissed_after_the_end(
    city_staff, django_capture_on_commit_callbacks, heard
):
    publicity = publish_list(city_staff, lines=2, starts_on=date(2026, 11, 2), working_days=5)
    line = publicity.items.order_by("position").first()
    late = objection(publicity, line, today=date(2026, 11, 6))
    close_by_task(date(2026, 11, 9), django_capture_on_commit_callbacks)
    line.refresh_from_db()
    assert line.outcome == PublicityItem.Outcome.HELD
    assert (Organization, line.object_id) not in heard["cleared"]
    with django_capture_on_commit_callbacks(execute=True):
        services.handle_objection(actor=city_staff, objection=late, upheld=False, reply="经核查不成立")
    line.refresh_from_db()
    assert line.outcome == PublicityItem.Outcome.CLEARED
    assert (Organization, line.object_id) in heard["cleared"]


def test_a_pending_objection_to_the_whole_notice_holds_every_line(
    city_staff, django_capture_on_commit_callbacks, heard
):
    publicity = publish_list(city_staff, lines=2, starts_on=date(2026, 11, 2), working_days=5)
    objection(publicity, None, today=date(2026, 11, 4))
    close_by_task(date(2026, 11, 9), django_capture_on_commit_callbacks)
    assert set(publicity.items.values_list("outcome", flat=True)) == {PublicityItem.Outcome.HELD}
    assert heard == {"cleared": [], "rejected": []}


def test_withdraw_needs_a_reason_holds_lines_and_closes_todos(publicity, city_staff, leader):
    objection(publicity)
    with pytest.raises(InvalidInput):
        services.withdraw_publicity(actor=city_staff, publicity=publicity, reason="")
    with pytest.raises(ActionNotPermitted):
        services.withdraw_publicity(actor=leader, publicity=publicity, reason="误发")
    services.withdraw_publicity(actor=city_staff, publicity=publicity, reason="名单有误，更正后重新公示。")
    publicity.refresh_from_db()
    assert publicity.status == Publicity.Status.WITHDRAWN
    assert set(publicity.items.values_list("outcome", flat=True)) == {PublicityItem.Outcome.HELD}
    assert not Todo.objects.open().filter(object_id=publicity.pk).exists()
    with pytest.raises(InvalidInput):
        objection(publicity)


def test_working_days_left_counts_today(city_staff, monkeypatch):
    publicity = publish_list(city_staff, starts_on=date(2026, 11, 23), working_days=10)
    assert publicity.ends_on == date(2026, 12, 4)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 23))
    assert publicity.working_days_left == 10
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 4))
    assert publicity.working_days_left == 1 and publicity.ends_today
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 5))
    assert publicity.working_days_left is None
