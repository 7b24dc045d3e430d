import pytest

from bureau.accounts.models import Role
from tests.factories import CountyFactory, DepartmentFactory, MembershipFactory, UserFactory


@pytest.fixture
def county(db):
    return CountyFactory()


@pytest.fixture
def city_staff(db):
    return UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory())


@pytest.fixture
def county_staff(county):
    return UserFactory(roles=[Role.COUNTY_STAFF], region=county)


@pytest.fixture
def applicant(db):
    """An applicant user who administers one organization (``applicant.memberships``)."""
    return MembershipFactory().user


@pytest.fixture
def leader(db):
    return UserFactory(roles=[Role.LEADER])
