"""On a phone-sized Chromium: search, open an entry, tick circumstances and watch the
recommendation change (htmx), then compute a deadline."""


import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_ticks_circumstances_and_computes_a_deadline(cast, live_server, phone):
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "officer_a")
    page.fill("#id_password", "pw-anzhi-test")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/law/")
    page.fill("input[name=q]", "燃气 报警")
    page.wait_for_selector("text=找到 2 条")
    page.click("a[href='/law/v/AQSCF-99-8/']")
    page.wait_for_load_state()  # the circumstances update through htmx, bound once loaded
    page.wait_for_selector("[data-testid=recommendation][data-level=一般]")

    page.check("#c_FIRST_VIOLATION")
    page.wait_for_selector("[data-testid=recommendation][data-level=从轻]")
    page.uncheck("#c_FIRST_VIOLATION")
    page.check("#c_REPEAT_WITHIN_YEAR")
    page.wait_for_selector("[data-testid=recommendation][data-level=从重]")
    assert "一年内因同一违法行为受过行政处罚" in page.inner_text("[data-testid=reasons]")
    page.check("#c_FIRST_VIOLATION")  # contradicts the repeat: the message names both
    page.wait_for_selector("[data-testid=discretion-errors]")
    assert "情节相互矛盾" in page.inner_text("[data-testid=discretion-errors]")

    page.goto(f"{live_server.url}/law/deadlines/")
    page.select_option("#id_period", "payment")
    page.fill("#id_start", "2026-09-16")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=due]")
    assert page.inner_text("[data-testid=due]") == "2026-10-08（周四）"
