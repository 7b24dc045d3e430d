"""The role switcher: which of the user's roles the workbench focuses on (all by default)."""

from bureau.accounts.models import Role

SESSION_KEY = "active_role"


def active_role(request) -> str:
    """Return the role code the user chose to focus on, or "" for all roles held."""
    chosen = request.session.get(SESSION_KEY, "")
    return chosen if chosen in request.user.roles else ""


def set_active_role(request, role: str) -> None:
    if role and role not in request.user.roles:
        role = ""
    request.session[SESSION_KEY] = role


def roles_in_focus(request) -> list[Role]:
    """Return the roles whose work the workbench shows now."""
    focus = active_role(request)
    return [r for r in Role if r.value in request.user.roles and (not focus or r.value == focus)]
