"""Demo data of certification: SME registrations, certificates, the reserve pool, work in progress.

``seed(out)`` runs after the registry's demo (INSTALLED_APPS order) and reads its
organizations; with none there it does nothing. It is idempotent: once any evaluation or
certificate exists it only recomputes the cultivation rollup. What it leaves, for the demo
accounts:

- about a quarter of the verified enterprises registered as SMEs this year and last year
  (with numbers), some forty holding high-tech certificates (a few expiring within six
  months, the demo enterprise's among them), some in the reserve pool;
- SME evaluations of 醴陵市 enterprises waiting for `liling`'s formal review, others
  waiting for `gaoxinke`'s city review, one batch in public notice open today, one
  evaluation waiting for its number; two high-tech applications under review;
- the cultivation rollup of this year.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from bureau import calendar
from bureau.accounts.models import Role, User
from enterprises.models import Membership, Organization
from enterprises.rules import sme as sme_rules

from .models import (
    REQUIRED_ATTACHMENTS,
    AnnualReport,
    HighTechApplication,
    HighTechCertificate,
    ReserveEntry,
    SmeEvaluation,
)
from .policy import certificate_expiry, sme_valid_until
from .selectors import hightech_self_check, sme_facts, sme_profile

SEED = 20261123
DEMO_UENTERPRISE_NAME = "株洲智造科技有限公司"
DEMO_PDF = b"%PDF-1.4\n% demo attachment\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _enterprises():
    return list(
        Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, status=Organization.Status.VERIFIED)
        .select_related("region", "industry", "industry__parent")
        .order_by("pk")
    )


def _user(username: str, full_name: str, org: Organization) -> User:
    from bureau.core.demo import DEMO_PASSWORD

    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.email = f"{username}@demo.kjj.example.gov.cn"
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.APPLICANT.value)[0])
    Membership.objects.get_or_create(user=user, organization=org, defaults={"is_admin": True})
    return user


def _scored(org: Organization, year: int) -> SmeEvaluation | None:
    """Return an unsaved evaluation of ``org`` for ``year`` from its profile, or None without data."""
    profile = sme_profile(org, year)
    figures = profile.initial_figures()
    if not figures:
        return None
    evaluation = SmeEvaluation(
        organization=org,
        year=year,
        contact_name=org.contact_name or "联系人",
        contact_phone=org.contact_phone or "0731-00000000",
        declaration=True,
        class1_ip=profile.class1_ip,
        class2_ip=profile.class2_ip,
        facts=profile.facts_json(),
        **figures,
    )
    result = sme_rules.evaluate(
        sme_facts(figures, evaluation.facts, class1_ip=evaluation.class1_ip, class2_ip=evaluation.class2_ip)
    )
    evaluation.staff_score, evaluation.rd_score, evaluation.ip_score = (
        result.staff_score,
        result.rd_score,
        result.ip_score,
    )
    evaluation.total_score = result.total
    evaluation.eligible, evaluation.direct, evaluation.qualified = result.eligible, result.direct, result.qualified
    return evaluation


@transaction.atomic
def _registrations(orgs, year: int, share: float, rng: random.Random) -> int:
    """Register (入库) a share of the qualifying enterprises for ``year``, as finished evaluations."""
    made = 0
    serial = SmeEvaluation.objects.filter(year=year).exclude(registration_number="").count()
    for org in orgs:
        if rng.random() > share or SmeEvaluation.objects.filter(organization=org, year=year).exists():
            continue
        evaluation = _scored(org, year)
        if evaluation is None or not evaluation.qualified:
            continue
        serial += 1
        registered_on = date(year, rng.randint(4, 10), rng.randint(1, 28))
        if registered_on > timezone.localdate():
            registered_on = timezone.localdate() - timedelta(days=rng.randint(20, 90))
        evaluation.status = SmeEvaluation.Status.REGISTERED
        evaluation.submission_count = 1
        evaluation.submitted_at = timezone.make_aware(
            datetime(registered_on.year, registered_on.month, registered_on.day, 9)
        ) - timedelta(days=30)
        evaluation.registration_number = f"{year}{org.region.code}{serial:04d}"
        evaluation.registered_on = registered_on
        evaluation.valid_until = sme_valid_until(year)
        evaluation.save()
        made += 1
    return made


@transaction.atomic
def _certificates(orgs, rng: random.Random, today: date) -> int:
    made = 0
    serial = HighTechCertificate.objects.count()
    for org in orgs:
        if HighTechCertificate.objects.filter(organization=org).exists():
            continue
        serial += 1
        # Spread over the last three years; one in six ends within six months.
        if rng.random() < 0.17:
            issued = today - timedelta(days=rng.randint(3 * 365 - 170, 3 * 365 - 20))
        else:
            issued = today - timedelta(days=rng.randint(30, 3 * 365 - 200))
        cert = HighTechCertificate.objects.create(
            organization=org,
            number=f"GR{issued.year}43{serial:06d}",
            issued_on=issued,
            expires_on=certificate_expiry(issued),
            batch=f"湖南省{issued.year}年第{1 if issued.month < 9 else 2}批",
            source=HighTechCertificate.Source.IMPORTED,
        )
        for report_year in range(issued.year, today.year):
            if rng.random() < 0.85:
                AnnualReport.objects.create(
                    certificate=cert, year=report_year, reported_on=date(report_year + 1, 5, 20)
                )
        made += 1
    return made


@transaction.atomic
def _reserve(orgs, year: int, staff: dict, today: date) -> int:
    made = 0
    notes = [
        "研发投入占比接近要求，重点辅导研发费用归集",
        "知识产权数量不足，指导申请发明专利",
        "科技人员占比偏低，建议引进研发人员",
    ]
    for n, org in enumerate(orgs):
        if ReserveEntry.objects.filter(organization=org).exists():
            continue
        ReserveEntry.objects.create(
            organization=org,
            year=year,
            note=notes[n % len(notes)],
            added_by=staff.get("liling") if org.region.code == "430281" else staff.get("gaoxinke"),
            added_on=today - timedelta(days=30 + n * 7),
        )
        made += 1
    return made


def _in_review(orgs, year: int, staff: dict, today: date) -> dict:
    """Take a few enterprises through the real services: waiting at the county, the city, in public notice."""
    from bureau.publicity.services import close_publicity

    from .services import sme as services

    counts = {"county": 0, "city": 0, "notice": 0, "number": 0}
    liling_orgs = [o for o in orgs if o.region.code == "430281"]
    others = [o for o in orgs if o.region.code != "430281"]
    plan = [("county", o) for o in liling_orgs[:4]] + [("city", o) for o in others[:3]]
    plan += [("notice", o) for o in (liling_orgs[4:6] + others[3:7])] + [("number", o) for o in others[7:8]]
    ready_for_notice = []
    ready_for_number = []
    for n, (target, org) in enumerate(plan, start=1):
        if SmeEvaluation.objects.filter(organization=org, year=year).exists():
            continue
        user = _user(f"demo_qy{org.pk}", f"企业联系人{n}（{org.name}）", org)
        evaluation = services.start_evaluation(actor=user, organization=org, year=year)
        services.save_evaluation(actor=user, evaluation=evaluation, values={"declaration": True})
        if not evaluation.qualified:
            continue
        services.submit_evaluation(actor=user, evaluation=evaluation)
        counts[target] += 1
        if target == "county":
            continue
        county_staff = staff["liling"] if org.region.code == "430281" else _county_officer(org)
        services.review_evaluation(actor=county_staff, evaluation=evaluation, level="county", decision="pass")
        if target == "city":
            continue
        services.review_evaluation(actor=staff["gaoxinke"], evaluation=evaluation, level="city", decision="pass")
        (ready_for_notice if target == "notice" else ready_for_number).append(evaluation.pk)
    if ready_for_number:
        earlier = services.open_batch(
            actor=staff["gaoxinke"],
            evaluation_ids=ready_for_number,
            starts_on=calendar.add_working_days(today, -15),
            contact="市科技局高新技术科 0731-28688000",
        )
        close_publicity(publicity=earlier)
    if ready_for_notice:
        services.open_batch(
            actor=staff["gaoxinke"],
            evaluation_ids=ready_for_notice,
            starts_on=calendar.add_working_days(today, -3),
            contact="市科技局高新技术科 0731-28688000",
        )
    return counts


def _county_officer(org: Organization) -> User:
    """The county officer of ``org``'s region: a demo account there, or one made on demand."""
    from bureau.core.demo import DEMO_PASSWORD

    existing = User.objects.filter(groups__name=Role.COUNTY_STAFF.value, region=org.region).order_by("pk").first()
    if existing is not None:
        return existing

    username = f"county{org.region.code}"
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": f"{org.region.name}科技局（演示）", "region": org.region}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.COUNTY_STAFF.value)[0])
    return user


def _hightech_in_review(orgs, year: int, staff: dict) -> int:
    from django.core.files.base import ContentFile

    from .services import hightech as services

    made = 0
    for target, org in zip(("county", "city"), orgs, strict=False):
        if HighTechApplication.objects.filter(organization=org).exists():
            continue
        user = _user(f"demo_qy{org.pk}", f"企业联系人（{org.name}）", org)
        application = services.start_application(actor=user, organization=org, year=year)
        for kind in REQUIRED_ATTACHMENTS:
            file = ContentFile(DEMO_PDF, name=f"{kind}.pdf")
            services.add_attachment(actor=user, application=application, kind=kind, file=file)
        ip_ids = [item.pk for item in services.selectable_ip(application)]
        services.save_application(actor=user, application=application, ip_ids=ip_ids, values={"declaration": True})
        try:
            services.submit_application(actor=user, application=application)
        except Exception:  # a demo enterprise whose figures fail a condition stays a draft
            continue
        if target == "city":
            services.review_application(
                actor=_county_officer(org), application=application, level="county", decision="pass"
            )
        made += 1
    return made


def seed(out) -> None:
    orgs = _enterprises()
    if len(orgs) < 20:
        out.write("企业认定：没有足够的创新主体演示数据，跳过（请先运行创新主体的演示数据）")
        return
    today = timezone.localdate()
    year = today.year
    rng = random.Random(SEED)
    staff = {u.username: u for u in User.objects.filter(username__in=["liling", "gaoxinke", "qiye"])}
    if "gaoxinke" not in staff or "liling" not in staff:
        out.write("企业认定：缺少演示账号 liling / gaoxinke，跳过")
        return
    from .services.pipeline import refresh_cultivation

    if SmeEvaluation.objects.exists() or HighTechCertificate.objects.exists():
        # Seeded before (or real data is there): leave it, only bring the rollup up to date.
        refresh_cultivation(year=year)
        out.write("企业认定：已有评价或证书数据，未再生成演示数据；已重新计算梯度培育状态")
        return
    demo_org = next((o for o in orgs if o.name == DEMO_UENTERPRISE_NAME), None)
    pool = [o for o in orgs if o != demo_org]
    rng.shuffle(pool)
    # Work in progress first, on enterprises that qualify, so they stay free of registrations.
    qualified = [o for o in pool[:150] if (e := _scored(o, year)) is not None and e.qualified]
    in_review = _in_review(qualified[:40], year, staff, today)
    busy = {o.pk for o in qualified[:40]}
    ready = [o for o in pool[150:] if not hightech_self_check(o, year).result.failed][:2]
    hightech = _hightech_in_review(ready, year, staff)
    busy |= {o.pk for o in ready}
    rest = [o for o in pool if o.pk not in busy]
    sme_now = _registrations(rest, year, 0.3, rng)
    sme_last = _registrations(rest, year - 1, 0.3, rng)
    if demo_org is not None:
        _registrations([demo_org], year - 1, 1.0, rng)
    certified = rest[:40]
    if demo_org is not None and not HighTechCertificate.objects.filter(organization=demo_org).exists():
        issued = today - timedelta(days=3 * 365 - 100)  # ends within about three months
        HighTechCertificate.objects.create(
            organization=demo_org,
            number=f"GR{issued.year}43000001",
            issued_on=issued,
            expires_on=certificate_expiry(issued),
            batch=f"湖南省{issued.year}年第2批",
            source=HighTechCertificate.Source.IMPORTED,
        )
    certs = _certificates(certified, rng, today)
    reserve = _reserve(rest[40:60], year, staff, today)
    refresh_cultivation(year=year)
    out.write(
        f"企业认定：科技型中小企业 {year} 年入库 {sme_now} 家、{year - 1} 年 {sme_last} 家；高企证书 {certs} 家；"
        f"后备库 {reserve} 家；待县级审核 {in_review['county']}、待市级审核 {in_review['city']}、"
        f"公示中 {in_review['notice']}、待登记编号 {in_review['number']}；高企申请审核中 {hightech}"
    )
