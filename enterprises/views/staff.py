"""Staff pages (创新主体): the directory, pending registrations, one organization, import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.accounts.models import Role
from bureau.core.errors import DomainError
from bureau.core.excel import xlsx_response
from bureau.core.jobs import start_job
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import available_transitions, progress_log
from bureau.regions.models import Region

from .. import services
from ..exports import DIRECT_EXPORT_LIMIT, export_filename, organizations_xlsx
from ..forms import ImportForm, IntegrityRecordForm, OrganizationFilterForm
from ..models import (
    IntegrityRecord,
    IntellectualProperty,
    Membership,
    Organization,
    OrganizationYear,
    Qualification,
)
from ..services.access import is_staff_over
from ..validators import sniff_format
from .common import add_errors, refusals_back_to, staff_required

PAGE_SIZE = 30

#: Sortable columns of the directory: URL key -> ORDER BY fields.
SORTS = {
    "name": ("name", "pk"),
    "uscc": ("uscc",),
    "region": ("region__sort_order", "name", "pk"),
    "industry": ("industry__sort_order", "name", "pk"),
    "registered_on": ("registered_on", "pk"),
    "created": ("created_at", "pk"),
    "status": ("status", "name", "pk"),
}


def _regions_for(user):
    regions = Region.objects.counties().filter(is_active=True).order_by("sort_order", "code")
    if not user.sees_whole_city and user.region_id:
        regions = regions.filter(Q(pk=user.region_id) | Q(parent_id=user.region_id))
    return regions


def _ordering(request) -> tuple[str, list[str]]:
    sort = request.GET.get("sort", "-created")
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = "-created", "created"
    fields = list(SORTS[key])
    if sort.startswith("-"):
        fields = [f"-{f}" for f in fields]
    return sort, fields


def _filters(request) -> dict:
    keep = ("q", "region", "kind", "industry", "field", "status")
    return {k: request.GET[k] for k in keep if request.GET.get(k)}


@staff_required
def org_list(request):
    """The directory of innovation entities in the user's scope, filtered, sorted, paginated."""
    form = OrganizationFilterForm(request.GET or None, regions=_regions_for(request.user))
    queryset = form.filter(Organization.objects.visible_to(request.user))
    sort, ordering = _ordering(request)
    page = Paginator(queryset.with_relations().order_by(*ordering), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "enterprises/org_list.html",
        {
            "form": form,
            "page_obj": page,
            "sort": sort,
            "base_query": query.urlencode(),
            "export_url": f"{_url('enterprises:org-export')}?{request.GET.urlencode()}",
            "direct_limit": DIRECT_EXPORT_LIMIT,
            "can_import": bool(request.user.roles & {Role.COUNTY_STAFF, Role.CITY_STAFF, Role.ADMINISTRATOR}),
        },
    )


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


@staff_required
def org_pending(request):
    """Registrations waiting for the county's verification (待核验注册), oldest first."""
    queryset = Organization.objects.visible_to(request.user).pending().with_relations().order_by("created_at", "pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enterprises/org_pending.html", {"page_obj": page})


@staff_required
def org_export(request):
    """Export the filtered directory: small lists at once, large ones as a background job."""
    form = OrganizationFilterForm(request.GET or None, regions=_regions_for(request.user))
    queryset = form.filter(Organization.objects.visible_to(request.user))
    total = queryset.count()
    if total <= DIRECT_EXPORT_LIMIT:
        return xlsx_response(organizations_xlsx(queryset), export_filename())
    job = start_job(
        actor=request.user,
        kind="enterprises.export_organizations",
        title=_("导出创新主体名录（%(n)s 条）") % {"n": total},
        params={"filters": _filters(request)},
    )
    messages.info(
        request,
        _("共 %(n)s 条，数据较多，已转为后台导出；完成后可在此页下载，也会在“待办与消息”中提醒您。") % {"n": total},
    )
    return redirect("jobs:detail", job.pk)


@staff_required
def org_detail(request, pk: int):
    """One organization as staff see it: identity, verification, profile and integrity records."""
    org = get_visible_or_404(Organization.objects.with_relations(), request.user, pk=pk)
    years = list(OrganizationYear.objects.filter(organization=org).order_by("-year")[:10])
    ip_items = IntellectualProperty.objects.filter(organization=org).order_by("-granted_on", "-pk")
    ip_summary = ip_items.aggregate(
        total=Count("pk"),
        class1=Count("pk", filter=Q(ip_class=1, status="valid")),
        class2=Count("pk", filter=Q(ip_class=2, status="valid")),
    )
    can_edit_integrity = is_staff_over(request.user, org)
    context = {
        "org": org,
        "years": years,
        "ip_items": list(ip_items[:20]),
        "ip_summary": ip_summary,
        "qualifications": list(Qualification.objects.filter(organization=org).order_by("kind", "-year")),
        "records": list(
            IntegrityRecord.objects.filter(organization=org).select_related("entered_by").order_by("-starts_on")
        ),
        "members": list(
            Membership.objects.filter(organization=org).select_related("user").order_by("-is_admin", "joined_at")
        ),
        "options": available_transitions(org, request.user),
        "log": progress_log(org),
        "integrity_form": IntegrityRecordForm() if can_edit_integrity else None,
    }
    return render(request, "enterprises/org_detail.html", context)


@require_POST
@staff_required
@refusals_back_to("enterprises:org-detail", with_pk=True)
def org_verify(request, pk: int):
    """Run the verification the county staff chose: verify, or reject with a reason."""
    org = get_visible_or_404(Organization.objects.with_relations(), request.user, pk=pk)
    action = request.POST.get("transition")
    comment = request.POST.get("comment", "").strip()
    version = request.POST.get("version")
    if action == "verify":
        services.verify_organization(actor=request.user, organization=org, comment=comment, expected_version=version)
        messages.success(request, _("已核验通过“%(name)s”，已通知该单位。") % {"name": org.name})
    elif action == "reject":
        services.reject_organization(actor=request.user, organization=org, reason=comment, expected_version=version)
        messages.success(request, _("已退回“%(name)s”的注册，并告知原因。") % {"name": org.name})
    else:
        raise Http404
    return redirect("enterprises:org-detail", org.pk)


def org_licence(request, pk: int):
    """Send the business licence to its organization's members and to staff over it."""
    if not request.user.is_authenticated:
        raise Http404
    org = get_visible_or_404(Organization.objects, request.user, pk=pk)
    if not org.business_licence:
        raise Http404
    file = org.business_licence.open("rb")
    kind = sniff_format(file.read(16)) or "pdf"
    file.seek(0)
    content_type = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}[kind]
    filename = _("营业执照_%(code)s.%(ext)s") % {"code": org.uscc, "ext": "jpg" if kind == "jpeg" else kind}
    response = FileResponse(file, content_type=content_type, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@staff_required
def integrity_add(request, pk: int):
    org = get_visible_or_404(Organization.objects.with_relations(), request.user, pk=pk)
    form = IntegrityRecordForm(request.POST)
    if form.is_valid():
        try:
            services.add_integrity_record(actor=request.user, organization=org, values=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("诚信记录已录入。"))
            return redirect("enterprises:org-detail", org.pk)
    errors = "；".join(
        f"{form.fields[f].label if f in form.fields else ''}{e}" for f, es in form.errors.items() for e in es
    )
    messages.error(request, _("诚信记录未录入：%(errors)s") % {"errors": errors})
    return redirect("enterprises:org-detail", org.pk)


@staff_required
def org_import(request):
    """Import historical organization lists or IP items from Excel, all rows or none."""
    if not request.user.roles & {Role.COUNTY_STAFF, Role.CITY_STAFF, Role.ADMINISTRATOR}:
        raise Http404
    if request.GET.get("template") in ("organizations", "ip"):
        return _template(request.GET["template"])
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        titles = {"organizations": _("导入创新主体名录"), "ip": _("导入知识产权")}
        try:
            job = start_job(
                actor=request.user,
                kind=f"enterprises.import_{kind}",
                title=f"{titles[kind]}：{form.cleaned_data['file'].name}",
                input_file=form.cleaned_data["file"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("jobs:detail", job.pk)
    return render(request, "enterprises/org_import.html", {"form": form})


def _template(kind: str):
    from bureau.core.excel import Column, Sheet, build_xlsx

    from ..services.imports import IP_HEADERS, ORGANIZATION_HEADERS

    headers = ORGANIZATION_HEADERS if kind == "organizations" else IP_HEADERS
    columns = [Column(text, key, width=20) for text, key in headers.items()]
    content = build_xlsx([Sheet(title=_("导入模板"), columns=columns, rows=[])])
    name = _("创新主体导入模板.xlsx") if kind == "organizations" else _("知识产权导入模板.xlsx")
    return xlsx_response(content, name)
