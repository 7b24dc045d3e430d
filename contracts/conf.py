"""Installation settings of contract registration, read from Django settings with defaults.

``CONTRACTS_NUMBER_FORMAT``   dict of ``NumberFormat`` fields (segments, widths)
``CONTRACTS_TIME_LIMIT``      dict of ``TimeLimitPolicy`` fields (days, threshold, basis)
``CONTRACTS_SCAN_MAX_BYTES``  largest scan accepted (default 20 MB)
"""

from decimal import Decimal

from django.conf import settings

from .rules.numbering import DEFAULT_FORMAT, NumberFormat
from .rules.time_limit import POLICY_2026, TimeLimitPolicy

SCAN_MAX_BYTES_DEFAULT = 20 * 1024 * 1024
# Lists longer than this are exported by a background job instead of in the request.
EXPORT_INLINE_LIMIT = 2000


def number_format() -> NumberFormat:
    custom = getattr(settings, "CONTRACTS_NUMBER_FORMAT", None)
    if not custom:
        return DEFAULT_FORMAT
    values = dict(custom)
    if "segments" in values:
        values["segments"] = tuple(values["segments"])
    return NumberFormat(**values)


def time_limit_policy() -> TimeLimitPolicy:
    custom = getattr(settings, "CONTRACTS_TIME_LIMIT", None)
    if not custom:
        return POLICY_2026
    values = dict(custom)
    if "expert_review_threshold" in values:
        values["expert_review_threshold"] = Decimal(str(values["expert_review_threshold"]))
    return TimeLimitPolicy(**values)


def scan_max_bytes() -> int:
    return int(getattr(settings, "CONTRACTS_SCAN_MAX_BYTES", SCAN_MAX_BYTES_DEFAULT))
