"""Progress lookup (办理进度查询): a generic registry, same answer for every miss, rate-limited."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bureau.core.progress import LOOKUPS_PER_WINDOW, register_progress_lookup, unregister_progress_lookup
from bureau.notices import services
from bureau.notices.models import Notice
from tests.factories import make_uscc

pytestmark = pytest.mark.django_db

USCC = make_uscc()
OTHER_USCC = make_uscc()


@pytest.fixture(autouse=True)
def clear_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registered():
    """Register a lookup the way a domain app would: a record found by number and owner code."""

    def find(number: str, uscc: str):
        if uscc != USCC or not number.startswith("TZ-"):
            return None
        return Notice.objects.filter(pk=number.removeprefix("TZ-")).first()

    register_progress_lookup("demo", "演示事项", find, number_label="演示编号")
    yield
    unregister_progress_lookup("demo")


@pytest.fixture
def record(city_staff):
    notice = services.create_notice(actor=city_staff, title="演示记录", category="notice", body="正文")
    services.publish_notice(actor=city_staff, notice=notice, comment="材料齐全，予以受理。")
    return notice


def result_block(response) -> str:
    html = response.content.decode()
    return re.search(r'data-testid="lookup-result">(.*?)</section>', html, re.S).group(1)


def ask(client, number, uscc=USCC, kind="demo"):
    return client.post(reverse("core:lookup"), {"kind": kind, "number": number, "uscc": uscc})


def test_the_form_lists_registered_kinds(client, registered):
    body = client.get(reverse("core:lookup")).content.decode()
    assert "演示事项" in body and "演示编号" in body


def test_found_shows_steps_log_and_comment_but_no_staff_name(client, registered, record, city_staff):
    response = ask(client, f"TZ-{record.pk}", USCC.lower())  # the code is matched case-insensitively
    block = result_block(response)
    assert response.status_code == 200
    assert 'data-testid="step-bar"' in block and "已发布" in block
    assert "材料齐全，予以受理。" in block
    assert city_staff.display_name not in response.content.decode()
    assert city_staff.username not in response.content.decode()


def test_wrong_number_and_wrong_code_get_the_same_answer(client, registered, record):
    wrong_number = result_block(ask(client, "TZ-999999"))
    wrong_code = result_block(ask(client, f"TZ-{record.pk}", OTHER_USCC))
    assert "未查询到办理记录" in wrong_number
    assert wrong_number.replace("TZ-999999", "") == wrong_code.replace(f"TZ-{record.pk}", "")


def test_invalid_code_is_explained_before_any_lookup(client, registered, record):
    bad = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    body = ask(client, f"TZ-{record.pk}", bad).content.decode()
    assert "校验位不正确" in body
    assert f'value="TZ-{record.pk}"' in body  # what was typed is kept


def test_lookups_are_rate_limited_per_address(client, registered, record):
    for _ in range(LOOKUPS_PER_WINDOW):
        assert ask(client, "TZ-1").status_code == 200
    limited = ask(client, f"TZ-{record.pk}")
    assert limited.status_code == 429
    assert "查询过于频繁" in limited.content.decode()
    assert ask(Client(REMOTE_ADDR="10.1.2.3"), f"TZ-{record.pk}").status_code == 200


def test_without_registered_kinds_the_page_says_so(client, monkeypatch):
    monkeypatch.setattr("bureau.core.progress._lookups", {})
    assert "暂无可在线查询进度的办理事项" in client.get(reverse("core:lookup")).content.decode()


def test_unknown_kind_is_a_form_error(client, registered):
    body = ask(client, "TZ-1", kind="nope").content.decode()
    assert "请选择办理事项" in body
