"""Accident grade — 生产安全事故报告和调查处理条例 Art 3 (以上 includes, 以下 excludes)."""

import pytest

from anzhi.law import accidents


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "expected"),
    [
        pytest.param(0, 0, 0, "一般事故", id="Art3-nothing"),
        pytest.param(2, 0, 0, "一般事故", id="Art3-2-deaths"),
        pytest.param(3, 0, 0, "较大事故", id="Art3-exactly-3-deaths"),
        pytest.param(9, 0, 0, "较大事故", id="Art3-9-deaths"),
        pytest.param(10, 0, 0, "重大事故", id="Art3-exactly-10-deaths"),
        pytest.param(29, 0, 0, "重大事故", id="Art3-29-deaths"),
        pytest.param(30, 0, 0, "特别重大事故", id="Art3-exactly-30-deaths"),
        pytest.param(0, 9, 0, "一般事故", id="Art3-9-serious-injuries"),
        pytest.param(0, 10, 0, "较大事故", id="Art3-exactly-10-serious-injuries"),
        pytest.param(0, 50, 0, "重大事故", id="Art3-exactly-50-serious-injuries"),
        pytest.param(0, 99, 0, "重大事故", id="Art3-99-serious-injuries"),
        pytest.param(0, 100, 0, "特别重大事故", id="Art3-exactly-100-serious-injuries"),
        pytest.param(0, 0, 9_999_999, "一般事故", id="Art3-loss-9999999"),
        pytest.param(0, 0, 10_000_000, "较大事故", id="Art3-loss-exactly-1000wan"),
        pytest.param(0, 0, 49_999_999, "较大事故", id="Art3-loss-under-5000wan"),
        pytest.param(0, 0, 50_000_000, "重大事故", id="Art3-loss-exactly-5000wan"),
        pytest.param(0, 0, 100_000_000, "特别重大事故", id="Art3-loss-exactly-1yi"),
        pytest.param(2, 9, 10_000_000, "较大事故", id="Art3-highest-measure-wins-loss"),
        pytest.param(3, 50, 0, "重大事故", id="Art3-highest-measure-wins-injuries"),
    ],
)
def test_grade(deaths, injuries, loss, expected):
    assert accidents.grade(deaths, injuries, loss) == expected


@pytest.mark.parametrize(
    ("args", "name"),
    [
        pytest.param((-1, 0, 0), "deaths", id="negative-deaths"),
        pytest.param((0, -1, 0), "serious_injuries", id="negative-injuries"),
        pytest.param((0, 0, -1), "direct_loss_yuan", id="negative-loss"),
    ],
)
def test_negative_raises_naming_argument(args, name):
    with pytest.raises(ValueError, match=name):
        accidents.grade(*args)


def test_investigated_by_art19():
    assert accidents.investigated_by("较大事故") == "事故发生地设区的市级人民政府"
    with pytest.raises(ValueError):
        accidents.investigated_by("小事故")


def test_reporting_periods_art9_11_13_29_32():
    names = {p.name for p in accidents.reporting_periods()}
    assert {
        "accident_report_unit",
        "accident_report_upward",
        "casualty_update",
        "investigation_report",
        "investigation_reply",
    } <= names
    arts = " ".join(p.article for p in accidents.reporting_periods())
    for art in ("第9条", "第11条", "第13条", "第29条", "第32条"):
        assert art in arts
