"""Optimistic locking (bureau/core/models.py OptimisticLockModel)."""

import pytest
from django.db import transaction

from bureau.core.errors import StaleObject
from enterprises.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_stale_copy_cannot_overwrite_a_newer_save():
    org = OrganizationFactory()
    mine, theirs = Organization.objects.get(pk=org.pk), Organization.objects.get(pk=org.pk)
    theirs.contact_name = "王五"
    theirs.save(update_fields=["contact_name"])
    mine.contact_name = "李四"
    # In a service the refusal rolls the whole action back; here a savepoint stands in for it.
    with pytest.raises(StaleObject), transaction.atomic():
        mine.save(update_fields=["contact_name"])
    assert Organization.objects.get(pk=org.pk).contact_name == "王五"


def test_saving_after_a_refresh_uses_the_refreshed_version():
    org = OrganizationFactory()
    mine = Organization.objects.get(pk=org.pk)
    Organization.objects.get(pk=org.pk).save()
    mine.refresh_from_db()
    mine.contact_name = "李四"
    mine.save(update_fields=["contact_name"])
    assert Organization.objects.get(pk=org.pk).version == mine.version == 3
