import pytest

from bureau.accounts.models import Role
from tests.enterprises.factories import MembershipFactory, VerifiedOrganizationFactory
from tests.factories import CountyFactory, DepartmentFactory, UserFactory

from .factories import profile_for


@pytest.fixture
def liling(db):
    return CountyFactory()


@pytest.fixture
def tianyuan(db):
    return CountyFactory(code="430211", name="天元区")


@pytest.fixture
def hightech_dept(db):
    return DepartmentFactory(code="hightech", name="高新技术科")


@pytest.fixture
def city_officer(hightech_dept):
    """City staff of 高新技术科: reviews, publishes, records results."""
    return UserFactory(roles=[Role.CITY_STAFF], department=hightech_dept)


@pytest.fixture
def other_city_staff(db):
    """City staff of another department (成果转化科): reads, never acts here."""
    return UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(code="transfer", name="成果转化科"))


@pytest.fixture
def liling_officer(liling):
    return UserFactory(roles=[Role.COUNTY_STAFF], region=liling)


@pytest.fixture
def tianyuan_officer(tianyuan):
    return UserFactory(roles=[Role.COUNTY_STAFF], region=tianyuan)


@pytest.fixture
def leader(db):
    return UserFactory(roles=[Role.LEADER])


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True)


@pytest.fixture
def org(liling):
    """A verified enterprise in 醴陵市 with three years of good figures and IP."""
    org = VerifiedOrganizationFactory(region=liling, name="醴陵华瓷新材料有限公司")
    profile_for(org)
    return org


@pytest.fixture
def member(org):
    return MembershipFactory(organization=org, is_admin=True).user


@pytest.fixture
def other_org(tianyuan):
    org = VerifiedOrganizationFactory(region=tianyuan, name="天元精密刀具有限公司")
    profile_for(org)
    return org


@pytest.fixture
def other_member(other_org):
    return MembershipFactory(organization=other_org, is_admin=True).user


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (publicity signals, e-mails) as the test's transaction never commits."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
