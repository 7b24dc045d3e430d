from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _panel_context(request) -> dict:
    from .selectors import workbench_summary

    return workbench_summary(request.user)


class InboxConfig(AppConfig):
    name = "bureau.inbox"
    label = "inbox"
    verbose_name = _("待办与消息")

    def ready(self):
        from bureau.accounts.models import Role
        from bureau.core.workbench import register_menu, register_panel

        everyone = [r.value for r in Role]
        # First on every workbench: what is waiting for this person.
        register_panel(key="inbox", roles=everyone, template="inbox/panels/inbox.html", context=_panel_context, order=1)
        section = _("我的事务")
        register_menu(
            key="inbox-todos",
            label=_("待办事项"),
            url_name="inbox:index",
            roles=everyone,
            section=section,
            icon="list-check",
            order=1,
        )
        register_menu(
            key="inbox-messages",
            label=_("消息"),
            url_name="inbox:messages",
            roles=everyone,
            section=section,
            icon="envelope",
            order=2,
        )
