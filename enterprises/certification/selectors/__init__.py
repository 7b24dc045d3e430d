"""Reads of certification that are more than a filter: facts for the rules, queues, the pipeline.

The profile is read only through ``enterprises.selectors`` (``profile_facts``,
``integrity_kinds``, ``ip_available_for_hightech``); the rules are ``enterprises.rules``.
One module per concept: ``sme`` (SME evaluation), ``hightech`` (the self-check),
``queues`` (待审核), ``pipeline`` (梯度培育 and the rollup's bulk reads) and
``progress`` (办理进度查询); this package re-exports them all.
"""

from .hightech import SelfCheck, conditions_json, hightech_facts_from, hightech_self_check
from .pipeline import (
    PipelineProfile,
    candidates,
    last_rollup,
    pipeline_as_of,
    pipeline_profiles,
    stage_counts,
)
from .progress import find_hightech_progress, find_sme_progress, step_bar
from .queues import hightech_awaiting, queue_counts, sme_awaiting
from .sme import (
    ZERO,
    SmeProfile,
    evaluation_facts,
    evaluation_gaps,
    evaluation_result,
    sme_facts,
    sme_profile,
)

__all__ = [
    "ZERO",
    "PipelineProfile",
    "SelfCheck",
    "SmeProfile",
    "candidates",
    "conditions_json",
    "evaluation_facts",
    "evaluation_gaps",
    "evaluation_result",
    "find_hightech_progress",
    "find_sme_progress",
    "hightech_awaiting",
    "hightech_facts_from",
    "hightech_self_check",
    "last_rollup",
    "pipeline_as_of",
    "pipeline_profiles",
    "queue_counts",
    "sme_awaiting",
    "sme_facts",
    "sme_profile",
    "stage_counts",
    "step_bar",
]
