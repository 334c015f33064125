"""The planning pages in a real browser (Debian chromium through Playwright): the agency
head reads the year's plan (planned vs done by month, key-sector coverage, random ratio) and
creates a 双随机 draw from it; the discipline office, on a phone, adds its witness string;
the head executes; the public page (一公开) shows the commitment before and the result with
the revealed seed after, and its published file verifies offline."""

import hashlib
import json
from datetime import datetime

import pytest
from django.utils import timezone

from anzhi.planning import drawalgo
from anzhi.planning.access import inspection_model
from anzhi.planning.models import DrawSelection, EnforcementPlan, RandomDraw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def browser(chromium):
    return chromium


def open_page(browser, viewport, *, phone=False):
    """A page in its own context (own cookies: one per person)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=phone,
                                  has_touch=phone, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-anzhi-test")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def text(page, testid):
    return page.inner_text(f"[data-testid={testid}]").strip()


def fits_the_screen(page) -> bool:
    """Nothing wider than the screen: no sideways scrolling of the whole page."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def month_row(page, month):
    cells = page.locator("[data-testid=months] tbody tr").nth(month - 1).locator("td")
    return [cells.nth(i).inner_text().strip() for i in range(5)]


def test_plan_draw_witness_execute_and_public_page(cast, town_a, sectors, live_server,
                                                   browser, tmp_path):
    year = timezone.localdate().year
    ents = town_a["enterprises"]
    for key in ents[1:3]:  # two units in a key sector: covered in full
        key.sectors.add(sectors["hazchem"])
    inspection = inspection_model()

    def inspected(enterprise, month, mode):
        inspection.objects.create(
            enterprise=enterprise, agency=cast.agency_a, mode=mode, status="signed",
            started_at=timezone.make_aware(datetime(year, month, 10, 9, 0)),
            created_by=cast.officer_a)

    inspected(ents[1], 3, "planned")
    inspected(ents[5], 5, "random")
    inspected(ents[6], 5, "random")

    # --- the agency head draws up the year's plan and reads it ---------------------------
    head = open_page(browser, DESKTOP)
    login(head, live_server, "head_a")
    head.goto(f"{live_server.url}/planning/")
    head.click("text=制定年度计划")
    assert head.input_value("#id_year") == str(year)
    head.click("button[type=submit]")
    head.wait_for_selector("[data-testid=months]")
    plan = EnforcementPlan.objects.get()
    assert f"湖上乡应急办 {year}年度执法计划" in head.inner_text("h1")
    # 2 key units once a year + ceil(39 × 5%) = 2 random visits.
    assert text(head, "planned-total") == "4"
    assert "已完成 3" in head.inner_text(".stat-card >> nth=0")
    assert month_row(head, 3)[0:3] == ["3月", str(plan_month_count(plan, 3)), "1"]
    assert month_row(head, 5)[2] == "2"
    assert month_row(head, 12)[3] == "4"  # cumulative plan at the year's end
    assert month_row(head, 12)[4] == "3"
    assert text(head, "key-coverage") == "50%"
    assert "1 / 2 家" in head.inner_text(".stat-card >> nth=1")
    assert text(head, "random-ratio") == "5%"  # 2 of the 39 units of the random pool
    assert "要求不低于 5%" in head.inner_text(".stat-card >> nth=2")

    # --- … and creates a draw from the plan's random pool --------------------------------
    head.click("text=从双随机名录库抽取")
    head.wait_for_selector("#id_ratio")
    assert head.input_value("#id_title") == f"{year}年度双随机抽查"
    assert head.input_value("#id_ratio") == "0.05"
    head.fill("#id_region", cast.village_a.code)
    head.select_option("#id_risk_grade", "C")
    head.fill("#id_ratio", "0.03")
    head.click("button[type=submit]")
    assert "年度计划的双随机部分不得低于 5%" in text_of_errors(head)
    assert not RandomDraw.objects.exists()  # nothing written
    head.fill("#id_ratio", "0.1")
    head.click("button[type=submit]")
    head.wait_for_selector("[data-testid=commitment]")
    draw = RandomDraw.objects.get()
    assert "名录库哈希和承诺值已公示" in head.inner_text("main")
    assert text(head, "draw-status") == "已公示承诺值（待抽取）"
    assert text(head, "pool-hash") == draw.pool_hash
    commitment = text(head, "commitment")
    assert commitment == draw.commitment
    scope = text(head, "scope")
    assert f"{year}年度执法计划的双随机名录库" in scope
    assert "区划：湖上村" in scope and "风险等级：C级" in scope
    assert "39 家" in text(head, "pool") and "抽取 4 家（比例 10%）" in text(head, "pool")
    assert not head.locator("[data-testid=selection]").count()

    # --- the public page before the draw: the commitment, nothing else --------------------
    public = open_page(browser, PHONE, phone=True)
    public.goto(f"{live_server.url}/public/draws/{draw.pk}/")
    assert text(public, "status") == "已公示承诺值（待抽取）"
    assert text(public, "commitment") == commitment
    assert text(public, "pool-hash") == draw.pool_hash
    assert "尚未抽取" in public.inner_text("main")
    assert not public.locator("[data-testid=secret]").count()
    assert not public.locator("[data-testid=result]").count()
    assert fits_the_screen(public)

    # --- the discipline office adds its witness string, on a phone ------------------------
    jiwei = open_page(browser, PHONE, phone=True)
    login(jiwei, live_server, "jiwei")
    jiwei.click("button[aria-label=菜单]")
    jiwei.click("#az-nav >> text=执法计划")
    jiwei.click(f"text={year}年度双随机抽查")
    jiwei.wait_for_selector("[data-testid=commitment]")
    assert text(jiwei, "commitment") == commitment
    assert not jiwei.locator("[data-testid=execute]").count()  # witnesses do not execute
    assert fits_the_screen(jiwei)
    jiwei.fill("#entropy", "纪委见证 7f3a91")
    jiwei.click("text=添加")
    jiwei.wait_for_selector("text=见证人随机串已记录")
    assert "纪委见证 7f3a91" in jiwei.inner_text("main")

    # --- the head executes with a string from the room -------------------------------------
    head.reload()
    assert "纪委见证 7f3a91" in head.inner_text("main")
    head.fill("#id_witness_entropy", "群众代表 42")
    head.click("[data-testid=execute]")
    head.wait_for_selector("[data-testid=selection]")
    assert "已抽取，种子已公开" in head.inner_text("main")
    assert text(head, "draw-status") == "已抽取"
    draw.refresh_from_db()
    rows = head.locator("[data-testid=selection] tbody tr")
    assert rows.count() == 4
    for i in range(4):
        assert len(rows.nth(i).locator("td").nth(3).inner_text().split("、")) == 2
    head.click("text=核验")
    head.wait_for_selector("[data-testid=verification]")
    assert "核验通过" in text(head, "verification")

    # --- the public page after: seed revealed, it matches the commitment; the result ------
    public.reload()
    assert text(public, "status") == "已抽取"
    secret = text(public, "secret")
    assert hashlib.sha256(bytes.fromhex(secret)).hexdigest() == commitment
    assert text(public, "seed") == drawalgo.derive_seed(
        bytes.fromhex(secret), ["纪委见证 7f3a91", "群众代表 42"]).hex()
    body = public.inner_text("main")
    assert "纪委见证 7f3a91" in body and "群众代表 42" in body
    names = [public.locator("[data-testid=result] tbody tr").nth(i).locator("td").nth(1)
             .inner_text().strip() for i in range(4)]
    assert names == list(DrawSelection.objects.filter(draw=draw).order_by("position")
                         .values_list("enterprise__name", flat=True))
    assert fits_the_screen(public)
    with public.expect_download() as download:
        public.click("text=下载公示文件（JSON）")
    path = tmp_path / "draw.json"
    download.value.save_as(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["commitment"] == commitment and doc["secret_seed"] == secret
    assert drawalgo.verify_file(str(path))["valid"] is True


def plan_month_count(plan, month) -> int:
    from anzhi.planning.selectors import planned_by_month

    return planned_by_month(plan)[month]


def text_of_errors(page) -> str:
    return " ".join(page.locator(".invalid-feedback, .alert-danger").all_inner_texts())
