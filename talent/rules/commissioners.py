"""Rules of science and technology commissioners (科技特派员).

Policy: 科技部等《关于深入推行科技特派员制度的若干意见》(国办发〔2016〕32号) and the
province's management measures, as DESIGN.md section 4.4 states them: a commissioner is
an individual, a legal person (a unit that assigns at least three professionals) or a
team. The team minimum of two is a sanity check of ours (a "team" of one is an
individual), not a figure of the measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

INDIVIDUAL = "individual"
LEGAL_PERSON = "legal_person"
TEAM = "team"

LEGAL_PERSON_MIN_MEMBERS = 3
TEAM_MIN_MEMBERS = 2


@dataclass(frozen=True)
class CommissionerFacts:
    kind: str
    member_count: int
    id_number: str = ""
    leader_name: str = ""


def commissioner_problems(facts: CommissionerFacts) -> dict[str, str]:
    """Return {field: problem code} for a commissioner that breaks the rules of its kind.

    Codes (the services word them for the user): ``id_required``, ``individual_one``,
    ``legal_person_three``, ``team_two``, ``leader_required``.
    """
    problems: dict[str, str] = {}
    if facts.kind == INDIVIDUAL:
        if not facts.id_number:
            problems["id_number"] = "id_required"
        if facts.member_count != 1:
            problems["member_count"] = "individual_one"
    elif facts.kind in (LEGAL_PERSON, TEAM):
        minimum = LEGAL_PERSON_MIN_MEMBERS if facts.kind == LEGAL_PERSON else TEAM_MIN_MEMBERS
        if facts.member_count < minimum:
            problems["member_count"] = "legal_person_three" if facts.kind == LEGAL_PERSON else "team_two"
        if not facts.leader_name.strip():
            problems["leader_name"] = "leader_required"
    return problems


SERVING = "serving"
UPCOMING = "upcoming"
FINISHED = "finished"
ENDED = "ended"


def service_state(service_from: date, service_until: date, ended_on: date | None, day: date) -> str:
    """Return where a term stands on ``day``: upcoming, serving, finished (term over) or ended (early)."""
    if ended_on is not None and ended_on <= day:
        return ENDED
    if day < service_from:
        return UPCOMING
    if day > service_until:
        return FINISHED
    return SERVING


def last_service_day(service_until: date, ended_on: date | None) -> date:
    """Return the last day a commissioner served or will serve."""
    return min(service_until, ended_on) if ended_on else service_until
