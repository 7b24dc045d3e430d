"""Workbench panels: each app contributes the blocks a role sees on its workbench.

Apps call ``register_panel`` from their ``AppConfig.ready`` so the core never imports
them. A panel is a template plus a function returning its context for a request.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .roles import roles_in_focus


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    template: str
    context: Callable = field(default=lambda request: {})
    order: int = 100


_panels: dict[str, Panel] = {}


def register_panel(*, key: str, roles, template: str, context: Callable | None = None, order: int = 100):
    """Add (or replace) the panel ``key`` for the given role codes."""
    _panels[key] = Panel(key, frozenset(roles), template, context or (lambda request: {}), order)


def panels_for(request) -> list[dict]:
    """Return the panels for the roles in focus, each with its rendered context."""
    focus = {r.value for r in roles_in_focus(request)}
    chosen = sorted((p for p in _panels.values() if p.roles & focus), key=lambda p: (p.order, p.key))
    return [{"key": p.key, "template": p.template, "context": p.context(request)} for p in chosen]
