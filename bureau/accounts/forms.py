from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin

from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "用户名或密码不正确，请重新输入（区分大小写）。连续输错 %(limit)s 次，账号将被锁定 15 分钟。"
        ),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT},
        )


class PreferencesForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "email_preference"]
        widgets = {"email_preference": forms.RadioSelect}
        help_texts = {
            "full_name": _("办理记录和通知中显示的姓名。"),
            "email": _("用于接收待办与消息的邮件通知。"),
            "phone": _("审核人员需要联系您时使用，不会公开。"),
            "email_preference": _(
                "无论选择哪一种，所有消息都会出现在“待办与消息”中。每日汇总邮件在每天早上 8:00 发送，"
                "列出您的待办事项和前一天以来的新消息。"
            ),
        }

    def clean(self):
        cleaned = super().clean()
        wants_mail = cleaned.get("email_preference") in (
            User.EmailPreference.IMMEDIATE,
            User.EmailPreference.DAILY_DIGEST,
        )
        if wants_mail and not cleaned.get("email"):
            self.add_error("email", _("选择邮件通知时，请填写电子邮件地址；或选择“不发送邮件”。"))
        return cleaned
