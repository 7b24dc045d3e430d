"""Talent programs and selections, the expert database and S&T commissioners."""

from .commissioners import Commissioner, CommissionerServiceLog
from .experts import Expert
from .programs import TalentProgram, TalentSelection

__all__ = [
    "Commissioner",
    "CommissionerServiceLog",
    "Expert",
    "TalentProgram",
    "TalentSelection",
]
