import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_searches_by_part_of_a_name_and_opens_the_dossier(
        cast, live_server, browser_page):
    page = browser_page
    login(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/enterprises/")
    page.fill("input[name=q]", "观音")
    page.wait_for_selector("text=共 1 户")
    page.click("text=湖上乡铁观音茶厂")
    page.wait_for_selector("[data-testid=dossier-name]")
    assert page.inner_text("[data-testid=dossier-name]") == "湖上乡铁观音茶厂"
    assert cast.enterprise_a.uscc in page.content()
