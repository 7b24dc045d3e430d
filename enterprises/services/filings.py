"""Yearly figures written by bureau staff from a confirmed filing (数据填报确认).

An organization keeps its own profile: ``profile.save_year`` lets only its members
change it. A filing campaign (the yearly R&D data filing, 研发投入数据填报) is the one
other way figures come in: the organization files them, bureau staff check and confirm
them, and the confirmation writes them. This module is that write. It is done in the
name of the staff member who confirmed (nobody borrows the filer's identity), and the
history of the row (django-pghistory) records who confirmed and which filing answer the
figures came from.
"""

from __future__ import annotations

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput, StaleObject

from ..models import Organization, OrganizationYear
from .access import ensure_staff_over
from .profile import YEAR_FIELDS


@transaction.atomic
def record_year_from_filing(
    *,
    actor,
    organization: Organization,
    year: int,
    figures: dict,
    source: dict,
    expected_version: int | None = None,
) -> OrganizationYear:
    """Write ``figures`` into ``organization``'s data for ``year``, as confirmed by ``actor``.

    Only bureau staff over the organization may (city staff and administrators; county
    staff of the organization's region). ``figures`` names yearly fields
    (``rd_total``...); the others keep their values, and a year not recorded yet needs
    every figure a year has. ``source`` says where the figures come from, e.g.
    ``{"campaign": 12, "answer": 345, "title": "2025年度企业研发投入数据填报", "filed_by": 67}``;
    it is kept in the row's history with the confirmer. ``expected_version`` is the
    version of the year the confirmer saw (0 or None when there was none): a row changed
    since is refused rather than overwritten.
    """
    ensure_staff_over(actor, organization)
    unknown = sorted(set(figures) - set(YEAR_FIELDS))
    if unknown:
        raise InvalidInput(_("不能写入的年度数据项：%(names)s。") % {"names": "、".join(unknown)})
    if not figures:
        raise InvalidInput(_("没有可写入单位年度数据的填报项。"))
    with pghistory.context(confirmed_by=actor.pk, filing=dict(source or {})):
        row = OrganizationYear.objects.select_for_update().filter(organization=organization, year=year).first()
        if row is None:
            if expected_version not in (None, "", 0, "0"):
                raise StaleObject(_("该单位 %(year)s 年度数据已被删除，请刷新后再确认。") % {"year": year})
            row = OrganizationYear(organization=organization, year=year)
        elif expected_version not in (None, "") and row.version != int(expected_version):
            raise StaleObject(_("该单位 %(year)s 年度数据已被修改，请刷新核对后再确认。") % {"year": year})
        for name, value in figures.items():
            setattr(row, name, value)
        row.updated_by = actor
        row.full_clean()
        if row.pk:
            row.save(update_fields=[*figures, "updated_by", "updated_at"])
        else:
            row.save()
    return row
