import pytest

from bureau.accounts.models import Role
from tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def other_staff(db):
    """A second city staff member, of another department."""
    return UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(code="transfer", name="成果转化科"))
