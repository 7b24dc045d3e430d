"""Pages of the expert database (专家库): list, detail with status actions, form, an expert's own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.scoping import get_visible_or_404

from .. import selectors, services
from ..exports import experts_xlsx
from ..filters import ExpertFilter
from ..forms import ExpertForm, RemoveExpertForm, SuspendExpertForm
from ..models import Expert
from ._common import apply_errors, list_page, require_reader, require_writer


@login_required
def expert_list(request):
    require_reader(request.user)
    filterset = ExpertFilter(request.GET, queryset=selectors.experts_for(request.user), request=request)
    return list_page(
        request,
        filterset=filterset,
        ordering=("full_name", "pk"),
        template="talent/expert_list.html",
        export=experts_xlsx,
        export_name=_("专家库"),
    )


def _detail(request, expert, *, suspend_form=None, remove_form=None, status=200):
    can_edit = services.can_view(request.user) and services.can_write(request.user, expert.region)
    return render(
        request,
        "talent/expert_detail.html",
        {
            "expert": expert,
            "can_edit": can_edit,
            "is_own": expert.user_id == request.user.pk,
            "suspend_form": suspend_form or SuspendExpertForm(prefix="suspend"),
            "remove_form": remove_form or RemoveExpertForm(prefix="remove"),
        },
        status=status,
    )


@login_required
def expert_detail(request, pk: int):
    """Staff see experts by scope; an expert sees its own profile (and nobody else's)."""
    return _detail(request, selectors.expert_for(request.user, pk))


@login_required
def expert_mine(request):
    """The signed-in expert's own profile in the expert database."""
    expert = Expert.objects.filter(user=request.user).only("pk").first()
    if expert is None:
        return render(request, "talent/expert_none.html")
    return redirect("talent:expert-detail", expert.pk)


@login_required
def expert_edit(request, pk: int | None = None):
    require_writer(request.user)
    expert = (
        get_visible_or_404(Expert.objects.select_related("organization", "user"), request.user, pk=pk) if pk else None
    )
    form = ExpertForm(request.POST or None, instance=expert, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if expert is None:
                expert = services.create_expert(actor=request.user, data=form.service_data())
            else:
                expert = services.update_expert(
                    actor=request.user, expert=expert, data=form.service_data(), expected=form.expected
                )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("专家信息已保存。"))
            return redirect("talent:expert-detail", expert.pk)
    return render(request, "talent/expert_form.html", {"form": form, "expert": expert})


@login_required
@require_POST
def expert_status(request, pk: int):
    """Suspend, resume or take out of the pool (the service checks who may and from which state)."""
    require_reader(request.user)
    expert = get_visible_or_404(Expert.objects.for_list(), request.user, pk=pk)
    action = request.POST.get("action", "")
    if action == "suspend":
        form = SuspendExpertForm(request.POST, prefix="suspend")
        if form.is_valid():
            services.suspend_expert(actor=request.user, expert=expert, reason=form.cleaned_data["reason"])
            messages.success(request, _("已暂停抽取该专家。"))
            return redirect("talent:expert-detail", pk)
        return _detail(request, expert, suspend_form=form, status=400)
    if action == "resume":
        services.resume_expert(actor=request.user, expert=expert)
        messages.success(request, _("已恢复抽取该专家。"))
        return redirect("talent:expert-detail", pk)
    if action == "remove":
        form = RemoveExpertForm(request.POST, prefix="remove")
        if form.is_valid():
            try:
                services.remove_expert(
                    actor=request.user,
                    expert=expert,
                    left_on=form.cleaned_data["left_on"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                if not exc.fields:
                    raise
                apply_errors(form, exc)
            else:
                messages.success(request, _("该专家已出库。"))
                return redirect("talent:expert-detail", pk)
        return _detail(request, expert, remove_form=form, status=400)
    raise Http404
