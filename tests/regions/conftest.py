"""Regions fixtures: 安溪县 and its ancestors from the data package, the county's 安委办
with its admin, a township with its own 安委办 admin, and an officer."""

from dataclasses import dataclass

import pytest

from anzhi.accounts.models import Agency, Role, User
from anzhi.regions.loading import ensure_chain
from anzhi.regions.models import Region
from tests.factories import AgencyFactory, UserFactory, region


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 takes ~0.5 s a user on this machine; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Places:
    county: Region
    other_county: Region
    town: Region
    county_admin: User
    town_admin: User
    other_admin: User
    officer: User
    superuser: User


@pytest.fixture
def places(db) -> Places:
    county = ensure_chain("350524")
    other_county = ensure_chain("350525")  # 永春县
    town = region("350524113", "湖上乡", Region.Level.TOWNSHIP, county)
    town.full_name = "福建省泉州市安溪县湖上乡"
    town.save()
    county_office = AgencyFactory(name="安溪县安委办", kind=Agency.Kind.COMMITTEE_OFFICE,
                                  region=county, has_enforcement_power=False)
    town_office = AgencyFactory(name="湖上乡安委办", kind=Agency.Kind.COMMITTEE_OFFICE,
                                region=town, has_enforcement_power=False)
    other_office = AgencyFactory(name="永春县安委办", kind=Agency.Kind.COMMITTEE_OFFICE,
                                 region=other_county, has_enforcement_power=False)
    emergency = AgencyFactory(name="安溪县应急管理局", region=county)
    return Places(
        county=county, other_county=other_county, town=town,
        county_admin=UserFactory(username="county_admin", role=Role.COMMITTEE_ADMIN,
                                 agency=county_office),
        town_admin=UserFactory(username="town_admin", role=Role.COMMITTEE_ADMIN,
                               agency=town_office),
        other_admin=UserFactory(username="other_admin", role=Role.COMMITTEE_ADMIN,
                                agency=other_office),
        officer=UserFactory(username="officer", role=Role.OFFICER, agency=emergency),
        superuser=UserFactory(username="root", role="", is_superuser=True, is_staff=True),
    )


TITLE = "2023年统计用区划代码和城乡划分代码（安溪县）"
HEADER = ["统计用区划代码", "城乡分类代码", "名称"]
GOOD_ROWS = [
    [350524000000, None, "安溪县"],  # the county itself: skipped
    [350524113000, None, "湖上乡"],  # existing township, same name: unchanged
    ["350524114000", None, "剑斗镇"],  # new township, as text
    ["350524113201", "220", "湖上村民委员会"],
    [350524113202, 220, "盛富村委会"],
    ["３５０５２４１１４２０１", "220", "剑斗村"],  # full-width digits
    [" 350524114001 ", "121", "剑斗社区居民委员会"],
]
BAD_ROWS = [
    ["350525101000", None, "桃城镇"],  # another county → row 11
    ["35052411320", "220", "短码村"],  # 11 digits → row 12
    ["350524113203", "220", ""],  # no name → row 13
    ["350524113201", "220", "重复村"],  # duplicate code → row 14
    ["350524199201", "220", "无主村"],  # township neither in DB nor in the file → row 15
    ["350524113204", "999", "飞新村"],  # bad urban-rural code → row 16
]


@pytest.fixture
def division_rows():
    return [[TITLE], [], HEADER, *GOOD_ROWS, *BAD_ROWS]


@pytest.fixture
def division_xlsx(tmp_path, division_rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "安溪县"
    for row in division_rows:
        ws.append(row)
    ws.merge_cells("A1:C1")
    path = tmp_path / "安溪县区划.xlsx"
    wb.save(path)
    return path
