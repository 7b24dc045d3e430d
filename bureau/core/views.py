"""Pages of the core: public home, the workbench, the role switcher and /healthz."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bureau.notices.selectors import home_sections as notice_sections
from bureau.publicity.selectors import home_sections as publicity_sections

from .health import service_health
from .roles import roles_in_focus, set_active_role
from .workbench import panels_for


def home(request):
    """Render the public portal: notices, open calls and public notices (公示)."""
    context = {**notice_sections(), **publicity_sections()}
    return render(request, "core/home.html", context)


@login_required
def workbench(request):
    """Render the workbench for every role the user holds, or the one in focus."""
    return render(
        request,
        "core/workbench.html",
        {"panels": panels_for(request), "focus_roles": roles_in_focus(request)},
    )


@login_required
@require_POST
def switch_role(request):
    set_active_role(request, request.POST.get("role", ""))
    return redirect("workbench")


@never_cache
def healthz(request):
    """Report database, Redis and worker heartbeat; 503 only if the portal cannot serve."""
    report = service_health()
    return JsonResponse(report, status=200 if report["ok"] else 503, json_dumps_params={"ensure_ascii": False})
