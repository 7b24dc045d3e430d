"""Services of notices: drafting, publishing, withdrawing, stale edits, permissions, attachments."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.models import TransitionLog
from bureau.notices import services
from bureau.notices.models import Notice, NoticeAttachment
from tests.factories import CountyFactory, UserFactory

from .factories import CallFactory, NoticeFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<doc/>")
    return buffer.getvalue()


def draft(actor, **overrides):
    values = {"title": "关于开展2026年度企业研发投入统计填报工作的通知", "category": "notice", "body": "正文"}
    values.update(overrides)
    return services.create_notice(actor=actor, **values)


# --- Drafting --------------------------------------------------------------------------


def test_city_staff_drafts_a_notice_in_their_department(city_staff):
    notice = draft(city_staff)
    assert notice.status == Notice.Status.DRAFT
    assert notice.department == city_staff.department
    assert notice.created_by == city_staff
    assert notice.published_at is None


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COUNTY_STAFF, Role.LEADER, Role.EXPERT])
def test_only_city_staff_and_administrators_draft(role):
    user = UserFactory(roles=[role], region=CountyFactory() if role == Role.COUNTY_STAFF else None)
    with pytest.raises(ActionNotPermitted):
        draft(user)
    assert not Notice.objects.exists()


def test_administrator_may_draft():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assert draft(admin).status == Notice.Status.DRAFT


def test_a_call_needs_a_complete_ordered_window(city_staff):
    with pytest.raises(ValidationError) as missing:
        draft(city_staff, category="call")
    assert set(missing.value.message_dict) == {"apply_from", "apply_until"}
    with pytest.raises(ValidationError) as reversed_window:
        draft(city_staff, category="call", apply_from=date(2026, 12, 1), apply_until=date(2026, 11, 1))
    assert "不能早于" in reversed_window.value.message_dict["apply_until"][0]


def test_a_window_is_dropped_from_other_categories(city_staff):
    notice = draft(city_staff, category="policy", apply_from=date(2026, 11, 1), apply_until=date(2026, 12, 1))
    assert (notice.apply_from, notice.apply_until) == (None, None)


# --- Editing with optimistic locking ----------------------------------------------------


def test_draft_edit_with_current_version_saves(city_staff):
    notice = draft(city_staff)
    services.update_notice(actor=city_staff, notice=notice, expected_version=notice.version, title="新标题")
    notice.refresh_from_db()
    assert notice.title == "新标题"
    assert notice.version == 2


def test_stale_edit_is_refused_and_keeps_the_newer_text(city_staff, other_staff):
    notice = draft(city_staff)
    seen_by_both = notice.version
    services.update_notice(actor=other_staff, notice=notice, expected_version=seen_by_both, title="同事先改的标题")
    mine = Notice.objects.get(pk=notice.pk)  # the page reloads the row; the form still says version 1
    with pytest.raises(StaleObject) as refused:
        services.update_notice(actor=city_staff, notice=mine, expected_version=seen_by_both, title="我的标题")
    assert "旧版本" in str(refused.value.message)
    assert Notice.objects.get(pk=notice.pk).title == "同事先改的标题"


def test_save_between_read_and_write_is_refused_by_the_row_version(city_staff, other_staff):
    notice = draft(city_staff)
    mine = Notice.objects.get(pk=notice.pk)
    services.update_notice(actor=other_staff, notice=notice, expected_version=1, title="同事的标题")
    # ``mine`` still carries version 1 in memory: the form check passes, the UPDATE must not.
    with pytest.raises(StaleObject) as refused:
        services.update_notice(actor=city_staff, notice=mine, expected_version=1, title="我的标题")
    assert "旧版本" in str(refused.value.message)
    assert Notice.objects.get(pk=notice.pk).title == "同事的标题"


def test_published_notice_cannot_be_edited(city_staff):
    notice = draft(city_staff)
    services.publish_notice(actor=city_staff, notice=notice)
    with pytest.raises(InvalidTransition):
        services.update_notice(actor=city_staff, notice=notice, expected_version=notice.version, title="改")


def test_unknown_fields_are_refused(city_staff):
    notice = draft(city_staff)
    with pytest.raises(InvalidInput):
        services.update_notice(actor=city_staff, notice=notice, expected_version=1, status="published")


# --- Publish and withdraw ---------------------------------------------------------------


def test_publish_sets_the_date_and_logs_who_did_it(city_staff):
    notice = draft(city_staff)
    services.publish_notice(actor=city_staff, notice=notice, expected_version=notice.version)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    assert notice.published_at is not None
    log = list(TransitionLog.objects.for_object(notice))
    assert [(row.transition, row.from_state, row.to_state, row.actor) for row in log] == [
        ("publish", "draft", "published", city_staff)
    ]


def test_leader_cannot_publish(city_staff, leader):
    notice = draft(city_staff)
    with pytest.raises(ActionNotPermitted):
        services.publish_notice(actor=leader, notice=notice)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT
    assert not TransitionLog.objects.for_object(notice).exists()


def test_publishing_twice_is_refused(city_staff):
    notice = draft(city_staff)
    services.publish_notice(actor=city_staff, notice=notice)
    with pytest.raises(InvalidTransition):
        services.publish_notice(actor=city_staff, notice=notice)


def test_withdraw_needs_a_reason_and_logs_it(city_staff):
    notice = draft(city_staff)
    services.publish_notice(actor=city_staff, notice=notice)
    with pytest.raises(InvalidInput):
        services.withdraw_notice(actor=city_staff, notice=notice, reason="  ")
    services.withdraw_notice(actor=city_staff, notice=notice, reason="申报时间调整，以新通知为准。")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.WITHDRAWN
    assert notice.withdrawn_at is not None
    last = TransitionLog.objects.for_object(notice).last()
    assert (last.transition, last.comment) == ("withdraw", "申报时间调整，以新通知为准。")


def test_a_draft_cannot_be_withdrawn(city_staff):
    notice = draft(city_staff)
    with pytest.raises(InvalidTransition):
        services.withdraw_notice(actor=city_staff, notice=notice, reason="误发")


def test_concurrent_transition_is_refused(city_staff, other_staff):
    notice = draft(city_staff)
    first = Notice.objects.get(pk=notice.pk)
    second = Notice.objects.get(pk=notice.pk)
    services.publish_notice(actor=city_staff, notice=first)
    # The second copy still believes the notice is a draft.
    with pytest.raises(StaleObject):
        services.publish_notice(actor=other_staff, notice=second)
    assert TransitionLog.objects.for_object(notice).count() == 1


def test_transition_with_a_stale_expected_version_is_refused(city_staff):
    notice = NoticeFactory(published=True)
    with pytest.raises(StaleObject):
        services.withdraw_notice(actor=city_staff, notice=notice, reason="误发", expected_version=notice.version - 1)
    assert Notice.objects.get(pk=notice.pk).status == Notice.Status.PUBLISHED


def test_changes_are_audited_by_pghistory(city_staff):
    notice = draft(city_staff)
    services.publish_notice(actor=city_staff, notice=notice)
    events = notice.events.order_by("pgh_id").values_list("pgh_label", "status")
    assert list(events) == [("insert", "draft"), ("update", "published")]


def test_open_calls_are_published_calls_whose_window_contains_the_day():
    today = date(2026, 11, 23)
    inside = CallFactory(published=True, apply_from=date(2026, 11, 16), apply_until=date(2026, 12, 18))
    first_day = CallFactory(published=True, apply_from=today, apply_until=date(2026, 12, 1))
    last_day = CallFactory(published=True, apply_from=date(2026, 11, 1), apply_until=today)
    CallFactory(published=True, apply_from=date(2026, 11, 24), apply_until=date(2026, 12, 1))  # not yet
    CallFactory(published=True, apply_from=date(2026, 11, 1), apply_until=date(2026, 11, 22))  # ended
    CallFactory(apply_from=date(2026, 11, 1), apply_until=date(2026, 12, 1))  # draft
    CallFactory(withdrawn=True, apply_from=date(2026, 11, 1), apply_until=date(2026, 12, 1))
    assert set(Notice.objects.open_calls(today)) == {inside, first_day, last_day}


# --- Attachments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("申报指南.pdf", PDF, "pdf"),
        ("申报书模板.docx", ooxml("word"), "word"),
        ("预算表.xlsx", ooxml("xl"), "excel"),
        ("旧模板.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "word"),
        ("流程图.png", PNG, "image"),
        ("现场.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image"),
    ],
)
def test_accepted_attachments(city_staff, name, content, kind):
    notice = draft(city_staff)
    attachment = services.add_attachment(
        actor=city_staff, notice=notice, upload=SimpleUploadedFile(name, content, content_type="application/pdf")
    )
    assert (attachment.name, attachment.kind, attachment.size) == (name, kind, len(content))
    assert attachment.file.read() == content
    assert not attachment.file.name.endswith(name)  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("申报指南.pdf", b"MZ\x90\x00 this is a program", "文件内容与扩展名“.pdf”不符"),
        ("预算表.xlsx", ooxml("word"), "文件内容与扩展名“.xlsx”不符"),
        ("预算表.xlsx", b"PK\x03\x04 not really a zip", "文件内容与扩展名“.xlsx”不符"),
        ("照片.png", PDF, "文件内容与扩展名“.png”不符"),
        ("工具.exe", b"MZ\x90\x00", "只接受 PDF、Word、Excel"),
        ("说明", PDF, "只接受 PDF、Word、Excel"),
        ("空文件.pdf", b"", "文件是空的"),
    ],
)
def test_refused_attachments_say_why_in_chinese(city_staff, name, content, message):
    notice = draft(city_staff)
    with pytest.raises(InvalidInput) as refused:
        services.add_attachment(actor=city_staff, notice=notice, upload=SimpleUploadedFile(name, content))
    assert message in str(refused.value.message)
    assert not NoticeAttachment.objects.exists()


def test_attachment_over_20_mb_is_refused(city_staff):
    notice = draft(city_staff)
    upload = SimpleUploadedFile("大文件.pdf", PDF)
    upload.size = 20 * 1024 * 1024 + 1
    with pytest.raises(InvalidInput) as refused:
        services.add_attachment(actor=city_staff, notice=notice, upload=upload)
    assert "超过 20 MB" in str(refused.value.message)


def test_attachment_of_exactly_20_mb_is_accepted(city_staff):
    notice = draft(city_staff)
    upload = SimpleUploadedFile("刚好.pdf", PDF)
    upload.size = 20 * 1024 * 1024
    assert services.add_attachment(actor=city_staff, notice=notice, upload=upload).kind == "pdf"


def test_attachments_only_on_drafts_and_only_by_managers(city_staff, leader):
    notice = draft(city_staff)
    with pytest.raises(ActionNotPermitted):
        services.add_attachment(actor=leader, notice=notice, upload=SimpleUploadedFile("a.pdf", PDF))
    services.publish_notice(actor=city_staff, notice=notice)
    with pytest.raises(InvalidTransition):
        services.add_attachment(actor=city_staff, notice=notice, upload=SimpleUploadedFile("a.pdf", PDF))


def test_remove_attachment_deletes_the_file_after_commit(city_staff, django_capture_on_commit_callbacks):
    notice = draft(city_staff)
    attachment = services.add_attachment(actor=city_staff, notice=notice, upload=SimpleUploadedFile("a.pdf", PDF))
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(actor=city_staff, attachment=attachment)
    assert not NoticeAttachment.objects.exists()
    assert not storage.exists(name)
