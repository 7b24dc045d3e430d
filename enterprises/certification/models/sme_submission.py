"""科技型中小企业评价 submissions: one row per submit, with the reviewer's reasons when returned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.core.scoping import ScopedQuerySet


class SmeSubmissionQuerySet(ScopedQuerySet):
    region_path = "evaluation__organization__region"
    organization_path = "evaluation__organization"


class SmeSubmission(models.Model):
    """One submission of an evaluation (申报记录): what was sent and what the reviewer asked.

    Every submit adds a row with the figures, the score and the profile snapshot of that
    moment; a return writes the reviewer's per-field reasons on it. The history of
    "returned for correction, corrected, resubmitted" is these rows, oldest first.
    """

    evaluation = models.ForeignKey(
        "certification.SmeEvaluation", verbose_name=_("评价"), on_delete=models.CASCADE, related_name="submissions"
    )
    round = models.PositiveSmallIntegerField(_("第几次提交"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.ForeignKey(
        "enterprises.ProfileSnapshot", verbose_name=_("申报数据版本"), on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField(_("填报数据"), default=dict)
    result = models.JSONField(_("评价得分"), default=dict)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退回人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrections = models.JSONField(_("修改意见"), default=dict, blank=True)

    objects = SmeSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("评价提交记录")
        verbose_name_plural = _("评价提交记录")
        ordering = ["evaluation", "round"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "round"], name="sme_submission_unique_round")]

    def __str__(self):
        return f"{self.evaluation} 第{self.round}次提交"
