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


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Start every test in the default language: a request in English leaves it active in the thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
