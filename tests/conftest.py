"""The test cast: two townships of one county, an agency and an officer in each, the
county's committee office, an enterprise in each township with its user, the discipline
office, a leader and a village assistant. Tests name them by role, as the users would."""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.db import connections

from anzhi.accounts.models import Agency, Role, User
from anzhi.regions.models import Region
from anzhi.registry.models import Enterprise

from .factories import (
    AgencyFactory,
    CertificateFactory,
    EnterpriseFactory,
    UserFactory,
    region,
)


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords at full strength dominates fixture set-up; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    province: Region
    county: Region
    town_a: Region
    town_b: Region
    village_a: Region
    county_office: Agency
    agency_a: Agency
    agency_b: Agency
    county_admin: User
    head_a: User
    officer_a: User
    officer_a2: User
    officer_b: User
    auxiliary_a: User
    assistant_a: User
    enterprise_a: Enterprise
    enterprise_b: Enterprise
    enterprise_user_a: User
    discipline: User
    leader: User
    superuser: User


@pytest.fixture
def cast(db) -> Cast:
    province = region("350000", "福建省", Region.Level.PROVINCE)
    prefecture = region("350500", "泉州市", Region.Level.PREFECTURE, province)
    county = region("350524", "安溪县", Region.Level.COUNTY, prefecture)
    town_a = region("350524113", "湖上乡", Region.Level.TOWNSHIP, county)
    town_b = region("350524114", "剑斗镇", Region.Level.TOWNSHIP, county)
    village_a = region("350524113201", "湖上村", Region.Level.VILLAGE, town_a)
    county_office = AgencyFactory(name="安溪县安委办", kind=Agency.Kind.COMMITTEE_OFFICE,
                                  region=county, has_enforcement_power=False)
    agency_a = AgencyFactory(name="湖上乡应急办", region=town_a, parent=county_office)
    agency_b = AgencyFactory(name="剑斗镇应急办", region=town_b, parent=county_office)

    def officer(username, agency, role=Role.OFFICER, certified=True):
        user = UserFactory(username=username, role=role, agency=agency)
        if certified:
            CertificateFactory(holder=user)
        return user

    enterprise_a = EnterpriseFactory(name="湖上乡铁观音茶厂", region=village_a, lead=agency_a)
    enterprise_b = EnterpriseFactory(name="剑斗镇石材加工厂", region=town_b, lead=agency_b)
    return Cast(
        province=province, county=county, town_a=town_a, town_b=town_b, village_a=village_a,
        county_office=county_office, agency_a=agency_a, agency_b=agency_b,
        county_admin=officer("county_admin", county_office, Role.COMMITTEE_ADMIN, False),
        head_a=officer("head_a", agency_a, Role.AGENCY_HEAD),
        officer_a=officer("officer_a", agency_a),
        officer_a2=officer("officer_a2", agency_a),
        officer_b=officer("officer_b", agency_b),
        auxiliary_a=officer("auxiliary_a", agency_a, Role.AUXILIARY, False),
        assistant_a=UserFactory(username="assistant_a", role=Role.VILLAGE_ASSISTANT,
                                region=village_a),
        enterprise_a=enterprise_a, enterprise_b=enterprise_b,
        enterprise_user_a=UserFactory(username="ent_a", role=Role.ENTERPRISE,
                                      enterprise=enterprise_a),
        discipline=UserFactory(username="jiwei", role=Role.DISCIPLINE, region=county),
        leader=UserFactory(username="leader", role=Role.LEADER, region=county),
        superuser=UserFactory(username="root", role="", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def api_client(client):
    """A Django test client that logs in through the API's token endpoint."""

    class ApiClient:
        def __init__(self):
            self.token = None

        def login(self, user: User, password="pw-anzhi-test"):
            res = client.post("/api/v1/auth/token", {"username": user.username,
                                                     "password": password},
                              content_type="application/json")
            assert res.status_code == 200, res.content
            self.token = res.json()["token"]
            return self

        def _headers(self):
            return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

        def get(self, path, data=None):
            return client.get(path, data or {}, **self._headers())

        def post(self, path, data=None, **kw):
            if "content_type" not in kw and not kw.get("multipart"):
                kw["content_type"] = "application/json"
            kw.pop("multipart", None)
            return client.post(path, data or {}, **self._headers(), **kw)

        def patch(self, path, data=None):
            return client.patch(path, data or {}, content_type="application/json",
                                **self._headers())

        def put(self, path, data=None):
            return client.put(path, data or {}, content_type="application/json",
                              **self._headers())

    return ApiClient()


# --- browser tests: Debian's chromium (never a downloaded browser), driven by Playwright ---

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def chromium():
    """A headless Debian chromium for one test."""
    # Playwright's sync API runs an event loop in the test's thread; the test still uses
    # the ORM between steps.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian 的 chromium 未安装：请运行 make setup（apt-get install chromium）")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()
        # A connection the test body used while Playwright's loop ran is left open by
        # pytest-django's teardown, and PostgreSQL will not drop a database still in use.
        connections.close_all()


def new_page(browser, *, viewport=PHONE, **options):
    """A page in a fresh context (Chinese locale, phone width unless told otherwise)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def phone(chromium):
    """A page at phone width."""
    page = new_page(chromium)
    yield page
    page.context.close()
