"""Helpers the services share: who may act, who to tell, and the to-dos."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from bureau.accounts.models import Role, User
from bureau.core.errors import ActionNotPermitted, StaleObject
from bureau.inbox.services import close_todos, notify, open_todo


def is_member(user, organization_id) -> bool:
    """Whether ``user`` is an applicant user of the organization."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.has_role(Role.APPLICANT):
        return False
    return user.memberships.filter(organization_id=organization_id).exists()


def check_member(user, organization_id) -> None:
    if not is_member(user, organization_id):
        raise ActionNotPermitted(_("您不是该单位的用户，不能以该单位名义申报项目。"))


def can_manage_calls(user) -> bool:
    """City staff of any department and administrators manage calls (申报指南)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_role(Role.CITY_STAFF) or user.has_role(Role.ADMINISTRATOR)


def check_fresh(obj, expected_version: int | None) -> None:
    """Refuse a change made on a copy older than the stored row."""
    if expected_version is not None and obj.version != expected_version:
        raise StaleObject()


def applicant_users(application) -> list:
    """Return the active users of the applying organization."""
    return list(User.objects.filter(memberships__organization_id=application.organization_id, is_active=True))


def _url(application) -> str:
    return reverse("projects:application-detail", args=[application.pk])


def tell_applicant(application, *, actor, title: str, body: str = "", todo: bool = False) -> None:
    """Notify the organization's users (e-mail after commit), with a to-do when they must act."""
    users = applicant_users(application)
    notify(recipients=users, title=title, body=body, url=_url(application), actor=actor)
    if todo and users:
        open_todo(title=title, url=_url(application), subject=application, users=users, actor=actor)


def reviewers_department(call):
    """The department whose staff get the call's to-dos: the call's own, if it has any active staff.

    A department with no staff account yet (a new installation) would leave the to-do with
    nobody, so it then goes to all city staff.
    """
    has_staff = User.objects.filter(
        department_id=call.department_id, groups__name=Role.CITY_STAFF.value, is_active=True
    ).exists()
    return call.department if has_staff else None


def open_review_todo(application, *, actor, title: str) -> None:
    open_todo(
        title=title,
        url=_url(application),
        subject=application,
        role=Role.CITY_STAFF,
        department=reviewers_department(application.call),
        actor=actor,
    )


def close_application_todos(application, *, actor) -> None:
    close_todos(subject=application, actor=actor)
