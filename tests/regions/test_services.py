"""Loading a city and its county-level units from division CSV files."""

import io
from pathlib import Path

import pytest

from bureau.core.errors import InvalidInput
from bureau.regions.models import Region
from bureau.regions.services import import_regions

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
# Copied byte for byte from /work/shared/data/divisions (NBS 2023 statistical codes):
# the nine Zhuzhou rows plus one row of each neighbouring city.
ZHUZHOU = DATA / "zhuzhou_areas.csv"
CITIES = DATA / "hunan_cities.csv"
PROVINCES = DATA / "hunan_provinces.csv"
PROBLEMS = DATA / "problems_areas.csv"
FILES = {"cities": CITIES, "provinces": PROVINCES}

ZHUZHOU_COUNTIES = [
    ("430202", "荷塘区"),
    ("430203", "芦淞区"),
    ("430204", "石峰区"),
    ("430211", "天元区"),
    ("430212", "渌口区"),
    ("430223", "攸县"),
    ("430224", "茶陵县"),
    ("430225", "炎陵县"),
    ("430281", "醴陵市"),
]


def test_real_zhuzhou_rows_load_the_city_and_its_nine_counties():
    report = import_regions(areas=ZHUZHOU, city="4302", cities=CITIES, provinces=PROVINCES)
    assert report.imported
    assert (report.created, report.updated, report.unchanged) == (11, 0, 0)
    assert report.errors == [] and report.skipped == []
    city = Region.objects.get(code="430200")
    assert (city.name, city.kind, city.parent.code, city.parent.name) == ("株洲市", "city", "430000", "湖南省")
    counties = list(Region.objects.filter(parent=city).order_by("sort_order"))
    assert [(r.code, r.name) for r in counties] == ZHUZHOU_COUNTIES
    assert {r.kind for r in counties} == {Region.Kind.COUNTY}
    # Rows of Changsha and Xiangtan are left alone.
    assert not Region.objects.filter(code__in=["430182", "430302"]).exists()


def test_importing_again_changes_nothing():
    import_regions(areas=ZHUZHOU, city="430200", cities=CITIES, provinces=PROVINCES)
    report = import_regions(areas=ZHUZHOU, city="4302", cities=CITIES, provinces=PROVINCES)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 11)
    assert Region.objects.count() == 11


def test_names_come_from_loaded_regions_when_no_city_file_is_given():
    import_regions(areas=ZHUZHOU, city="4302", cities=CITIES, provinces=PROVINCES)
    report = import_regions(areas=ZHUZHOU, city="4302")
    assert report.imported and report.unchanged == 11


def test_a_renamed_county_is_updated_and_an_admin_edit_of_sort_order_kept():
    import_regions(areas=ZHUZHOU, city="4302", cities=CITIES, provinces=PROVINCES)
    Region.objects.filter(code="430212").update(name="株洲县", sort_order=42)
    report = import_regions(areas=ZHUZHOU, city="4302")
    assert (report.created, report.updated) == (0, 1)
    region = Region.objects.get(code="430212")
    assert (region.name, region.sort_order) == ("渌口区", 42)
    assert region.events.order_by("-pgh_id").first().pgh_context.metadata["command"] == "import_regions"


def test_bad_rows_are_reported_with_line_and_reason_and_nothing_is_written():
    report = import_regions(areas=PROBLEMS, city="4302", cities=CITIES, provinces=PROVINCES)
    assert not report.imported
    assert Region.objects.count() == 0
    assert [(p.line, p.code) for p in report.errors] == [
        (4, "43020X"),
        (5, "430202"),
        (7, "430281"),
        (8, "430290"),
        (9, "430223"),
    ]
    reasons = [p.reason for p in report.errors]
    assert reasons[0] == "区划代码应为6位数字"
    assert reasons[1] == "区划代码重复（与第 3 行相同）"
    assert reasons[2] == "名称为空"
    assert reasons[3] == "区划代码与所属城市代码 4303 不一致"
    assert reasons[4] == "省份代码 44 与区划代码不一致"
    assert str(report.errors[0]) == "第 4 行 43020X：区划代码应为6位数字"
    assert [(p.line, p.code) for p in report.skipped] == [(2, "430201"), (10, "430200")]


def test_skip_bad_rows_loads_the_good_ones_and_parks_by_code():
    report = import_regions(areas=PROBLEMS, city="4302", cities=CITIES, provinces=PROVINCES, skip_bad_rows=True)
    assert report.imported
    assert len(report.errors) == 5
    assert report.created == 4  # province, city, 荷塘区, the park
    assert Region.objects.get(code="430202").kind == Region.Kind.COUNTY
    park = Region.objects.get(code="430271")
    assert park.kind == Region.Kind.PARK
    assert park.parent.code == "430200"
    assert not Region.objects.filter(code="430201").exists()  # 市辖区 is a grouping row


@pytest.mark.parametrize("suffix, kind", [("70", "county"), ("71", "park"), ("79", "park"), ("80", "county")])
def test_development_zone_codes_are_71_to_79(suffix, kind):
    areas = io.StringIO(f"code,name,cityCode,provinceCode\n4302{suffix},测试区,4302,43\n")
    import_regions(areas=areas, city="4302", cities=CITIES, provinces=PROVINCES)
    assert Region.objects.get(code=f"4302{suffix}").kind == kind


def test_gbk_file_as_saved_by_excel():
    data = "code,name,cityCode,provinceCode\r\n430281,醴陵市,4302,43\r\n".encode("gb18030")
    import_regions(areas=io.BytesIO(data), city="4302", cities=CITIES, provinces=PROVINCES)
    assert Region.objects.get(code="430281").name == "醴陵市"


def test_utf8_file_with_bom():
    data = "\ufeffcode,name,cityCode\n430281,醴陵市,4302\n".encode()
    import_regions(areas=io.BytesIO(data), city="4302", cities=CITIES, provinces=PROVINCES)
    assert Region.objects.filter(code="430281").exists()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"city": "43"}, "城市代码“43”无效"),
        ({"city": "430281"}, "城市代码“430281”无效"),
        ({"city": "4302"}, "请同时提供 --cities cities.csv 与 --provinces provinces.csv"),
        ({"city": "4309", "cities": CITIES, "provinces": PROVINCES}, "cities.csv 中没有代码为 4309 的城市"),
        (
            {"city": "4302", "areas": io.StringIO("code;name\n430281;醴陵市\n"), **FILES},
            "areas.csv 缺少列：code、name、cityCode",
        ),
        (
            {"city": "4301", "areas": io.StringIO("code,name,cityCode\n430281,醴陵市,4302\n"), **FILES},
            "areas.csv 中没有城市 4301 的县级区划",
        ),
    ],
)
def test_unusable_input_is_refused_in_plain_words(kwargs, message):
    kwargs.setdefault("areas", ZHUZHOU)
    with pytest.raises(InvalidInput) as excinfo:
        import_regions(**kwargs)
    assert message in str(excinfo.value)
    assert Region.objects.count() == 0


def test_a_grouping_city_code_is_refused():
    cities = io.StringIO("code,name,provinceCode\n4290,省直辖县级行政区划,42\n")
    provinces = io.StringIO("code,name\n42,湖北省\n")
    areas = io.StringIO("code,name,cityCode,provinceCode\n429004,仙桃市,4290,42\n")
    with pytest.raises(InvalidInput, match="是分组代码"):
        import_regions(areas=areas, city="4290", cities=cities, provinces=provinces)


def test_municipality_districts_are_named_after_the_municipality():
    cities = io.StringIO("code,name,provinceCode\n1101,市辖区,11\n")
    provinces = io.StringIO("code,name\n11,北京市\n")
    areas = io.StringIO("code,name,cityCode,provinceCode\n110101,东城区,1101,11\n")
    import_regions(areas=areas, city="1101", cities=cities, provinces=provinces)
    assert Region.objects.get(code="110100").name == "北京市"
