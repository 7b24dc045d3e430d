"""The applicant's own profile (企业服务): basic info, yearly data, IP, qualifications, members."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError, StaleObject
from bureau.core.workflow import progress_log, progress_steps

from .. import services
from ..forms import InviteForm, IPForm, OrganizationForm, QualificationForm, YearForm
from ..models import (
    IntegrityRecord,
    IntellectualProperty,
    Invitation,
    IPUse,
    Membership,
    OrganizationYear,
    Qualification,
)
from ..services.registration import admin_contact
from .common import (
    SESSION_KEY,
    add_domain_error,
    add_errors,
    applicant_required,
    current_membership,
    refusals_back_to,
)

#: Years an organization may fill: from this year back to 2000.
FIRST_YEAR = 2000


def _context(request, **extra) -> dict:
    return {
        "organization": request.organization,
        "membership": request.membership,
        "memberships": getattr(request, "_enterprise_memberships", []),
        **extra,
    }


@applicant_required
def profile(request):
    """Show the organization's basic information, verification state and integrity records."""
    org = request.organization
    records = IntegrityRecord.objects.filter(organization=org).order_by("-starts_on")
    counts = {
        "years": OrganizationYear.objects.filter(organization=org).count(),
        "ip": IntellectualProperty.objects.filter(organization=org).count(),
        "qualifications": Qualification.objects.filter(organization=org).count(),
    }
    return render(
        request,
        "enterprises/profile.html",
        _context(
            request,
            steps=progress_steps(org),
            log=progress_log(org),
            records=records,
            counts=counts,
            can_resubmit=org.status == org.Status.REJECTED and request.membership.is_admin,
        ),
    )


@applicant_required
def profile_edit(request):
    org = request.organization
    if request.method == "POST" and request.POST.get("action") == "resubmit":
        services.resubmit_registration(
            actor=request.user, organization=org, expected_version=request.POST.get("version")
        )
        messages.success(request, _("已重新提交核验，请等待县市区科技部门处理。"))
        return redirect("enterprises:profile")
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=org)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "business_licence")}
        try:
            services.update_organization(
                actor=request.user,
                organization=org,
                values=values,
                licence=form.cleaned_data.get("business_licence"),
                expected_version=form.cleaned_data["version"],
            )
        except StaleObject as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("单位信息已保存。"))
            return redirect("enterprises:profile")
    return render(request, "enterprises/profile_edit.html", _context(request, form=form))


@require_POST
@applicant_required
def switch_organization(request):
    try:
        pk = int(request.POST.get("organization", ""))
    except ValueError:
        raise Http404 from None
    if not Membership.objects.filter(user=request.user, organization_id=pk).exists():
        raise Http404
    request.session[SESSION_KEY] = pk
    return redirect(request.POST.get("next") or "enterprises:profile")


# --- Yearly data -----------------------------------------------------------------------------


def _recent_years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year - 1, this_year - 2, this_year - 3]


@applicant_required
def year_list(request):
    rows = list(OrganizationYear.objects.filter(organization=request.organization).order_by("-year"))
    filled = {r.year for r in rows}
    missing = [y for y in _recent_years() if y not in filled]
    return render(request, "enterprises/year_list.html", _context(request, rows=rows, missing=missing))


@applicant_required
def year_edit(request, year: int):
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise Http404
    org = request.organization
    row = OrganizationYear.objects.filter(organization=org, year=year).first()
    form = YearForm(request.POST or None, instance=row or OrganizationYear(organization=org, year=year))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_year(
                actor=request.user,
                organization=org,
                year=year,
                values=values,
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleObject:
            form.add_error(
                None,
                _(
                    "该年度数据已被同事修改过。为避免覆盖他人的修改，本次保存未生效：请复制您填写的内容，刷新页面后再修改。"
                ),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("%(year)s 年度数据已保存。") % {"year": year})
            return redirect("enterprises:years")
    years = sorted({*_recent_years(), year}, reverse=True)
    return render(request, "enterprises/year_edit.html", _context(request, form=form, year=year, row=row, years=years))


# --- Intellectual property ------------------------------------------------------------------


@applicant_required
def ip_list(request):
    org = request.organization
    items = (
        IntellectualProperty.objects.filter(organization=org)
        .annotate(use_count=Count("uses", filter=Q(uses__released_at__isnull=True)))
        .order_by("-granted_on", "-pk")
    )
    status = request.GET.get("status", "")
    if status in IntellectualProperty.Status.values:
        items = items.filter(status=status)
    from django.core.paginator import Paginator

    page = Paginator(items, 30).get_page(request.GET.get("page"))
    uses = {}
    for use in IPUse.objects.active().filter(ip__in=[i.pk for i in page]).order_by("used_at"):
        uses.setdefault(use.ip_id, []).append(use)
    summary = (
        IntellectualProperty.objects.filter(organization=org)
        .valid()
        .aggregate(class1=Count("pk", filter=Q(ip_class=1)), class2=Count("pk", filter=Q(ip_class=2)))
    )
    return render(
        request,
        "enterprises/ip_list.html",
        _context(
            request,
            page_obj=page,
            uses=uses,
            summary=summary,
            status=status,
            statuses=IntellectualProperty.Status.choices,
        ),
    )


@applicant_required
def ip_edit(request, pk: int | None = None):
    org = request.organization
    item = get_object_or_404(IntellectualProperty, pk=pk, organization=org) if pk else None
    form = IPForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_ip(
                actor=request.user,
                organization=org,
                values=values,
                item=item,
                expected_version=form.cleaned_data.get("version") if item else None,
            )
        except StaleObject as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_errors(form, exc)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("知识产权已保存。"))
            return redirect("enterprises:ip-list")
    uses = list(item.uses.order_by("used_at")) if item else []
    return render(request, "enterprises/ip_edit.html", _context(request, form=form, item=item, uses=uses))


@require_POST
@applicant_required
@refusals_back_to("enterprises:ip-edit", with_pk=True)
def ip_delete(request, pk: int):
    item = get_object_or_404(IntellectualProperty, pk=pk, organization=request.organization)
    services.delete_ip(actor=request.user, item=item)
    messages.success(request, _("已删除知识产权“%(title)s”。") % {"title": item.title})
    return redirect("enterprises:ip-list")


# --- Qualifications -----------------------------------------------------------------------


@applicant_required
def qualification_list(request):
    items = Qualification.objects.filter(organization=request.organization).order_by("kind", "-year", "pk")
    groups = {kind: [] for kind, _label in Qualification.Kind.choices}
    for q in items:
        groups[q.kind].append(q)
    grouped = [(value, label, groups[value]) for value, label in Qualification.Kind.choices]
    return render(request, "enterprises/qualification_list.html", _context(request, grouped=grouped))


@applicant_required
def qualification_edit(request, pk: int | None = None):
    org = request.organization
    item = get_object_or_404(Qualification, pk=pk, organization=org) if pk else None
    initial = {}
    if item is None and request.GET.get("kind") in Qualification.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = QualificationForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.save_qualification(
                actor=request.user,
                organization=org,
                values=values,
                item=item,
                expected_version=form.cleaned_data.get("version") if item else None,
            )
        except StaleObject as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("资质荣誉已保存。"))
            return redirect("enterprises:qualifications")
    return render(request, "enterprises/qualification_edit.html", _context(request, form=form, item=item))


@require_POST
@applicant_required
def qualification_delete(request, pk: int):
    item = get_object_or_404(Qualification, pk=pk, organization=request.organization)
    services.delete_qualification(actor=request.user, item=item)
    messages.success(request, _("已删除“%(name)s”。") % {"name": item.name})
    return redirect("enterprises:qualifications")


# --- Members ------------------------------------------------------------------------------


@applicant_required
def members(request):
    org = request.organization
    is_admin = request.membership.is_admin
    form = InviteForm(request.POST or None) if is_admin else None
    new_link = None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            invitation, token = services.invite_member(actor=request.user, organization=org, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            new_link = request.build_absolute_uri(reverse("enterprises:invitation-accept", args=[token]))
            messages.success(
                request,
                _("已向 %(name)s 发出邀请。") % {"name": invitation.full_name}
                + (_("邀请邮件已发送。") if invitation.email else ""),
            )
            form = InviteForm()
    people = Membership.objects.filter(organization=org).select_related("user").order_by("-is_admin", "joined_at")
    invitations = Invitation.objects.filter(organization=org).select_related("invited_by")[:50]
    return render(
        request,
        "enterprises/members.html",
        _context(
            request,
            people=people,
            invitations=invitations,
            form=form,
            is_admin=is_admin,
            new_link=new_link,
            admin_contact=admin_contact(org) if not is_admin else "",
        ),
    )


@require_POST
@applicant_required
@refusals_back_to("enterprises:members")
def member_action(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk, organization=request.organization)
    action = request.POST.get("action")
    if action == "make_admin":
        services.set_member_admin(actor=request.user, membership=membership, is_admin=True)
        messages.success(request, _("已将 %(name)s 设为管理员。") % {"name": membership.user.display_name})
    elif action == "drop_admin":
        services.set_member_admin(actor=request.user, membership=membership, is_admin=False)
        messages.success(request, _("已取消 %(name)s 的管理员身份。") % {"name": membership.user.display_name})
    elif action == "remove":
        services.remove_member(actor=request.user, membership=membership)
        messages.success(request, _("已将 %(name)s 移出本单位。") % {"name": membership.user.display_name})
    return redirect("enterprises:members")


@require_POST
@applicant_required
@refusals_back_to("enterprises:members")
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk, organization=request.organization)
    services.revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(request, _("已撤销对 %(name)s 的邀请。") % {"name": invitation.full_name})
    return redirect("enterprises:members")


__all__ = ["current_membership"]
