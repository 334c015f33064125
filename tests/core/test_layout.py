"""The page frame (jinja2/base.jinja): the menu, the layout's links and its assets (resolved
once per URLconf and STATIC_URL by core.context_processors.navigation), on Django and
Jinja2 pages alike."""

import re

import pytest
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]+)"', html)


def test_a_signed_in_page_links_the_menu_logout_and_assets(client):
    client.force_login(UserFactory())
    links = _links(client.get("/").content.decode())
    for expected in ("/", "/enterprises/", "/logout/", "/law/", "/hazards/", "/cases/",
                     "/static/vendor/bootstrap/css/bootstrap.min.css",
                     "/static/anzhi/anzhi.css", "/static/vendor/htmx/htmx.min.js"):
        assert expected in links, expected


def test_the_login_page_has_the_assets_and_no_menu(client):
    html = client.get("/login/").content.decode()
    assert "/static/anzhi/anzhi.css" in _links(html)
    assert "/enterprises/" not in _links(html) and "退出" not in html


def test_assets_follow_static_url(client):
    client.force_login(UserFactory())
    with override_settings(STATIC_URL="/assets/"):
        links = _links(client.get("/").content.decode())
    assert "/assets/anzhi/anzhi.css" in links and "/static/anzhi/anzhi.css" not in links


# One frame for both engines: Django pages get jinja2/base.jinja through {% frame %}
# (core/templatetags/frame.py), the Jinja2 enterprise list extends it.

def _nav(html: str) -> list[str]:
    nav = html[html.index('<nav class="navbar'):html.index("</nav>")]
    return re.findall(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>', nav)


def test_django_and_jinja2_pages_share_the_frame(client):
    user = UserFactory(full_name="林晓", role="officer")
    client.force_login(user)
    django_page = client.get("/hazards/").content.decode()
    jinja_page = client.get("/enterprises/").content.decode()
    assert _nav(django_page) == _nav(jinja_page)
    assert ("/enterprises/", "企业档案") in _nav(jinja_page)
    for html in (django_page, jinja_page):
        assert "林晓 · 执法人员" in html
        assert html.count("<html") == 1 and html.count("</main>") == 1
    assert "<title>企业档案 · 安全生产执法监管平台</title>" in jinja_page
    assert "<title>隐患台账" in django_page


def test_the_frames_logout_form_carries_a_valid_csrf_token():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    html = client.get("/enterprises/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    header = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    assert token == header
    assert client.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/enterprises/").status_code == 302  # signed out: back to login


@pytest.mark.parametrize("path", ["/hazards/", "/enterprises/"])
def test_messages_show_in_the_frame_on_either_engine(client, path):
    """A message left by an earlier request (as before a redirect) shows on the next page,
    whichever engine renders it."""
    from django.contrib import messages
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    client.force_login(UserFactory())
    storage, response = CookieStorage(HttpRequest()), HttpResponse()
    storage.add(messages.SUCCESS, "已建档：<测试>")
    storage.add(messages.ERROR, "未保存")
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    html = client.get(path).content.decode()
    assert '<div class="alert alert-success" role="alert">已建档：&lt;测试&gt;</div>' in html
    assert '<div class="alert alert-danger" role="alert">未保存</div>' in html
    assert "已建档" not in client.get(path).content.decode()  # shown once
