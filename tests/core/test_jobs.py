"""Background jobs (bureau/core/jobs.py) and their pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.core.errors import DomainError
from bureau.core.jobs import JobOutcome, job_handler, run_job, start_job
from bureau.core.models import Job
from bureau.inbox.models import Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@job_handler("tests.count")
def _count(job, progress):
    total = job.params["n"]
    for i in range(1, total + 1):
        progress(done=i, total=total, message=f"{i}/{total}", force=True)
    return JobOutcome(message=f"已处理 {total} 条", file=("结果.txt", b"ok"), result={"n": total})


@job_handler("tests.refuse")
def _refuse(job, progress):
    raise DomainError("第 3 行：金额不是数字")


@job_handler("tests.upload")
def _upload(job, progress):
    return JobOutcome(message=job.input_file.read().decode())


def test_job_runs_after_commit_and_tells_its_owner(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.count", title="计数", params={"n": 3})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.message == "已处理 3 条"
    assert job.result == {"n": 3}
    assert job.result_file.read() == b"ok"
    message = Message.objects.get(recipient=owner)
    assert message.title == "后台任务已完成：计数"
    assert message.url == reverse("jobs:detail", args=[job.pk])


def test_a_job_runs_once_even_if_the_task_is_delivered_twice(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.count", title="计数", params={"n": 1})
    assert run_job(job.pk) is None
    assert Message.objects.filter(recipient=owner).count() == 1


def test_a_refused_job_fails_with_the_reason(django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.refuse", title="导入")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "第 3 行：金额不是数字"
    assert Message.objects.get(recipient=owner).title == "后台任务未能完成：导入"


def test_an_unknown_kind_is_refused():
    with pytest.raises(DomainError):
        start_job(actor=UserFactory(), kind="tests.nope", title="x")


def test_a_job_reads_its_uploaded_file(django_capture_on_commit_callbacks):
    owner = UserFactory()
    upload = SimpleUploadedFile("合同.xlsx", "内容".encode())
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.upload", title="上传", input_file=upload)
    job.refresh_from_db()
    assert job.message == "内容"


def test_job_pages_are_for_the_owner_only(client, django_capture_on_commit_callbacks):
    owner, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.count", title="计数导出", params={"n": 2})
    client.force_login(owner)
    assert "计数导出" in client.get(reverse("jobs:list")).content.decode()
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    assert page.status_code == 200
    assert 'data-status="done"' in page.content.decode()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"ok"
    client.force_login(other)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("job-list")).json()["count"] == 0


def test_the_status_block_polls_only_while_running(client):
    owner = UserFactory()
    job = Job.objects.create(
        kind="tests.count", title="进行中", owner=owner, status=Job.Status.RUNNING, done=5, total=10
    )
    client.force_login(owner)
    html = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "50%" in html


def test_a_failed_job_shows_a_full_red_bar_saying_it_did_not_finish(client):
    owner = UserFactory()
    job = Job.objects.create(kind="tests.count", title="导入", owner=owner, status=Job.Status.FAILED, done=0, total=0)
    client.force_login(owner)
    html = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'class="progress-bar bg-danger" style="width: 100%">未完成<' in html
    assert "hx-trigger" not in html


@job_handler("tests.import_from_page", origin="jobs:list")
def _import_from_page(job, progress):
    progress(done=1, total=3)  # throttled away: the end must still record 3 / 3 or the failure's figures
    if job.params.get("fail"):
        raise DomainError("第 2 行：单位名称不能为空")
    return JobOutcome(message="已导入 3 条")


@pytest.mark.parametrize(
    ("fail", "status", "link", "figures"),
    [(True, Job.Status.FAILED, "返回导入页面，重新上传", "1 / 3"), (False, Job.Status.DONE, "返回导入页面", "3 / 3")],
    ids=["failed", "done"],
)
def test_a_finished_import_links_back_to_its_page(
    client, django_capture_on_commit_callbacks, fail, status, link, figures
):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.import_from_page", title="导入", params={"fail": fail})
    job.refresh_from_db()
    assert job.status == status
    client.force_login(owner)
    body = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("jobs:list")}" data-testid="job-origin"' in body
    assert link in body
    assert figures in body


def test_a_job_without_an_origin_page_shows_no_back_link(client, django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(actor=owner, kind="tests.count", title="计数", params={"n": 1})
    client.force_login(owner)
    assert 'data-testid="job-origin"' not in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
