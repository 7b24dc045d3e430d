"""Load the demo city, departments, accounts and each app's demo data (idempotent)."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bureau.core import demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (株洲市); safe to run any number of times."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo data even where settings.DEMO_DATA_ALLOWED is off (a staging copy).",
        )

    def handle(self, *args, **options):
        # The demo accounts share a published password: never create them on a live
        # server by accident.
        if not settings.DEMO_DATA_ALLOWED and not options["allow_production"]:
            raise CommandError(
                "当前环境不允许加载演示数据（演示账号使用公开的密码）。如确需加载，请加 --allow-production。"
            )
        demo.seed(self.stdout)
        accounts = demo.seed_accounts()
        for config in apps.get_app_configs():
            if config.name == "bureau.core":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号："))
        for username, roles in accounts:
            password = demo.DEMO_PASSWORD if settings.DEBUG else "（DEBUG 关闭时不显示密码）"
            self.stdout.write(f"  {username:<10} {password:<12} {roles}")
