"""Reading the home page's 待办 in tests."""

import re

from django.urls import reverse

_LINE = re.compile(r'href="([^"]+)" data-work="([^"]+)">\s*<span>[^<]*</span>\s*'
                   r'<span class="[^"]*">([^<]+)<')


def work_lines(client, user) -> dict[str, tuple[str, str]]:
    """The 待办 lines on ``user``'s home page: key -> (the count as shown, the link)."""
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    return {key: (n, url.replace("&amp;", "&")) for url, key, n in _LINE.findall(page)}
