import pytest

from bureau.accounts.models import Role
from tests.enterprises.factories import MembershipFactory, VerifiedOrganizationFactory
from tests.factories import CountyFactory, RegionFactory, UserFactory


@pytest.fixture
def liling(db):
    """醴陵市 (the county of the default factories)."""
    return CountyFactory()


@pytest.fixture
def tianyuan(db):
    return CountyFactory(code="430211", name="天元区")


@pytest.fixture
def liling_staff(liling):
    return UserFactory(roles=[Role.COUNTY_STAFF], region=liling)


@pytest.fixture
def tianyuan_staff(tianyuan):
    return UserFactory(roles=[Role.COUNTY_STAFF], region=tianyuan)


@pytest.fixture
def city(db):
    return RegionFactory()


@pytest.fixture
def org(liling):
    """A verified enterprise in 醴陵市."""
    return VerifiedOrganizationFactory(region=liling)


@pytest.fixture
def org_admin(org):
    return MembershipFactory(organization=org, is_admin=True).user


@pytest.fixture
def org_member(org):
    return MembershipFactory(organization=org, is_admin=False).user
