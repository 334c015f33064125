"""Reference data loaded by the data migration: GB/T 4754-2017 and the key sectors."""

from django.core.management import call_command

from anzhi.registry.data import read_industries, read_sectors
from anzhi.registry.models import Industry, Sector


def test_gbt_4754_sections_and_divisions_are_present(db):
    sections = Industry.objects.filter(section=None)
    assert list(sections.values_list("code", flat=True)) == list("ABCDEFGHIJKLMNOPQRST")
    divisions = Industry.objects.exclude(section=None)
    assert list(divisions.values_list("code", flat=True)) == [f"{n:02d}" for n in range(1, 98)]
    assert Industry.objects.get(code="C").name == "制造业"
    tea = Industry.objects.get(code="15")
    assert (tea.name, tea.section_id) == ("酒、饮料和精制茶制造业", "C")
    assert Industry.objects.get(code="47").section_id == "E"
    assert Industry.objects.get(code="97").section.name == "国际组织"
    per_section = {s.code: s.divisions.count() for s in sections}
    assert per_section["C"] == 31 and per_section["B"] == 7 and per_section["S"] == 6


def test_key_sectors_are_present_with_high_risk_flags(db):
    sectors = {s.code: s for s in Sector.objects.all()}
    for code, name in [("non_coal_mine", "非煤矿山"), ("hazchem", "危险化学品"),
                       ("fireworks", "烟花爆竹"), ("industry_trade", "工贸"),
                       ("ammonia_refrigeration", "涉氨制冷"), ("dust_explosion", "粉尘涉爆"),
                       ("construction", "建筑施工"), ("transport", "交通运输"), ("fire", "消防"),
                       ("gas", "燃气"), ("civil_explosives", "民爆"),
                       ("self_built_housing", "经营性自建房"), ("fishing_vessel", "渔业船舶"),
                       ("special_equipment", "特种设备"), ("culture_tourism", "文化旅游"),
                       ("campus", "校园"), ("healthcare", "医疗卫生"),
                       ("elderly_care", "养老服务"), ("metallurgy", "冶金")]:
        assert sectors[code].name == name
    high = {c for c, s in sectors.items() if s.high_risk}
    assert {"non_coal_mine", "hazchem", "fireworks", "civil_explosives", "metallurgy"} <= high
    assert not {"industry_trade", "campus", "elderly_care"} & high
    assert Sector.objects.values_list("code", flat=True).first() == "non_coal_mine"


def test_files_and_database_agree():
    assert len(read_industries()) == 117
    assert len({r["code"] for r in read_sectors()}) == len(read_sectors())
    assert len({r["name"] for r in read_sectors()}) == len(read_sectors())


def test_load_reference_resyncs_from_the_files(db, capsys):
    call_command("load_reference")
    assert "新增0，更新0；重点行业领域：新增0，更新0" in capsys.readouterr().out
    Industry.objects.filter(code="15").update(name="改错的名称")
    Sector.objects.filter(code="hazchem").update(high_risk=False)
    call_command("load_reference")
    assert "更新1" in capsys.readouterr().out
    assert Industry.objects.get(code="15").name == "酒、饮料和精制茶制造业"
    assert Sector.objects.get(code="hazchem").high_risk
