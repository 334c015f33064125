"""core.urls_fixed.fixed_url: reverse() once per URLconf and script prefix."""

from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from anzhi.core.urls_fixed import fixed_url


def test_it_is_reverse():
    assert fixed_url("registry:list") == reverse("registry:list") == "/enterprises/"
    assert fixed_url("registry:detail", 0) == "/enterprises/0/"


def test_it_follows_the_script_prefix():
    assert fixed_url("registry:list") == "/enterprises/"
    set_script_prefix("/anzhi/")
    try:
        assert fixed_url("registry:list") == "/anzhi/enterprises/"
    finally:
        clear_script_prefix()
    assert fixed_url("registry:list") == "/enterprises/"


def test_it_follows_the_urlconf():
    assert fixed_url("registry:list") == "/enterprises/"
    with override_settings(ROOT_URLCONF="tests.core.urls_elsewhere"):
        assert fixed_url("registry:list") == "/elsewhere/enterprises/"
