from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(sender, **kwargs):
    """Recreate the role groups after ``migrate`` or ``flush`` (which empties every table)."""
    from django.contrib.auth.models import Group

    from .models import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


class AccountsConfig(AppConfig):
    name = "bureau.accounts"
    label = "accounts"
    verbose_name = _("用户与角色")

    def ready(self):
        post_migrate.connect(_ensure_role_groups, sender=self, dispatch_uid="accounts-role-groups")
