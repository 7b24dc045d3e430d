import pytest
from django.core.cache import cache

from bureau.publicity.services import PublicityEntry, open_publicity
from tests.factories import OrganizationFactory


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Rate-limit counters live in the shared cache; start every test from zero."""
    cache.clear()
    yield
    cache.clear()


def publish_list(actor, *, lines: int = 3, title: str = "2026年第四批科技型中小企业入库名单公示", **kwargs):
    """Publish a notice listing ``lines`` organizations (the subjects) through the service."""
    organizations = [OrganizationFactory() for _ in range(lines)]
    entries = [
        PublicityEntry(subject=org, name=org.name, values=[org.name, org.region.name, org.uscc])
        for org in organizations
    ]
    return open_publicity(
        actor=actor,
        title=title,
        source="sme",
        columns=["企业名称", "所在县市区", "统一社会信用代码"],
        entries=entries,
        body="根据《科技型中小企业评价办法》，现将入库名单予以公示。",
        department=getattr(actor, "department", None),
        contact="0731-28688021",
        **kwargs,
    )


@pytest.fixture
def publicity(city_staff):
    return publish_list(city_staff)
