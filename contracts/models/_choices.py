"""Django choices built from the rules' catalog, so codes and labels live in one place."""

from django.utils.translation import gettext_lazy as _

from contracts.rules import catalog


def choices(pairs):
    # The labels are the catalog's Chinese words; gettext_lazy lets an English .po translate them.
    return [(code, _(label)) for code, label in pairs]


CONTRACT_TYPE_CHOICES = choices((t.code, t.label) for t in catalog.CONTRACT_TYPES)
SUBTYPE_CHOICES = choices((s.code, s.label) for t in catalog.CONTRACT_TYPES for s in t.subtypes)
TECHNICAL_FIELD_CHOICES = choices(catalog.TECHNICAL_FIELDS)
IP_TYPE_CHOICES = choices(catalog.IP_TYPES)
PLAN_SOURCE_CHOICES = choices(catalog.PLAN_SOURCES)
OBJECTIVE_CHOICES = choices(catalog.OBJECTIVES)
PARTY_NATURE_CHOICES = choices(catalog.PARTY_NATURES)
BUYER_LOCATION_CHOICES = choices(catalog.BUYER_LOCATIONS)
PAYMENT_METHOD_CHOICES = choices(catalog.PAYMENT_METHODS)
REFUSAL_REASON_CHOICES = choices(catalog.REFUSAL_REASONS)
