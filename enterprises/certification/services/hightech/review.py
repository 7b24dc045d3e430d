"""County preliminary review and city review of a high-tech application: recommend, return, or refuse."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos

from ...models import HighTechApplication
from ..common import (
    clean_corrections,
    corrections_text,
    hand_to_applicant,
    hand_to_city,
    review_due,
    tell_members,
    version_of,
)
from .application import detail_url, edit_url, release_ip_items

CORRECTION_LABELS = {
    "ip": "申报使用的知识产权",
    "attachments": "申报材料（附件）",
    "figures": "年度数据（在“年度数据”中修改）",
    "contact": "联系人及联系电话",
    "declaration": "承诺事项",
}

REVIEW_TRANSITIONS = {
    "county": {"pass": "county_recommend", "return": "county_return", "refuse": "county_refuse"},
    "city": {"pass": "city_recommend", "return": "city_return", "refuse": "city_refuse"},
}


@transaction.atomic
def review_application(
    *,
    actor,
    application: HighTechApplication,
    level: str,
    decision: str,
    comment: str = "",
    corrections: dict | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> HighTechApplication:
    """Record the county's preliminary review or the city's: recommend, return for correction, or refuse."""
    try:
        name = REVIEW_TRANSITIONS[level][decision]
    except KeyError:
        raise InvalidInput(_("未知的审核操作。")) from None
    org = application.organization
    comment = (comment or "").strip()
    if decision == "return":
        corrections = clean_corrections(corrections, CORRECTION_LABELS)
        listed = corrections_text(corrections, CORRECTION_LABELS)
        comment = f"{comment}\n{listed}".strip() if comment else listed
        run_transition(
            obj=application,
            name=name,
            actor=actor,
            comment=comment,
            expected_version=version_of(expected_version),
            corrections=corrections,
        )
        # The IP stays reserved while the enterprise corrects; it is released on withdrawal.
        hand_to_applicant(
            subject=application,
            title=_("高新技术企业认定申请被退回修改：请按意见修改后重新提交"),
            url=edit_url(application),
            actor=actor,
        )
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请被退回修改") % {"year": application.year},
            body=comment,
            url=edit_url(application),
            actor=actor,
        )
        return application

    run_transition(
        obj=application, name=name, actor=actor, comment=comment, expected_version=version_of(expected_version)
    )
    if decision == "refuse":
        release_ip_items(actor, application)
        close_todos(subject=application, actor=actor)
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请不予推荐") % {"year": application.year},
            body=comment,
            url=detail_url(application),
            actor=actor,
        )
    elif level == "county":
        hand_to_city(
            subject=application,
            title=_("高新技术企业认定申请待市级审核：%(org)s") % {"org": org.name},
            url=detail_url(application),
            actor=actor,
            due_on=review_due(today),
        )
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请已通过县级初审") % {"year": application.year},
            url=detail_url(application),
            actor=actor,
        )
    else:
        close_todos(subject=application, actor=actor)
        tell_members(
            organization=org,
            title=_("%(year)s年高新技术企业认定申请已推荐至省科技厅") % {"year": application.year},
            body=_("认定结果以省高新技术企业认定机构公告为准。"),
            url=detail_url(application),
            actor=actor,
        )
    return application
