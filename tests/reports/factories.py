"""Factories and builders for the reports tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from bureau.regions.models import Region
from reports.models import Campaign, CampaignField, Indicator
from tests.factories import OrganizationFactory, RegionFactory


def build_city():
    """Create 株洲市 with two counties and a park; return them as a dict by short key."""
    city = RegionFactory()
    liling = Region.objects.get_or_create(
        code="430281", defaults={"name": "醴陵市", "kind": Region.Kind.COUNTY, "parent": city, "sort_order": 9}
    )[0]
    youxian = Region.objects.get_or_create(
        code="430223", defaults={"name": "攸县", "kind": Region.Kind.COUNTY, "parent": city, "sort_order": 6}
    )[0]
    park = Region.objects.get_or_create(
        code="430271",
        defaults={
            "name": "株洲高新技术产业开发区",
            "short_name": "株洲高新区",
            "kind": Region.Kind.PARK,
            "parent": city,
            "sort_order": 10,
        },
    )[0]
    return {"city": city, "liling": liling, "youxian": youxian, "park": park}


def indicator(code) -> Indicator:
    return Indicator.objects.get(code=code)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"复工复产情况调查{n}")
    kind = Campaign.Kind.SURVEY
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class CampaignFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignField

    campaign = factory.SubFactory(CampaignFactory)
    key = factory.Sequence(lambda n: f"f{n}")
    label = "是否已复工复产"
    field_type = CampaignField.Type.YES_NO


class VerifiedOrganizationFactory(OrganizationFactory):
    """An organization whose registration the county has verified (核验)."""

    status = "verified"
    verified_at = factory.LazyFunction(timezone.now)
