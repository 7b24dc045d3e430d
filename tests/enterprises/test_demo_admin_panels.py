"""Demo data, admin import-export resources, workbench panels and menu of the registry."""

import io

import pytest
import tablib
from django.test import RequestFactory

from bureau.accounts.models import Role
from bureau.core import demo as core_demo
from bureau.core.workbench import menu_for, panels_for
from bureau.inbox.models import Todo
from enterprises import demo
from enterprises.admin import IntellectualPropertyResource, OrganizationResource
from enterprises.models import IntellectualProperty, Membership, Organization
from tests.enterprises.factories import VerifiedOrganizationFactory, make_uscc
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_seed_is_idempotent_and_gives_liling_work(monkeypatch):
    monkeypatch.setattr(demo, "GENERATED", 12)
    core_demo.seed(io.StringIO())
    core_demo.seed_accounts()
    demo.seed(io.StringIO())
    first = Organization.objects.count()
    demo.seed(io.StringIO())
    assert Organization.objects.count() == first == 1 + 12 + len(demo.INSTITUTIONS) + len(demo.PENDING)
    qiye = Membership.objects.get(user__username="qiye")
    assert qiye.is_admin and qiye.organization.name == demo.DEMO_ENTERPRISE and qiye.organization.is_verified
    assert qiye.organization.years.count() == 3 and qiye.organization.ip_items.exists()
    liling = type(qiye.user).objects.get(username="liling")
    assert Todo.objects.for_user(liling).open().count() == len(demo.PENDING)
    assert all(o.business_licence for o in Organization.objects.pending())
    from stdnum.cn import uscc

    assert all(uscc.is_valid(code) for code in Organization.objects.values_list("uscc", flat=True))


def _dataset(headers, *rows):
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append(row)
    return data


def test_the_admin_organization_import_is_all_or_nothing(liling):
    resource = OrganizationResource()
    good = make_uscc()
    data = _dataset(
        ["uscc", "name", "kind", "区划代码", "行业代码", "hightech_field", "status"],
        [good, "导入甲公司", "enterprise", liling.code, "34", "none", "verified"],
        ["91430200MA4000000X", "导入乙公司", "enterprise", liling.code, "34", "none", "verified"],
    )
    result = resource.import_data(data, dry_run=True)
    assert result.has_validation_errors() or result.has_errors()
    assert not Organization.objects.filter(name__startswith="导入").exists()
    result = resource.import_data(_dataset(data.headers, data[0]), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Organization.objects.get(uscc=good).region == liling


def test_the_admin_ip_import_derives_the_class():
    org = VerifiedOrganizationFactory()
    data = _dataset(
        ["统一社会信用代码", "kind", "number", "title", "granted_on", "status", "obtained_by"],
        [org.uscc.lower(), "software_copyright", "2024SR0000001", "测试软件V1.0", "2024-03-01", "valid", "own_rd"],
    )
    result = IntellectualPropertyResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert IntellectualProperty.objects.get(organization=org).ip_class == 2


def _request(user, path="/workbench/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    return request


def test_applicants_get_the_enterprise_menu_and_panel(org, org_admin):
    sections = menu_for(_request(org_admin, "/enterprises/profile/ip/"))
    enterprise = next(s for s in sections if str(s["title"]) == "企业服务")
    labels = [str(i["label"]) for i in enterprise["items"]]
    assert labels == ["单位信息", "年度数据", "知识产权", "资质荣誉", "成员管理"]
    assert [str(i["label"]) for i in enterprise["items"] if i["active"]] == ["知识产权"]
    panel = next(p for p in panels_for(_request(org_admin)) if p["key"] == "enterprises.my_organization")
    assert panel["context"]["organization"] == org
    assert len(panel["context"]["missing_years"]) == 3


def test_staff_get_the_directory_menu_and_counts(liling, liling_staff):
    VerifiedOrganizationFactory(region=liling)
    from tests.enterprises.factories import OrganizationFactory

    OrganizationFactory(region=liling)
    sections = menu_for(_request(liling_staff))
    staff = next(s for s in sections if str(s["title"]) == "创新主体")
    assert [str(i["label"]) for i in staff["items"]] == ["创新主体名录", "待核验注册"]
    panel = next(p for p in panels_for(_request(liling_staff)) if p["key"] == "enterprises.registry")
    assert panel["context"]["counts"]["total"] == 2 and panel["context"]["counts"]["pending"] == 1


def test_leaders_see_the_directory_but_not_pending_verification():
    leader = UserFactory(roles=[Role.LEADER])
    titles = {str(i["label"]) for s in menu_for(_request(leader)) for i in s["items"]}
    assert "创新主体名录" in titles and "待核验注册" not in titles
