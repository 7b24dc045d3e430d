import pytest

from bureau.accounts.models import Role
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

from .factories import county, talent_officer


@pytest.fixture
def liling(db):
    return county("430281", "醴陵市")


@pytest.fixture
def liling_park(liling):
    """A park inside 醴陵市 (its parent is the county), so 醴陵's staff keep its records."""
    return county("430281701", "醴陵经济开发区", kind="park", parent=liling)


@pytest.fixture
def tianyuan(db):
    return county("430211", "天元区")


@pytest.fixture
def officer(db):
    """A 人才科 officer of the city bureau."""
    return talent_officer(username="rencai", full_name="孙丽")


@pytest.fixture
def other_city_staff(db):
    """City staff of another department (高新科): writes too."""
    return UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory())


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
    return UserFactory(roles=[Role.ADMINISTRATOR])


@pytest.fixture
def expert_user(db):
    return UserFactory(roles=[Role.EXPERT], username="zhuanjia")


@pytest.fixture
def applicant(liling):
    return MembershipFactory(organization__region=liling).user
