"""The platform speaks Chinese to every browser, whatever language the browser prefers."""

import pytest

ENGLISH = "en-US,en;q=0.9"


@pytest.mark.django_db
def test_a_refused_login_is_explained_in_chinese_to_an_english_browser(client):
    res = client.post("/login/", {"username": "nobody", "password": "x"},
                      HTTP_ACCEPT_LANGUAGE=ENGLISH)
    page = res.content.decode()
    assert "请输入" in page and "Please enter" not in page


@pytest.mark.django_db
def test_responses_do_not_vary_by_the_browser_language(client):
    res = client.get("/login/", HTTP_ACCEPT_LANGUAGE=ENGLISH)
    assert "Accept-Language" not in res.headers.get("Vary", "")
    assert res.headers.get("Content-Language", "zh-hans") == "zh-hans"
