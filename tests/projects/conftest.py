import pytest

from bureau.accounts.models import Role
from tests.factories import CountyFactory, RegionFactory, UserFactory

from .factories import COMPLETE, OpenCallFactory, VerifiedOrganizationFactory, applicant_of, reviewer


@pytest.fixture
def open_call(db):
    return OpenCallFactory()


@pytest.fixture
def org(db):
    return VerifiedOrganizationFactory(name="株洲智造科技有限公司")


@pytest.fixture
def applicant(org):
    return applicant_of(org, full_name="李明")


@pytest.fixture
def other_org(db):
    return VerifiedOrganizationFactory(
        name="攸县新能源动力科技有限公司", region=CountyFactory(code="430223", name="攸县")
    )


@pytest.fixture
def other_applicant(other_org):
    return applicant_of(other_org)


@pytest.fixture
def staff(db):
    return reviewer(full_name="张伟")


@pytest.fixture
def county_staff(org):
    """County staff of the applicant's county (醴陵市)."""
    return UserFactory(roles=[Role.COUNTY_STAFF], region=org.region)


@pytest.fixture
def city(db):
    return RegionFactory()


@pytest.fixture
def draft(applicant, org, open_call):
    from projects import services

    return services.create_application(actor=applicant, call=open_call, organization=org, data=dict(COMPLETE))
