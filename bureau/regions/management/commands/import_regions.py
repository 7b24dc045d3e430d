"""``manage.py import_regions areas.csv --city 4302 [--cities cities.csv --provinces provinces.csv]``."""

from django.core.management.base import BaseCommand, CommandError

from bureau.core.errors import DomainError
from bureau.regions.services import import_regions


class Command(BaseCommand):
    help = (
        "导入一个市及其县级区划和园区（国家统计局统计用区划代码 CSV）。"
        "默认全部正确才导入；加 --skip-bad-rows 只导入正确的行。可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("areas", help="县级区划文件 areas.csv（列：code,name,cityCode,provinceCode）")
        parser.add_argument("--city", required=True, help="城市代码，4 位（4302）或 6 位（430200）")
        parser.add_argument("--cities", help="城市文件 cities.csv（列：code,name,provinceCode），用于城市名称")
        parser.add_argument("--provinces", help="省份文件 provinces.csv（列：code,name），用于省份名称")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="有错误行时仍导入其余正确的行（默认一行有误则全部不导入）"
        )

    def handle(self, *args, areas, city, cities=None, provinces=None, skip_bad_rows=False, **options):
        try:
            report = import_regions(
                areas=areas, city=city, cities=cities, provinces=provinces, skip_bad_rows=skip_bad_rows
            )
        except FileNotFoundError as exc:
            raise CommandError(f"找不到文件：{exc.filename}") from None
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        for problem in report.skipped:
            self.stdout.write(f"跳过 {problem}")
        for problem in report.errors:
            self.stderr.write(f"错误 {problem}")
        if not report.imported:
            raise CommandError(
                f"{report.city}：{len(report.errors)} 行有误，未导入任何数据。"
                "请修正后重新运行，或加 --skip-bad-rows 只导入正确的行。"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.city}：新增 {report.created} 个，更新 {report.updated} 个，未变 {report.unchanged} 个"
                f"（含省、市）；跳过 {len(report.skipped)} 行，错误 {len(report.errors)} 行。"
            )
        )
