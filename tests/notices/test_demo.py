"""Demo notices: realistic, idempotent, one call open on 2026-11-23."""

import io
from datetime import date

import pytest

from bureau.core import demo as core_demo
from bureau.notices import demo
from bureau.notices.models import Notice
from bureau.notices.selectors import home_sections

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_has_an_open_call():
    core_demo.seed(io.StringIO())
    core_demo.seed_accounts()
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert Notice.objects.count() == len(demo.NOTICES)
    assert Notice.objects.filter(title="关于组织申报2027年度株洲市科技计划项目的通知", status="published").exists()
    sections = home_sections(today=date(2026, 11, 23))
    assert "关于组织申报2027年度株洲市科技计划项目的通知" in [n.title for n in sections["open_calls"]]
    assert len(sections["latest_notices"]) >= 5
    assert Notice.objects.filter(status="withdrawn").count() == 1
    assert Notice.objects.filter(status="draft").count() == 1
