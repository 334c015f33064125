"""The decision page in Debian's Chromium: the head sees the recommendation and its reasons,
enters a fine outside the statutory range and reads the Chinese error, then a valid fine."""


import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_decides_with_the_recommendation(cast, flow, live_server, phone):
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"unit": 30000})
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "head_a")
    page.fill("#id_password", "pw-anzhi-test")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert page.inner_text("[data-testid=case-status]") == "告知"
    page.click("[data-testid=to-decision]")
    page.wait_for_selector("[data-testid=recommendation]")
    assert page.inner_text("[data-testid=rec-level]") == "一般"
    reasons = page.inner_text("[data-testid=rec-reasons]")
    assert "安全生产法第99条第1款第1项" in reasons and "无从轻、从重情节" in reasons
    assert "0 元 至 50000 元" in page.inner_text("[data-testid=range]")

    page.fill("#amount-0", "80000")
    page.select_option("#level-0", "从重")
    page.fill("#reason-0", "拒不整改")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=line-error]")
    error = page.inner_text("[data-testid=line-error]")
    assert "罚款金额：8万元超出安全生产法第99条第1款第1项" in error and "0元至5万元" in error

    page.fill("#amount-0", "22500")
    page.select_option("#level-0", "一般")
    page.fill("#reason-0", "")
    page.click("[data-testid=decide]")
    page.wait_for_selector("[data-testid=decision-summary]")
    assert page.inner_text("[data-testid=case-status]") == "已决定"
    summary = page.inner_text("[data-testid=decision-summary]")
    assert "湖上乡应急办罚决〔2026〕1号" in summary and "22500" in summary
