"""The talent demo data: idempotent, with the demo experts linked to their accounts."""

import io

from bureau.core import demo as core_demo
from talent import demo
from talent.models import Commissioner, CommissionerServiceLog, Expert, TalentSelection


def test_seed_twice_gives_the_same_data(db):
    core_demo.seed(io.StringIO())
    core_demo.seed_accounts()
    out = io.StringIO()
    demo.seed(out)
    counts = (
        TalentSelection.objects.count(),
        Expert.objects.count(),
        Commissioner.objects.count(),
        CommissionerServiceLog.objects.count(),
    )
    demo.seed(io.StringIO())
    assert counts == (
        TalentSelection.objects.count(),
        Expert.objects.count(),
        Commissioner.objects.count(),
        CommissionerServiceLog.objects.count(),
    )
    assert counts[0] == 60 and counts[1] == 30 and counts[2] == 20 and counts[3] > 20
    assert set(TalentSelection.objects.values_list("year", flat=True)) == {2025, 2026}
    assert all(s.selected_on.year == s.year for s in TalentSelection.objects.all())
    assert len(set(TalentSelection.objects.values_list("region", flat=True))) >= 8
    assert set(Commissioner.objects.values_list("kind", flat=True)) == {"individual", "legal_person", "team"}
    assert set(Expert.objects.exclude(user=None).values_list("user__username", flat=True)) == {"zhuanjia", "tianyuan"}
    for commissioner in Commissioner.objects.all():
        commissioner.full_clean()  # every demo row obeys the rules the services enforce
    assert "科技特派员 20 名" in out.getvalue()
    assert CommissionerServiceLog.objects.filter(recorded_by__username="rencai").exists()
    for selection in TalentSelection.objects.exclude(id_number=""):
        assert (selection.gender == "male") == (selection.full_name[1:] in demo.MEN)  # name and ID agree
