"""Application and project numbers stay unique and gap-free under concurrent submissions.

Real concurrent transactions: each thread has its own database connection and submits a
different draft at the same instant (a barrier releases them together). The counter row
locked FOR UPDATE makes them queue; a submission that fails after taking a number gives
the number back with its rollback.
"""

import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from projects import services
from projects.models import ProjectApplication, ProjectNumberCounter
from projects.rules.numbering import APPLICATION

from .factories import COMPLETE, ProjectApplicationFactory

THREADS = 8
YEAR = timezone.localdate().year


def _race(worker, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(args):
        try:
            barrier.wait(timeout=30)
            worker(*args)
        except Exception as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def _drafts(applicant, org, call, n):
    return [
        services.create_application(actor=applicant, call=call, organization=org, data=dict(COMPLETE)).pk
        for _ in range(n)
    ]


def test_numbers_follow_each_other(draft, applicant, org, open_call):
    (other,) = (ProjectApplication.objects.get(pk=pk) for pk in _drafts(applicant, org, open_call, 1))
    services.submit_application(actor=applicant, application=draft)
    services.submit_application(actor=applicant, application=other)
    assert [draft.number, other.number] == [f"XM{YEAR}-0001", f"XM{YEAR}-0002"]


def test_a_failed_submission_gives_its_number_back(draft, applicant, org, open_call):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_application(actor=applicant, application=draft)
        raise RuntimeError("the request failed after numbering")
    fresh = ProjectApplication.objects.get(pk=draft.pk)
    services.submit_application(actor=applicant, application=fresh)
    assert fresh.number == f"XM{YEAR}-0001"


def test_the_counter_starts_after_imported_numbers_and_skips_taken_ones(draft, applicant, open_call):
    ProjectApplicationFactory(
        call=open_call,
        number=f"XM{YEAR}-0007",
        status="approved",
        source="imported",
        approved_on=timezone.localdate(),
        approved_amount=1,
        project_number=f"ZZKJ{YEAR}-001",
    )
    services.submit_application(actor=applicant, application=draft)
    assert draft.number == f"XM{YEAR}-0008"
    # An import after the counter exists: the next number skips what the import took.
    ProjectApplicationFactory(call=open_call, number=f"XM{YEAR}-0009")
    other = ProjectApplicationFactory(
        call=open_call, organization=draft.organization, **{k: v for k, v in COMPLETE.items() if k != "title"}
    )
    services.submit_application(actor=applicant, application=other)
    assert other.number == f"XM{YEAR}-0010"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_gap_free_numbers(applicant, org, open_call):
    ids = _drafts(applicant, org, open_call, THREADS)

    def submit(pk):
        application = ProjectApplication.objects.select_related("call", "organization").get(pk=pk)
        services.submit_application(actor=applicant, application=application)

    errors = _race(submit, [(pk,) for pk in ids])
    assert errors == []
    numbers = list(ProjectApplication.objects.filter(pk__in=ids).values_list("number", flat=True))
    assert sorted(APPLICATION.parse(n)[1] for n in numbers) == list(range(1, THREADS + 1))
    counter = ProjectNumberCounter.objects.get(series=ProjectNumberCounter.Series.APPLICATION, year=YEAR)
    assert counter.last_serial == THREADS


@pytest.mark.django_db(transaction=True)
def test_losing_a_race_on_the_same_application_leaves_no_gap(applicant, org, open_call):
    (pk,) = _drafts(applicant, org, open_call, 1)

    def submit():
        application = ProjectApplication.objects.select_related("call", "organization").get(pk=pk)
        services.submit_application(actor=applicant, application=application, expected_version=application.version)

    errors = _race(submit, [() for _ in range(4)])
    # One submission wins; the others are refused (stale or no longer a draft) and give their serial back.
    assert len(errors) == 3
    assert ProjectApplication.objects.get(pk=pk).number == f"XM{YEAR}-0001"
    counter = ProjectNumberCounter.objects.get(series=ProjectNumberCounter.Series.APPLICATION, year=YEAR)
    assert counter.last_serial == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_get_consecutive_project_numbers(applicant, org, open_call, staff):
    ids = _drafts(applicant, org, open_call, 4)
    for pk in ids:
        application = ProjectApplication.objects.get(pk=pk)
        services.submit_application(actor=applicant, application=application)
        services.accept(actor=staff, application=application)

    def approve(pk):
        application = ProjectApplication.objects.select_related("call").get(pk=pk)
        services.approve(actor=staff, application=application, amount=COMPLETE["requested_amount"])

    assert _race(approve, [(pk,) for pk in ids]) == []
    numbers = sorted(ProjectApplication.objects.filter(pk__in=ids).values_list("project_number", flat=True))
    assert numbers == [f"ZZKJ{open_call.year}-{i:03d}" for i in range(1, 5)]
