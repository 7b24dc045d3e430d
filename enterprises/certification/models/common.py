"""Helpers the certification models share: year validators, money fields, the query set of an organization's record."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from bureau.core.scoping import ScopedQuerySet

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def money_field(label, help_text=""):
    """Return a field for an amount in yuan: not negative, to the fen, zero by default."""
    return models.DecimalField(
        label, max_digits=18, decimal_places=2, default=0, validators=[MinValueValidator(0)], help_text=help_text
    )


class OrganizationRecordQuerySet(ScopedQuerySet):
    """Query set of a record one organization holds (an evaluation, an application, a certificate)."""

    region_path = "organization__region"
    organization_path = "organization"

    def with_relations(self):
        """Load what lists and detail pages show: the organization, its region and industry."""
        return self.select_related(
            "organization", "organization__region", "organization__industry", "organization__industry__parent"
        )

    def search(self, text: str):
        """Filter by part of the organization's name, its 统一社会信用代码 or what ``search_condition`` adds."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(self.search_condition(text))

    def search_condition(self, text: str) -> models.Q:
        """Return the match on ``text`` (stripped, not empty); a subclass adds its own record number."""
        return models.Q(organization__name__contains=text) | models.Q(organization__uscc__startswith=text.upper())
