"""Installation settings of the projects app, read from Django settings with defaults.

``PROJECTS_NUMBERING``  ``{"application": {"prefix": "XM", "width": 4},
                          "project": {"prefix": "ZZKJ", "width": 3}}`` (either part optional)
"""

from django.conf import settings

from .rules import numbering

# Lists longer than this are exported by a background job instead of in the request.
EXPORT_INLINE_LIMIT = 2000


def _series(key: str, default: numbering.Series) -> numbering.Series:
    custom = (getattr(settings, "PROJECTS_NUMBERING", None) or {}).get(key) or {}
    return numbering.Series(prefix=custom.get("prefix", default.prefix), width=int(custom.get("width", default.width)))


def application_series() -> numbering.Series:
    return _series("application", numbering.APPLICATION)


def project_series() -> numbering.Series:
    return _series("project", numbering.PROJECT)
