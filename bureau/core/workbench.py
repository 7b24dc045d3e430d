"""Workbench panels and the left menu: each app contributes what a role sees.

Apps call ``register_panel`` and ``register_menu`` from their ``AppConfig.ready`` so the
core never imports them. A panel is a template plus a function returning its context
for a request; a menu item is a link shown in the workbench's left menu to the roles
that may use it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from .roles import roles_in_focus


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    template: str
    context: Callable = field(default=lambda request: {})
    order: int = 100


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url_name: str
    roles: frozenset[str]
    section: str
    icon: str = "circle"
    order: int = 100


_panels: dict[str, Panel] = {}
_menu: dict[str, MenuItem] = {}


def register_panel(*, key: str, roles, template: str, context: Callable | None = None, order: int = 100):
    """Add (or replace) the panel ``key`` for the given role codes."""
    _panels[key] = Panel(key, frozenset(roles), template, context or (lambda request: {}), order)


def register_menu(*, key: str, label, url_name: str, roles, section, icon: str = "circle", order: int = 100):
    """Add (or replace) the left-menu link ``key`` for the given role codes.

    ``section`` groups links under a heading (e.g. 企业服务); ``order`` sorts sections by
    their first item and items within a section.
    """
    _menu[key] = MenuItem(key, label, url_name, frozenset(roles), section, icon, order)


def panels_for(request) -> list[dict]:
    """Return the panels for the roles in focus, each with its rendered context."""
    focus = {r.value for r in roles_in_focus(request)}
    chosen = sorted((p for p in _panels.values() if p.roles & focus), key=lambda p: (p.order, p.key))
    return [{"key": p.key, "template": p.template, "context": p.context(request)} for p in chosen]


def menu_for(request) -> list[dict]:
    """Return the left menu for every role the user holds, grouped by section.

    The menu offers the work of all roles held (not only the one in focus) so a person
    with two roles never loses a link; the current page's link is marked active.
    """
    held = request.user.roles
    path = request.path
    sections: dict[str, dict] = {}
    for item in sorted(_menu.values(), key=lambda m: (m.order, m.key)):
        if not item.roles & held:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        section = sections.setdefault(str(item.section), {"title": item.section, "items": []})
        section["items"].append({"key": item.key, "label": item.label, "url": url, "icon": item.icon, "active": False})
    # The longest matching URL prefix wins, so /contracts/queue/ does not also light /contracts/.
    best = None
    for section in sections.values():
        for entry in section["items"]:
            if path.startswith(entry["url"]) and (best is None or len(entry["url"]) > len(best["url"])):
                best = entry
    if best is not None:
        best["active"] = True
    return list(sections.values())
