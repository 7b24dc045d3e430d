"""Reads of the public progress lookup (办理进度查询) and the step bar shown with an application."""

from __future__ import annotations

import re

from ..models import HighTechApplication, SmeEvaluation


def _acceptance(number: str, prefix: str) -> tuple[int, int] | None:
    match = re.fullmatch(rf"{prefix}(\d{{4}})(\d{{6,}})", number.strip().upper())
    return (int(match.group(1)), int(match.group(2))) if match else None


def find_sme_progress(number: str, uscc: str):
    """Return the submitted SME evaluation with this 受理编号 (or registration number) of ``uscc``."""
    evaluations = SmeEvaluation.objects.filter(organization__uscc=uscc).exclude(status=SmeEvaluation.Status.DRAFT)
    found = _acceptance(number, "KX")
    if found:
        return evaluations.filter(year=found[0], pk=found[1]).first()
    return evaluations.filter(registration_number__iexact=number.strip()).first() if number.strip() else None


def find_hightech_progress(number: str, uscc: str):
    """Return the submitted application with this 受理编号 (or its certificate number) of ``uscc``."""
    applications = HighTechApplication.objects.filter(organization__uscc=uscc).exclude(
        status=HighTechApplication.Status.DRAFT
    )
    found = _acceptance(number, "GQ")
    if found:
        return applications.filter(year=found[0], pk=found[1]).first()
    text = "".join(number.split()).upper()
    return applications.filter(certificate__number=text).first() if text.startswith("GR") else None


def step_bar(obj) -> list[dict]:
    """Return ``progress_steps(obj)`` with each step named as a step (县级审核), not as a status (待县级审核)."""
    from bureau.core.workflow import progress_steps

    labels = getattr(obj, "step_labels", {})
    steps = progress_steps(obj)
    for step in steps:
        if step["state"] in labels:
            step["label"] = str(labels[step["state"]])
    return steps
