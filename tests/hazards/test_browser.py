"""One browser test of the enterprise portal (Playwright driving Debian's chromium)."""


import pytest

from .conftest import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(phone):
    return phone


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
