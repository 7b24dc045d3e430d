"""Domain errors: one base class, mapped once for the API and once for pages."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A business rule refused the action; ``message`` is shown to the user as is."""

    status_code = 400
    code = "domain_error"
    default_message = _("操作未能完成。")

    def __init__(self, message=None, *, fields: dict | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))


class NotFound(DomainError):
    """Missing, or outside the user's scope: the two are never told apart."""

    status_code = 404
    code = "not_found"
    default_message = _("未找到该事项，或您无权查看。")


class ActionNotPermitted(DomainError):
    status_code = 403
    code = "not_permitted"
    default_message = _("您没有执行此操作的权限。")


class InvalidTransition(DomainError):
    status_code = 409
    code = "invalid_transition"
    default_message = _("当前状态下不能执行此操作。")


class StaleObject(DomainError):
    """Someone else changed the object since it was loaded; the change is refused."""

    status_code = 409
    code = "stale_object"
    default_message = _("该事项已被他人修改或办理，请刷新页面后重试。")


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid_input"
    default_message = _("提交的内容有误，请按提示修改。")
