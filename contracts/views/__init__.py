"""Pages of technology contract registration: thin views over services and selectors.

Brokers and statistics are in their own modules (``views.brokers``, ``views.statistics``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.accounts.models import Role
from bureau.core.errors import DomainError, InvalidInput
from bureau.core.excel import xlsx_response
from bureau.core.jobs import start_job
from bureau.core.scoping import get_visible_or_404
from bureau.core.workflow import progress_log, progress_steps

from .. import selectors, services
from ..conf import EXPORT_INLINE_LIMIT, number_format, time_limit_policy
from ..exports import contracts_xlsx
from ..filters import ContractFilter
from ..forms import (
    ConfirmIncomeForm,
    ContractForm,
    ImportForm,
    IncomeForm,
    OrganizationChoiceForm,
    RefuseForm,
)
from ..imports import COLUMNS as IMPORT_COLUMNS
from ..jobs import EXPORT_KIND, IMPORT_KIND
from ..models import ContractAttachment, IncomeVerification, RegistrationOffice, TechnologyContract
from ..rules import catalog
from ..rules.income import proposed_technical_income
from ..services.filing import filing_problems
from ._common import PAGE_SIZE, _apply_field_errors, _is_registrar, _is_staff, _version

# --- Lists --------------------------------------------------------------------------


@login_required
def contract_list(request):
    """List the contracts the user may see, filtered; sellers see their own."""
    base = selectors.contracts_for(request.user)
    filterset = ContractFilter(request.GET, queryset=base)
    queryset = filterset.qs.order_by("-created_at", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    is_applicant = request.user.has_role(Role.APPLICANT) and not _is_staff(request.user)
    return render(
        request,
        "contracts/contract_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": selectors.with_clock(page.object_list),
            "is_applicant": is_applicant,
            "export_url": reverse("contracts:export") + "?" + request.GET.urlencode(),
        },
    )


@login_required
def export_contracts(request):
    """Export the filtered list: at once when short, as a background job when long."""
    filterset = ContractFilter(request.GET, queryset=selectors.contracts_for(request.user))
    queryset = filterset.qs.order_by("-registered_on", "-pk")
    count = queryset.count()
    if count <= EXPORT_INLINE_LIMIT:
        return xlsx_response(contracts_xlsx(queryset), f"技术合同_{timezone.localdate():%Y%m%d}.xlsx")
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    job = start_job(
        actor=request.user,
        kind=EXPORT_KIND,
        title=_("导出技术合同（%(n)s 条）") % {"n": count},
        params={"filters": params},
    )
    messages.info(request, _("共 %(n)s 条，已转为后台导出，完成后可在此页面下载。") % {"n": count})
    return redirect("jobs:detail", job.pk)


@login_required
def queue(request):
    """The registrar's queue with the working-day clock of each filing."""
    if not _is_registrar(request.user):
        raise PermissionDenied
    queryset = selectors.registrar_queue(request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.with_clock(page.object_list)
    return render(
        request,
        "contracts/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "offices": RegistrationOffice.objects.handled_by(request.user).select_related("region"),
            "policy": time_limit_policy(),
            "number_format": number_format(),
            "income_pending": selectors.income_queue(request.user).count(),
        },
    )


@login_required
def overdue(request):
    """Leaders' view: filings past their working-day limit, by office."""
    user = request.user
    if not (user.has_role(Role.LEADER) or _is_staff(user)):
        raise PermissionDenied
    queryset = selectors.overdue_contracts(user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/overdue.html", {"page_obj": page, "rows": selectors.with_clock(page.object_list)})


# --- Filing -------------------------------------------------------------------------


def _seller_organizations(user):
    from enterprises.models import Organization

    return Organization.objects.filter(memberships__user=user).select_related("region").order_by("name")


@login_required
def contract_new(request):
    """Start a filing for one of the user's organizations."""
    if not request.user.has_role(Role.APPLICANT):
        raise PermissionDenied
    organizations = _seller_organizations(request.user)
    chooser = OrganizationChoiceForm(request.POST or None, organizations=organizations, prefix="org")
    form = ContractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            contract = services.save_draft(
                actor=request.user,
                organization=chooser.cleaned_data["organization"],
                data=form.service_data(),
                brokers=form.cleaned_data["brokers"],
                scans=form.cleaned_data["scans"],
            )
        except DomainError as exc:
            _apply_field_errors(form, exc)
        else:
            return _after_save(request, form, contract)
    unverified = [o for o in organizations if not o.is_verified]
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "chooser": chooser, "organizations": organizations, "unverified": unverified, "contract": None},
    )


def _after_save(request, form, contract):
    """After saving the draft: submit when asked, else stay on the form with 已保存."""
    action = request.POST.get("action", "save")
    if action in ("submit", "supply"):
        try:
            if contract.status == TechnologyContract.Status.PAPERS_REQUESTED:
                services.supply_papers(actor=request.user, contract=contract, comment=request.POST.get("comment", ""))
                messages.success(request, _("补正材料已提交，办理时限重新计算。"))
            else:
                services.submit_contract(
                    actor=request.user, contract=contract, confirm_duplicate=form.cleaned_data.get("confirm_duplicate")
                )
                messages.success(request, _("登记申请已提交，登记机构将在规定时限内办理。"))
        except DomainError as exc:
            messages.error(request, exc.message)
            request.session[f"contract-errors-{contract.pk}"] = {k: str(v) for k, v in exc.fields.items()}
            return redirect("contracts:edit", contract.pk)
        return redirect("contracts:detail", contract.pk)
    messages.success(request, _("草稿已保存（%(time)s）。") % {"time": timezone.localtime().strftime("%H:%M")})
    return redirect("contracts:edit", contract.pk)


@login_required
def contract_edit(request, pk: int):
    """Edit a draft (or a filing returned for papers), keeping everything typed."""
    contract = get_visible_or_404(TechnologyContract.objects.select_related("seller", "office"), request.user, pk=pk)
    if contract.status not in (TechnologyContract.Status.DRAFT, TechnologyContract.Status.PAPERS_REQUESTED):
        return redirect("contracts:detail", pk)
    if not request.user.has_role(Role.APPLICANT):
        raise PermissionDenied
    form = ContractForm(request.POST or None, request.FILES or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.save_draft(
                actor=request.user,
                contract=contract,
                data=form.service_data(),
                brokers=form.cleaned_data["brokers"],
                scans=form.cleaned_data["scans"],
                expected_version=_version(request),
            )
        except DomainError as exc:
            _apply_field_errors(form, exc)
        else:
            return _after_save(request, form, contract)
    elif request.method == "GET":
        problems = request.session.pop(f"contract-errors-{pk}", {})
        if problems:
            # Problems found by the last submit attempt, shown next to their fields: on a form
            # bound to what is stored, since an unbound form has nowhere to put errors.
            form = ContractForm({name: form[name].value() for name in form.fields}, instance=contract)
            form.is_valid()
            for name, message in problems.items():
                form.add_error(name if name in form.fields else None, message)
    return render(
        request,
        "contracts/contract_form.html",
        {
            "form": form,
            "contract": contract,
            "attachments": contract.attachments.all(),
            "log": progress_log(contract) if contract.status != TechnologyContract.Status.DRAFT else None,
        },
    )


# --- Detail and actions ---------------------------------------------------------------


@login_required
def contract_detail(request, pk: int):
    contract = get_visible_or_404(TechnologyContract.objects.for_detail(), request.user, pk=pk)
    is_registrar = contract.office is not None and contract.office.is_registrar(request.user)
    row = selectors.with_clock([contract])[0]
    context = {
        "contract": contract,
        "row": row,
        "steps": progress_steps(contract),
        "log": progress_log(contract),
        "is_registrar": is_registrar,
        "is_seller": request.user.memberships.filter(organization_id=contract.seller_id).exists()
        if contract.seller_id
        else False,
        "refuse_form": RefuseForm(prefix="refuse"),
        "policy": time_limit_policy(),
        "number_format": number_format(),
        "incomes": contract.income_verifications.order_by("-submitted_at"),
        "duplicate": contract.possible_duplicate_of,
    }
    if contract.status == TechnologyContract.Status.DRAFT:
        context["problems"] = filing_problems(contract)
    return render(request, "contracts/contract_detail.html", context)


@login_required
@require_POST
def contract_act(request, pk: int):
    """Run one action on the contract (the service checks who may)."""
    contract = get_visible_or_404(
        TechnologyContract.objects.select_related("office__region", "seller"), request.user, pk=pk
    )
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "").strip()
    version = _version(request)
    user = request.user
    if action == "register":
        services.register_contract(actor=user, contract=contract, comment=comment, expected_version=version)
        messages.success(request, _("已准予登记，登记编号 %(n)s。") % {"n": contract.registration_number})
    elif action == "request_papers":
        services.request_papers(actor=user, contract=contract, comment=comment, expected_version=version)
        messages.success(request, _("已通知卖方补正材料，办理时限暂停计算。"))
    elif action == "mark_disputed":
        services.mark_disputed(actor=user, contract=contract, comment=comment, expected_version=version)
        messages.success(request, _("已转专家评审，办理时限延长为 %(n)s 个工作日。") % {"n": contract.time_limit_days})
    elif action == "refuse":
        form = RefuseForm(request.POST, prefix="refuse")
        if not form.is_valid():
            raise InvalidInput(_("请选择不予登记的理由并填写具体说明。"))
        services.refuse_contract(
            actor=user,
            contract=contract,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
            expected_version=version,
        )
        messages.success(request, _("已作出不予登记决定并通知卖方。"))
    elif action == "withdraw":
        services.withdraw_contract(actor=user, contract=contract, comment=comment, expected_version=version)
        messages.success(request, _("登记申请已撤回。"))
    elif action == "submit":
        services.submit_contract(
            actor=user,
            contract=contract,
            confirm_duplicate=bool(request.POST.get("confirm_duplicate")),
            expected_version=version,
        )
        messages.success(request, _("登记申请已提交，登记机构将在规定时限内办理。"))
    else:
        raise InvalidInput(_("未知的操作。"))
    return redirect("contracts:detail", pk)


@login_required
def certificate(request, pk: int):
    """Download the registration certificate (PDF) of a registered contract."""
    from ..certificate import build_certificate

    contract = get_visible_or_404(TechnologyContract.objects.select_related("office"), request.user, pk=pk)
    if contract.status != TechnologyContract.Status.REGISTERED:
        raise Http404
    content = build_certificate(contract)
    response = HttpResponse(content, content_type="application/pdf")
    from urllib.parse import quote

    name = quote(f"技术合同登记证明_{contract.registration_number}.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def scan(request, pk: int, attachment_pk: int):
    contract = get_visible_or_404(TechnologyContract.objects, request.user, pk=pk)
    try:
        attachment = contract.attachments.get(pk=attachment_pk)
    except ContractAttachment.DoesNotExist:
        raise Http404 from None
    return FileResponse(attachment.file.open("rb"), as_attachment=False, filename=attachment.original_name)


# --- Technical-income verification -------------------------------------------------------


@login_required
def income_new(request, pk: int):
    contract = get_visible_or_404(TechnologyContract.objects.select_related("office"), request.user, pk=pk)
    form = IncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verification = services.file_income(actor=request.user, contract=contract, data=form.cleaned_data)
        except DomainError as exc:
            _apply_field_errors(form, exc)
        else:
            messages.success(request, _("技术性收入核定申请已提交。"))
            return redirect("contracts:income-detail", verification.pk)
    ratio = None
    if contract.total_amount:
        ratio = contract.technical_amount / contract.total_amount
    return render(request, "contracts/income_form.html", {"form": form, "contract": contract, "ratio": ratio})


@login_required
def income_list(request):
    """Staff: the verifications waiting for them; sellers: their own."""
    if _is_registrar(request.user):
        queryset = selectors.income_queue(request.user)
        waiting = True
    else:
        queryset = IncomeVerification.objects.visible_to(request.user).for_list()
        waiting = False
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/income_list.html", {"page_obj": page, "waiting": waiting})


@login_required
def income_detail(request, pk: int):
    verification = get_visible_or_404(
        IncomeVerification.objects.select_related("contract__office__region", "contract__seller_region"),
        request.user,
        pk=pk,
    )
    contract = verification.contract
    is_registrar = contract.office is not None and contract.office.is_registrar(request.user)
    confirm_form = ConfirmIncomeForm(request.POST or None, initial={"amount": verification.technical_income})
    edit_form = IncomeForm(request.POST or None, instance=verification, prefix="edit")
    if request.method == "POST":
        action = request.POST.get("action")
        version = _version(request)
        if action == "confirm" and confirm_form.is_valid():
            services.confirm_income(
                actor=request.user,
                verification=verification,
                amount=confirm_form.cleaned_data["amount"],
                comment=confirm_form.cleaned_data["comment"],
                expected_version=version,
            )
            messages.success(request, _("已确认核定。"))
            return redirect("contracts:income-detail", pk)
        if action == "return":
            services.return_income(
                actor=request.user,
                verification=verification,
                comment=request.POST.get("comment", ""),
                expected_version=version,
            )
            messages.success(request, _("已退回卖方修改。"))
            return redirect("contracts:income-detail", pk)
        if action == "resubmit" and edit_form.is_valid():
            try:
                services.resubmit_income(
                    actor=request.user, verification=verification, data=edit_form.cleaned_data, expected_version=version
                )
            except DomainError as exc:
                _apply_field_errors(edit_form, exc)
            else:
                messages.success(request, _("已重新提交。"))
                return redirect("contracts:income-detail", pk)
    proposed = proposed_technical_income(verification.received_amount, contract.total_amount, contract.technical_amount)
    return render(
        request,
        "contracts/income_detail.html",
        {
            "verification": verification,
            "contract": contract,
            "is_registrar": is_registrar,
            "confirm_form": confirm_form,
            "edit_form": edit_form,
            "steps": progress_steps(verification),
            "log": progress_log(verification),
            "proposed": proposed,
        },
    )


# --- Import -------------------------------------------------------------------------


def _can_import(user) -> bool:
    return user.has_role(Role.ADMINISTRATOR) or (user.sees_whole_city and _is_registrar(user))


@login_required
def import_contracts(request):
    if not _can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_job(
            actor=request.user,
            kind=IMPORT_KIND,
            title=_("导入历史技术合同：%(name)s") % {"name": upload.name},
            input_file=upload,
        )
        return redirect("jobs:detail", job.pk)
    return render(request, "contracts/import.html", {"form": form, "columns": IMPORT_COLUMNS, "catalog": catalog})


@login_required
def import_template(request):
    from ..imports import template_xlsx

    if not _can_import(request.user):
        raise PermissionDenied
    return xlsx_response(template_xlsx(), "技术合同导入模板.xlsx")
