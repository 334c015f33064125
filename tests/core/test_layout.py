"""base.html: the menu, the layout's links and its assets, resolved once per URLconf and
STATIC_URL by core.context_processors.navigation."""

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
