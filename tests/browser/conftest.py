
import pytest


@pytest.fixture
def browser_page(phone):
    return phone


def login(page, live_server, username, password="pw-anzhi-test"):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
