from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bureau.regions.models import Region

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_regions", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_reports_counts_and_is_idempotent():
    args = [DATA / "zhuzhou_areas.csv", "--city", "4302", "--cities", DATA / "hunan_cities.csv"]
    args += ["--provinces", DATA / "hunan_provinces.csv"]
    out, _ = _run(*args)
    assert "株洲市（430200）：新增 11 个，更新 0 个，未变 0 个" in out
    out, _ = _run(*args)
    assert "新增 0 个，更新 0 个，未变 11 个" in out
    assert Region.objects.filter(parent__code="430200").count() == 9


def test_command_refuses_a_file_with_bad_rows_and_lists_them():
    err = StringIO()
    with pytest.raises(CommandError, match="5 行有误，未导入任何数据"):
        call_command(
            "import_regions",
            str(DATA / "problems_areas.csv"),
            "--city=4302",
            f"--cities={DATA / 'hunan_cities.csv'}",
            f"--provinces={DATA / 'hunan_provinces.csv'}",
            stdout=StringIO(),
            stderr=err,
        )
    assert "错误 第 4 行 43020X：区划代码应为6位数字" in err.getvalue()
    assert Region.objects.count() == 0


def test_command_with_skip_bad_rows():
    out, err = _run(
        DATA / "problems_areas.csv",
        "--city=4302",
        f"--cities={DATA / 'hunan_cities.csv'}",
        f"--provinces={DATA / 'hunan_provinces.csv'}",
        "--skip-bad-rows",
    )
    assert "跳过 第 2 行 430201：“市辖区”是分组行，不是县级区划" in out
    assert "新增 4 个" in out and "错误 5 行" in out
    assert err.count("错误 第") == 5


def test_command_missing_file():
    with pytest.raises(CommandError, match="找不到文件"):
        _run(
            DATA / "nope.csv",
            "--city=4302",
            f"--cities={DATA / 'hunan_cities.csv'}",
            f"--provinces={DATA / 'hunan_provinces.csv'}",
        )
