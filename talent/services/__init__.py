"""Writes of the talent app: one function per business action (see each module).

- ``selections``     people selected into talent programs (入选人才)
- ``experts``        the expert database (专家库): record, suspend, resume, take out
- ``commissioners``  S&T commissioners (科技特派员), their service logs, ending a term early
- ``imports``        a published selection list from Excel, all rows or none

Permissions are in ``_common``: city staff (any department) and administrators write
everywhere, county staff in their region and its parks, leaders only read.
"""

from ._common import can_view, can_write, fingerprint
from .commissioners import add_service_log, create_commissioner, end_commissioner_service, update_commissioner
from .experts import create_expert, remove_expert, resume_expert, suspend_expert, update_expert
from .imports import import_selections
from .selections import create_selection, update_selection

__all__ = [
    "add_service_log",
    "can_view",
    "can_write",
    "create_commissioner",
    "create_expert",
    "create_selection",
    "end_commissioner_service",
    "fingerprint",
    "import_selections",
    "remove_expert",
    "resume_expert",
    "suspend_expert",
    "update_commissioner",
    "update_expert",
    "update_selection",
]
