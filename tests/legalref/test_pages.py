"""Pages of 法规速查: search, an entry with its ranges, the recommendation as circumstances are
ticked (htmx), the deadline calculator, accident grading, crimes, the calendar page."""

import pytest

from anzhi.legalref.models import CalendarYear

from .conftest import HOLIDAYS_2027, WORKDAYS_2027

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def officer(cast, client):
    client.force_login(cast.officer_a)
    return client


def text(res) -> str:
    return res.content.decode()


def test_menu_and_catalogue(officer):
    res = officer.get("/law/")
    assert res.status_code == 200
    body = text(res)
    assert 'href="/law/"' in body and "法规速查" in body  # menu entry resolves
    assert "安全生产法第93条第1款" in body and "安全生产法第114条第1款" in body


def test_search_by_words(officer):
    body = text(officer.get("/law/", {"q": "燃气 报警"}))
    assert "找到 2 条" in body
    assert 'href="/law/v/AQSCF-99-8/"' in body
    partial = officer.get("/law/", {"q": "燃气 报警"}, **HTMX)
    assert "<html" not in text(partial) and "AQSCF-99-8" in text(partial)
    assert "没有包含“没有这个词”的违法行为" in text(officer.get("/law/", {"q": "没有这个词"}))


def test_entry_page_shows_ranges_measures_and_default_recommendation(officer):
    res = officer.get("/law/v/AQSCF-99-4/")
    assert res.status_code == 200
    body = text(res)
    assert "安全生产法第99条第1款第4项" in body
    assert '<tr data-stage="first" data-party="unit"><td>发现违法行为时</td><td>生产经营单位</td>' \
           '<td class="text-nowrap">5万元以下</td></tr>' in body
    assert '<td class="text-nowrap">5万元以上20万元以下</td>' in body
    assert '<td class="text-nowrap">1万元以上2万元以下</td>' in body
    assert "情节严重的，责令停产停业整顿" in body
    assert 'data-level="一般"' in body and "2.25万元" in body
    assert "构成犯罪的，依法追究刑事责任" in body  # Art 99 item 4 refers on to 刑法
    assert 'name="circumstances" value="FIRST_VIOLATION"' in body


def test_entry_without_fixed_fines_has_no_recommendation(officer):
    body = text(officer.get("/law/v/AQSCF-95-2/"))
    assert "60%" in body  # Art 95 (2): 较大事故, 60% of last year's income
    assert "没有裁量建议" in body


def test_unknown_entry_404(officer):
    assert officer.get("/law/v/AQSCF-999/").status_code == 404


@pytest.mark.parametrize(("ticked", "level", "amount"), [
    ([], "一般", "2.25万元"),
    (["FIRST_VIOLATION"], "从轻", "7,500元"),
    (["REPEAT_WITHIN_YEAR"], "从重", "4万元"),
    (["ELIMINATED_HARM", "CONFESSED"], "减轻", "2,500元"),
    (["FIRST_VIOLATION", "PROMPTLY_CORRECTED", "MINOR_HARM"], "不予处罚", None),
])
def test_ticking_circumstances_changes_the_recommendation(officer, ticked, level, amount):
    res = officer.get("/law/v/AQSCF-99-4/recommend/",
                      {"stage": "first", "party": "unit", "circumstances": ticked}, **HTMX)
    assert res.status_code == 200
    body = text(res)
    assert "<html" not in body
    assert f'data-level="{level}"' in body
    if amount:
        assert f'<strong data-testid="amount">{amount}</strong>' in body
    else:
        assert "首违不罚" in body


def test_overdue_stage_and_party(officer):
    body = text(officer.get("/law/v/AQSCF-99-4/recommend/",
                            {"stage": "overdue", "party": "person"}, **HTMX))
    assert "1.5万元" in body  # 1万–2万, 一般 30–70% → 1.3万–1.7万, midpoint 1.5万


def test_bad_circumstance_shows_the_message(officer):
    contradictory = {"circumstances": ["FIRST_VIOLATION", "REPEAT_WITHIN_YEAR"]}
    res = officer.get("/law/v/AQSCF-99-4/recommend/", contradictory, **HTMX)
    assert res.status_code == 200  # htmx swaps only 2xx: the fragment carries the message
    assert "情节相互矛盾" in text(res) and "data-level" not in text(res)
    res = officer.get("/law/v/AQSCF-99-4/recommend/", contradictory)
    assert res.status_code == 400 and "情节相互矛盾" in text(res)
    res = officer.get("/law/v/AQSCF-99-4/", {"circumstances": "NOPE"})
    assert "裁量情节：未知的情节 NOPE" in text(res)


def test_deadline_calculator_period_ending_on_a_holiday(officer):
    """行政处罚法 Art 67: 15 days from 16 Sep 2026 end on 1 Oct (国庆) → 8 Oct 2026."""
    res = officer.get("/law/deadlines/", {"period": "payment", "start": "2026-09-16"})
    assert res.status_code == 200
    body = text(res)
    assert "2026-10-08（周四）" in body
    assert "行政处罚法第67条第3款" in body and "届满日为节假日的顺延" in body


def test_deadline_calculator_working_days(officer):
    body = text(officer.get("/law/deadlines/", {"period": "hearing_request",
                                                "start": "2026-09-28"}, **HTMX))
    assert "2026-10-10（周六）" in body and "按工作日计算" in body  # make-up Saturday
    assert "<html" not in body


def test_deadline_calculator_lists_all_periods(officer):
    body = text(officer.get("/law/deadlines/", {"period": "", "start": "2026-03-02"}))
    assert body.count('data-period="') >= 25
    assert "以小时计算，请同时填写时刻" in body
    body = text(officer.get("/law/deadlines/", {"period": "accident_report_unit",
                                                "start": "2026-03-02", "time": "10:30"}))
    assert "2026-03-02 11:30" in body


def test_deadline_calculator_unknown_year(officer):
    res = officer.get("/law/deadlines/", {"period": "hearing_request", "start": "2027-03-01"})
    assert res.status_code == 400
    body = text(res)
    assert "2027年的法定节假日安排尚未录入，无法按工作日计算期限" in body
    assert 'data-testid="due"' not in body
    res = officer.get("/law/deadlines/", {"period": "hearing_request", "start": "2026-02-30"})
    assert "不是有效日期" in text(res)


def test_accident_page(officer):
    body = text(officer.get("/law/accident/", {"deaths": "3", "serious_injuries": "0",
                                               "direct_loss_yuan": "0"}))
    assert '<div class="fs-5 fw-semibold" data-testid="grade">较大事故</div>' in body
    assert "生产安全事故报告和调查处理条例第3条" in body and "100万元以上200万元以下" in body
    res = officer.get("/law/accident/", {"deaths": "-1"})
    assert res.status_code == 400 and "死亡人数：不能为负数" in text(res)


def test_crimes_page(officer):
    body = text(officer.get("/law/crimes/", {"facts": "1", "disabled_monitoring_or_alarm": "1",
                                             "real_danger": "1"}, **HTMX))
    assert "危险作业罪" in body and "刑法第134条之一" in body and "不得以罚代刑" in body
    body = text(officer.get("/law/crimes/", {"facts": "1"}))
    assert "未发现应移送司法机关的犯罪情形" in body
    res = officer.get("/law/crimes/", {"facts": "1", "serious_injuries": "-2"})
    assert res.status_code == 400 and "重伤人数（含急性工业中毒）：不能为负数" in text(res)


# --- calendar page ----------------------------------------------------------------------

FORM = {"year": "2027", "source": "国办发明电〔2026〕测试号", "holidays": HOLIDAYS_2027,
        "workdays": WORKDAYS_2027, "note": "", "reason": ""}


def test_admin_enters_a_year_and_deadlines_use_it(cast, client,
                                                  django_capture_on_commit_callbacks):
    client.force_login(cast.county_admin)
    page = text(client.get("/law/calendar/"))
    assert 'id="calendar-form"' in page and 'name="year" id="id_year" value="2027"' in page
    with django_capture_on_commit_callbacks(execute=True):
        res = client.post("/law/calendar/", FORM, follow=True)
    assert res.redirect_chain == [("/law/calendar/", 302)]
    assert "已保存2027年节假日安排（第1次）" in text(res) and "10天 / 2天" in text(res)
    row = CalendarYear.objects.get(year=2027)
    assert row.days.count() == 12
    res = client.get("/law/deadlines/", {"period": "hearing_request", "start": "2026-12-28"})
    assert "2027-01-05（周二）" in text(res)
    edit = text(client.get("/law/calendar/", {"year": "2027"}))
    assert "2027-02-14 春节调休上班" in edit


def test_calendar_form_errors_write_nothing(cast, client):
    client.force_login(cast.superuser)
    res = client.post("/law/calendar/", {**FORM, "workdays": "2027-03-01 周一"})
    assert res.status_code == 400
    assert "调休上班日：2027-03-01（周一） 本就是工作日" in text(res)
    res = client.post("/law/calendar/", {**FORM, "holidays": "元旦"})
    assert "休息日：第1行没有可识别的日期" in text(res)
    assert not CalendarYear.objects.exists()


def test_officer_reads_calendar_but_cannot_edit(cast, client):
    client.force_login(cast.officer_a)
    body = text(client.get("/law/calendar/"))
    assert 'id="calendar-form"' not in body
    assert client.post("/law/calendar/", FORM).status_code == 403
    assert not CalendarYear.objects.exists()


@pytest.mark.parametrize("who", ["officer_b", "head_a", "auxiliary_a", "county_admin",
                                 "discipline", "leader", "assistant_a", "superuser"])
def test_staff_roles_read_every_page(cast, client, who):
    client.force_login(getattr(cast, who))
    for path in ("/law/", "/law/v/AQSCF-99/", "/law/deadlines/", "/law/accident/",
                 "/law/crimes/", "/law/calendar/"):
        assert client.get(path).status_code == 200, path


def test_enterprise_user_and_anonymous(cast, client):
    assert client.get("/law/").status_code == 302  # to the login page
    client.force_login(cast.enterprise_user_a)
    for path in ("/law/", "/law/v/AQSCF-99/", "/law/deadlines/", "/law/calendar/"):
        assert client.get(path).status_code == 403, path
