"""Demo data of the inbox: a welcome message for every demo account (idempotent)."""

from django.urls import reverse

from bureau.accounts.models import User
from bureau.core.demo import ACCOUNTS

from . import services
from .models import Message

WELCOME = "欢迎使用科技政务服务平台"


def seed(out) -> None:
    users = User.objects.filter(username__in=[row[0] for row in ACCOUNTS])
    waiting = [u for u in users if not Message.objects.filter(recipient=u, title=WELCOME).exists()]
    services.notify(
        recipients=waiting,
        title=WELCOME,
        body="需要您办理的事项会出现在“待办事项”中，通知会出现在“消息”中。"
        "请在“个人设置”中选择邮件通知方式：即时、每日汇总或不发送。",
        url=reverse("accounts:preferences"),
    )
    out.write(f"待办与消息：{len(waiting)} 条欢迎消息")
