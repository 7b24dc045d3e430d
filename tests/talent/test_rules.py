"""The pure rules of the talent app."""

from datetime import date

from talent.rules.commissioners import CommissionerFacts, commissioner_problems, last_service_day, service_state
from talent.rules.identity import gender_from_id_number


def test_commissioner_problems_by_kind():
    assert commissioner_problems(CommissionerFacts("individual", 1, "430281199001011234")) == {}
    assert commissioner_problems(CommissionerFacts("individual", 2, "")) == {
        "id_number": "id_required",
        "member_count": "individual_one",
    }
    assert commissioner_problems(CommissionerFacts("legal_person", 2, leader_name="陈")) == {
        "member_count": "legal_person_three"
    }
    assert commissioner_problems(CommissionerFacts("legal_person", 3, leader_name="陈")) == {}
    assert commissioner_problems(CommissionerFacts("team", 1, leader_name=" ")) == {
        "member_count": "team_two",
        "leader_name": "leader_required",
    }


def test_service_state():
    start, until = date(2026, 3, 1), date(2027, 2, 28)
    assert service_state(start, until, None, date(2026, 2, 28)) == "upcoming"
    assert service_state(start, until, None, date(2026, 3, 1)) == "serving"
    assert service_state(start, until, None, date(2027, 3, 1)) == "finished"
    assert service_state(start, until, date(2026, 8, 31), date(2026, 8, 31)) == "ended"
    assert service_state(start, until, date(2026, 8, 31), date(2026, 8, 30)) == "serving"
    assert last_service_day(until, date(2026, 8, 31)) == date(2026, 8, 31)
    assert last_service_day(until, None) == until


def test_gender_from_id_number():
    assert gender_from_id_number("430281199001011234") == "male"  # 17th digit 3
    assert gender_from_id_number("430281199001011248") == "female"  # 17th digit 4
    assert gender_from_id_number("") == ""
