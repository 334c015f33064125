"""One browser test of the enterprise portal (Playwright driving Debian's chromium)."""

import os
import shutil

import pytest

from .conftest import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian 的 chromium 未安装：请运行 make setup（apt-get install chromium）")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        context.close()
        browser.close()


def test_enterprise_user_uploads_evidence_and_the_hazard_awaits_review(
        cast, make_hazard, live_server, page, tmp_path):
    hazard = make_hazard(description="二楼安全出口堆放茶叶包")
    photo = tmp_path / "after.png"
    photo.write_bytes(PNG)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "ent_a")
    page.fill("#id_password", "pw-anzhi-test")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/hazards/portal/")
    item = page.locator("[data-testid=open-hazard]", has_text="二楼安全出口堆放茶叶包")
    assert "待整改" in item.inner_text()
    item.click()

    form = page.locator("[data-testid=evidence-form]")
    form.locator("textarea[name=description]").fill("茶叶包已移入仓库，出口畅通")
    form.locator("input[name=money_spent]").fill("200")
    form.locator("input[name=after]").set_input_files(str(photo))
    form.locator("button[type=submit]").click()
    page.wait_for_selector("text=已保存")
    assert page.inner_text("[data-testid=status]") == "待复查"
    hazard.refresh_from_db()
    assert hazard.status == "awaiting_review"
    assert hazard.files.filter(kind="after").count() == 1
