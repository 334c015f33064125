"""The phone flow in a real browser (Debian chromium, 390×844): log in as an officer, open a
new inspection, answer items, add a finding, reload, and find everything saved."""


import pytest

from anzhi.inspections.models import Answer, Finding
from tests.conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(chromium):
    """A touch phone: the officer's device on site."""
    page = new_page(chromium, has_touch=True, is_mobile=True)
    yield page
    page.context.close()


def saved(item) -> str:
    """The item's status once the server has its answer."""
    return f"form.az-item[data-item='{item.pk}'] .az-status:has-text('已保存')"


def test_officer_completes_items_and_a_finding_on_a_phone(cast, live_server, phone, items):
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "officer_a")
    page.fill("#id_password", "pw-anzhi-test")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/inspections/new/?enterprise={cast.enterprise_a.pk}")
    assert page.inner_text("[data-testid=chosen-enterprise]") == cast.enterprise_a.name
    page.check(f"input[name=officers][value='{cast.officer_a2.pk}']")
    page.select_option("select[name=checklist]", "main-responsibility")
    page.select_option("select[name=mode]", "unannounced")
    # The page's script is held back until after the first tap: an officer on a slow
    # connection answers before it has loaded, and that answer must still be saved.
    held = []
    page.route("**/inspections/onsite*.js", lambda route: held.append(route))
    page.click("[data-testid=start]")
    page.wait_for_selector("form.az-item")
    answered = items[:5]
    page.click(f"label[for='r-{answered[0].pk}-compliant']")
    page.wait_for_function("() => true")  # let the route handler run
    assert held, "the script was not held back"
    held[0].continue_()
    page.unroute("**/inspections/onsite*.js")
    page.wait_for_selector(saved(answered[0]))

    for n, item in enumerate(answered[1:], start=1):
        value = "noncompliant" if n == 3 else "compliant"
        page.click(f"label[for='r-{item.pk}-{value}']")
        page.wait_for_selector(saved(item))
    page.fill(f"form.az-item[data-item='{answered[3].pk}'] textarea[name=note]",
              "特种作业人员两人无证")
    page.wait_for_function(
        "() => !Object.keys(JSON.parse(localStorage.getItem('anzhi-inspection-' + "
        "document.querySelector('[data-az-inspection]').dataset.azInspection)).pending).length")
    assert page.inner_text("#az-answered") == "5"

    page.fill("#id_description", "电焊工两人未取得特种作业操作证上岗作业")
    page.select_option("#id_kind", "rectify_by_deadline")
    page.fill("#id_deadline", "2099-12-31")
    page.click("[data-testid=add-finding]")
    page.wait_for_selector("[data-testid=finding]:has-text('电焊工两人')")

    page.reload()
    page.wait_for_selector("form.az-item")
    for n, item in enumerate(answered):
        value = "noncompliant" if n == 3 else "compliant"
        assert page.is_checked(f"#r-{item.pk}-{value}")
    assert page.input_value(f"form.az-item[data-item='{answered[3].pk}'] textarea") == \
        "特种作业人员两人无证"
    assert "电焊工两人未取得特种作业操作证上岗作业" in page.inner_text("#findings-block")
    assert page.inner_text("#az-answered") == "5"
    # … and it is on the server, not only on the device.
    assert Answer.objects.filter(result="compliant").count() == 4
    assert Answer.objects.get(result="noncompliant").note == "特种作业人员两人无证"
    assert Finding.objects.get().dispositions.get().deadline.year == 2099
