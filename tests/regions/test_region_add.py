"""Adding townships and villages by hand: code rules, Chinese errors, nothing written on
error, audit, and who may do it."""

import pytest

from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.regions.models import Region
from anzhi.regions.services import region_add

Level = Region.Level


def counts():
    return Region.objects.count(), AuditEvent.objects.count()


def test_township_under_county(places):
    town = region_add(actor=places.county_admin, parent=places.county, code="350524114",
                      name="剑斗镇")
    town.refresh_from_db()
    assert (town.level, town.parent_id, town.prefix) == (Level.TOWNSHIP, "350524", "350524114")
    assert town.full_name == "福建省泉州市安溪县剑斗镇"
    event = AuditEvent.objects.get(object_type="regions.region", object_id="350524114")
    assert event.action == "region.create"
    assert event.actor == places.county_admin
    assert event.changes["name"] == [None, "剑斗镇"]


def test_township_code_padded_to_twelve_digits_is_accepted(places):
    town = region_add(actor=places.county_admin, parent=places.county,
                      code=" 350524115000 ", name="感德镇")
    assert town.code == "350524115"


def test_village_under_township(places):
    village = region_add(actor=places.town_admin, parent=places.town, code="350524113201",
                         name="湖上村民委员会", urban_rural_code="220")
    assert (village.level, village.parent_id, village.prefix) == (
        Level.VILLAGE, "350524113", "350524113201")
    assert village.name == "湖上村"  # the committee's official name shortened
    assert village.full_name == "福建省泉州市安溪县湖上乡湖上村"
    assert village.urban_rural_code == "220"


TOWN_MESSAGE = "区划代码：乡级代码应为9位且以上级代码350524开头"
VILLAGE_MESSAGE = "区划代码：村级代码应为12位且以上级代码350524113开头"


@pytest.mark.parametrize("code", ["35052411", "3505241131", "350525113", "35052411X",
                                  "350524000", "350524113201", "３５０５２４"])
def test_bad_township_code_names_the_field_and_writes_nothing(places, code):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        region_add(actor=places.county_admin, parent=places.county, code=code, name="某某镇")
    assert exc.value.errors == {"code": TOWN_MESSAGE}
    assert counts() == before


@pytest.mark.parametrize("code", ["350524113", "35052411320", "350524114201", "350524113000",
                                  "3505241132011"])
def test_bad_village_code(places, code):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        region_add(actor=places.town_admin, parent=places.town, code=code, name="某某村")
    assert exc.value.errors == {"code": VILLAGE_MESSAGE}
    assert counts() == before


def test_full_width_digits_are_read_as_digits(places):
    town = region_add(actor=places.county_admin, parent=places.county, code="３５０５２４１１６",
                      name="蓝田乡")
    assert town.code == "350524116"


def test_existing_code_empty_name_and_duplicate_name(places):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        region_add(actor=places.county_admin, parent=places.county, code="350524113", name="")
    assert exc.value.errors == {"code": "区划代码：350524113已存在（福建省泉州市安溪县湖上乡）",
                                "name": "名称：不能为空"}
    with pytest.raises(ValidationFailed) as exc:
        region_add(actor=places.county_admin, parent=places.county, code="350524120",
                   name="湖上乡")
    assert exc.value.errors == {"name": "名称：安溪县下已有“湖上乡”"}
    assert counts() == before


def test_bad_urban_rural_code(places):
    with pytest.raises(ValidationFailed) as exc:
        region_add(actor=places.town_admin, parent=places.town, code="350524113202",
                   name="盛富村", urban_rural_code="999")
    assert "urban_rural_code" in exc.value.errors


def test_only_under_county_or_township(places):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        region_add(actor=places.superuser, parent=places.county.parent, code="350500113",
                   name="某乡")
    assert list(exc.value.errors) == ["parent"]
    assert counts() == before


@pytest.mark.parametrize(("actor", "parent", "code", "allowed"), [
    ("superuser", "county", "350524130", True),
    ("county_admin", "county", "350524130", True),
    ("county_admin", "town", "350524113230", True),
    ("town_admin", "town", "350524113230", True),
    ("town_admin", "county", "350524130", False),  # a township admin cannot add townships
    ("other_admin", "county", "350524130", False),  # another county's admin
    ("officer", "county", "350524130", False),  # officers are not 安委办管理员
])
def test_who_may_add(places, actor, parent, code, allowed):
    kwargs = {"actor": getattr(places, actor), "parent": getattr(places, parent), "code": code,
              "name": "新增区划"}
    if allowed:
        assert region_add(**kwargs).code == code
    else:
        before = counts()
        with pytest.raises(NotAllowed):
            region_add(**kwargs)
        assert counts() == before
