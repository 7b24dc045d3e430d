import pytest

from tests.reports.factories import build_city


@pytest.fixture
def city(db):
    """株洲市 with 醴陵市, 攸县 and 株洲高新区 (a park, rolled up on its own)."""
    return build_city()
