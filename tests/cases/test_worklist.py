"""The case lines of the home page's 待办: a clock near its end, a clock run out; each
links to the case list filtered to exactly those cases."""

import re
from datetime import date

from anzhi.cases import clocks
from tests.home_page import work_lines


def listed(client, url) -> set[int]:
    page = client.get(url).content.decode()
    return {int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', page)}


def test_warning_then_missed(cast, client, flow, today):
    today(date(2026, 8, 1))
    case = flow.new()
    flow.investigating(case)  # decision due 31 Aug
    second = flow.new()
    flow.investigating(second)
    assert "cases.warning" not in work_lines(client, cast.officer_a)

    clocks.sweep(date(2026, 8, 22))  # 70 % of the decision period
    lines = work_lines(client, cast.officer_a)
    assert lines["cases.warning"][0] == "2"
    assert listed(client, lines["cases.warning"][1]) == {case.pk, second.pk}
    assert "cases.missed" not in lines

    clocks.sweep(date(2026, 9, 1))
    lines = work_lines(client, cast.officer_a)
    assert lines["cases.missed"][0] == "2"
    assert listed(client, lines["cases.missed"][1]) == {case.pk, second.pk}
    assert "cases.missed" not in work_lines(client, cast.officer_b)
