"""seed_demo refuses to create the demo accounts (published password) where demo data is not allowed."""

import pytest
from django.core.management import CommandError, call_command

from bureau.accounts.models import User


@pytest.mark.django_db
def test_seed_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="不允许加载演示数据"):
        call_command("seed_demo")
    assert not User.objects.filter(username="admin").exists()
