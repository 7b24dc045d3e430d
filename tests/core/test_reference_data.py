"""Reference data that migrations load survives ``flush`` (and every transactional test)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from bureau.accounts.models import Role
from enterprises.models import Industry


@pytest.mark.django_db(transaction=True)
def test_flush_reloads_the_role_groups_and_the_industry_table():
    call_command("flush", interactive=False, verbosity=0)

    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)
    manufacturing = Industry.objects.get(code="C")
    assert Industry.objects.get(code="34").parent == manufacturing
    assert Industry.objects.filter(parent__isnull=True).count() == 20
