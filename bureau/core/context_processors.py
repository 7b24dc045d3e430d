"""Template context every page needs: the bureau's name, the user's roles and counts."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from bureau.accounts.models import Role

from .roles import active_role
from .workbench import menu_for


def portal(request):
    user = getattr(request, "user", None)
    context = {"portal": settings.PORTAL}
    if user is not None and user.is_authenticated:
        held = [r for r in Role if r.value in user.roles]
        context.update(
            user_roles=held,
            active_role=active_role(request),
            inbox_counts=_inbox_counts(user),
            # Lazy: only work pages render the menu.
            workbench_menu=SimpleLazyObject(lambda: menu_for(request)),
        )
    return context


def _inbox_counts(user):
    # Imported lazily: the inbox app is optional for the core's own tests.
    from bureau.inbox.selectors import header_counts

    return header_counts(user)
