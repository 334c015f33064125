"""GET/POST /api/v1/law/… — the quick reference for apps and other systems."""

from decimal import Decimal

import pytest

from anzhi.law import deadlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast, api_client):
    return api_client.login(cast.officer_a)


def test_search_violations(api):
    res = api.get("/api/v1/law/violations", {"q": "燃气 报警"})
    assert res.status_code == 200
    assert [e["id"] for e in res.json()] == ["AQSCF-99", "AQSCF-99-8"]
    everything = api.get("/api/v1/law/violations").json()
    assert len(everything) > 60 and everything[0]["id"] == "AQSCF-93"
    assert api.get("/api/v1/law/violations", {"q": "没有这个词"}).json() == []


def test_violation_detail_with_ranges_and_measures(api):
    """安全生产法第99条: 5万元以下; 逾期未改正 5万–20万, persons 1万–2万; 情节严重 停产停业整顿."""
    data = api.get("/api/v1/law/violations/AQSCF-99-4").json()
    assert data["citation"] == "安全生产法第99条第1款第4项"
    assert data["crime"] is True and data["parent"] == "AQSCF-99"
    ranges = {(r["stage"], r["party"]): (Decimal(r["min"]), Decimal(r["max"]))
              for r in data["ranges"]}
    assert ranges == {("first", "unit"): (0, 50_000), ("overdue", "unit"): (50_000, 200_000),
                      ("overdue", "person"): (10_000, 20_000)}
    measures = {m["stage"]: m["measures"] for m in data["measures"]}
    assert measures["first"] == ["责令限期改正"]
    assert "停产停业整顿" in measures["overdue"][0]
    parent = api.get("/api/v1/law/violations/AQSCF-99").json()
    assert [c["id"] for c in parent["children"]][:2] == ["AQSCF-99-1", "AQSCF-99-2"]
    lower = api.get("/api/v1/law/violations/aqscf-99-4")
    assert lower.status_code == 200


def test_unknown_entry_is_404(api):
    res = api.get("/api/v1/law/violations/AQSCF-999")
    assert res.status_code == 404


@pytest.mark.parametrize(("query", "level", "amount"), [
    # national banding of the 0–5万 range of Art 99 (ceiling_only): 一般 30–60% → 1.5万–3万
    ({"violation": "AQSCF-99-4"}, "一般", "22500"),
    ({"violation": "AQSCF-99-4", "circumstances": "FIRST_VIOLATION"}, "从轻", "7500"),
    ({"violation": "AQSCF-99-4", "circumstances": "REPEAT_WITHIN_YEAR"}, "从重", "40000"),
    # 行政处罚法 Art 32: two statutory mitigations and nothing aggravating → 减轻
    ({"violation": "AQSCF-99-4", "circumstances": "ELIMINATED_HARM,CONFESSED"}, "减轻", "2500"),
    # 行政处罚法 Art 33 ¶1: 首违不罚
    ({"violation": "AQSCF-99-4",
      "circumstances": "FIRST_VIOLATION,PROMPTLY_CORRECTED,MINOR_HARM"}, "不予处罚", "0"),
    # article number and citation forms of ``violation``
    ({"violation": "99"}, "一般", "22500"),
    ({"violation": "安全生产法第99条第1款第4项"}, "一般", "22500"),
    # 逾期未改正: 5万–20万 (floor_ceiling 一般 30–70%)
    ({"violation": "AQSCF-99", "overdue": "true"}, "一般", "125000"),
])
def test_discretion(api, query, level, amount):
    res = api.get("/api/v1/law/discretion", query)
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["level"] == level
    assert Decimal(data["amount"]) == Decimal(amount)
    assert data["reasons"] and all("第" in r for r in data["reasons"])
    if level != "不予处罚":
        assert "责令限期改正" in data["measures"] or data["stage"] == "overdue"


def test_discretion_sentence_entry(api):
    data = api.get("/api/v1/law/discretion", {"violation": "AQSCF-103-P3-S2"}).json()
    assert (Decimal(data["statutory_min"]), Decimal(data["statutory_max"])) == (100_000, 200_000)


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"violation": "AQSCF-999"}, "violation", "违法行为：罚则目录中没有"),
    ({"violation": "第999条"}, "violation", "违法行为：《安全生产法》第999条第1款不在罚则目录中"),
    ({}, "violation", "违法行为：必填"),
    ({"violation": "AQSCF-99-4", "circumstances": "FIRST_VIOLATION,BRIBED"}, "circumstances",
     "裁量情节：未知的情节 BRIBED"),
    ({"violation": "AQSCF-99-4", "circumstances": "FIRST_VIOLATION,REPEAT_WITHIN_YEAR"},
     "circumstances", "裁量情节：情节相互矛盾"),
    ({"violation": "AQSCF-99-4", "party": "person"}, "party",
     "处罚对象：安全生产法第99条第1款第4项未对直接负责的主管人员和其他直接责任人员设定罚款"),
    ({"violation": "AQSCF-99-4", "party": "boss"}, "party", "处罚对象：未知的处罚对象“boss”"),
    ({"violation": "AQSCF-99-4", "overdue": "maybe"}, "overdue", "逾期未改正：应为是/否"),
    ({"violation": "AQSCF-99-4", "overdue": "true", "accident": "true"}, "accident",
     "导致事故：不能与“逾期未改正”同时选择"),
    ({"violation": "AQSCF-99-4", "locality": "火星"}, "locality", "裁量基准地区：没有录入"),
])
def test_discretion_bad_input_is_400_naming_the_field(api, query, field, message):
    res = api.get("/api/v1/law/discretion", query)
    assert res.status_code == 400, res.content
    assert res.json()["errors"][field].startswith(message), res.json()


@pytest.mark.parametrize(("period", "start", "due"), [
    ("hearing_request", "2026-09-28", "2026-10-10"),  # 5 working days over 国庆, make-up Sat
    # 7 working days over 劳动节 (1–5 May off): 6, 7, 8, Sat 9 (make-up), 11, 12, 13 May
    ("service", "2026-04-30", "2026-05-13"),
    ("payment", "2026-09-16", "2026-10-08"),  # 15 days end on 1 Oct (holiday) → next workday
    ("payment", "2026-03-01", "2026-03-16"),  # 15 days, first day not counted
    ("decision", "2026-03-02", "2026-04-01"),  # 30 days (ministry rule, [verify] in data)
    ("accident_report_unit", "2026-03-02T10:30", "2026-03-02T11:30:00"),  # 1 hour
])
def test_deadline(api, period, start, due):
    res = api.get("/api/v1/law/deadlines", {"period": period, "start": start})
    assert res.status_code == 200, res.content
    (row,) = res.json()
    assert row["due"].startswith(due)
    assert row["article"]


def test_deadline_rows_say_how_they_count(api):
    (row,) = api.get("/api/v1/law/deadlines", {"period": "hearing_request",
                                               "start": "2026-09-28"}).json()
    assert row["counts_workdays"] is True and "第64条" in row["article"]
    (row,) = api.get("/api/v1/law/deadlines", {"period": "payment", "start": "2026-09-16"}).json()
    assert row["counts_workdays"] is False and row["roll"] is True


def test_all_deadlines_for_a_start_date(api):
    rows = api.get("/api/v1/law/deadlines", {"start": "2026-03-02"}).json()
    names = {r["period"] for r in rows}
    assert set(deadlines.PERIODS) <= names and "decision" in names
    hourly = next(r for r in rows if r["period"] == "accident_report_unit")
    assert "以小时计算" in hourly["error"]
    assert next(r for r in rows if r["period"] == "payment")["due"] == "2026-03-17"


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"period": "hearing_request", "start": "2026-13-01"}, "start",
     "起算日期：“2026-13-01”不是有效日期"),
    ({"period": "hearing_request", "start": "昨天"}, "start", "起算日期：“昨天”不是有效日期"),
    ({"period": "hearing_request"}, "start", "起算日期：必填"),
    ({"period": "no_such_period", "start": "2026-03-02"}, "period",
     "期限：没有名为“no_such_period”"),
    ({"period": "hearing_request", "start": "2027-03-01"}, "start",
     "起算日期：2027年的法定节假日安排尚未录入"),
    ({"period": "hearing_request", "start": "2026-12-28"}, "start",
     "起算日期：2027年的法定节假日安排尚未录入"),  # the count runs into 2027
    ({"period": "accident_report_unit", "start": "2026-03-02"}, "start",
     "起算日期：单位负责人报告事故时限以小时计算，请同时填写时刻"),
])
def test_deadline_bad_input_is_400(api, query, field, message):
    res = api.get("/api/v1/law/deadlines", query)
    assert res.status_code == 400, res.content
    assert res.json()["errors"][field].startswith(message), res.json()


@pytest.mark.parametrize(("deaths", "injuries", "loss", "grade"), [
    # 生产安全事故报告和调查处理条例 Art 3 ("以上" includes the number)
    (0, 0, 0, "一般事故"),
    (2, 9, 9_999_999, "一般事故"),
    (3, 0, 0, "较大事故"),
    (0, 10, 0, "较大事故"),
    (0, 0, 10_000_000, "较大事故"),
    (10, 0, 0, "重大事故"),
    (0, 0, 50_000_000, "重大事故"),
    (29, 99, 99_999_999, "重大事故"),
    (30, 0, 0, "特别重大事故"),
    (0, 100, 0, "特别重大事故"),
])
def test_accident_grade(api, deaths, injuries, loss, grade):
    res = api.get("/api/v1/law/accident-grade", {"deaths": deaths, "serious_injuries": injuries,
                                                 "direct_loss_yuan": loss})
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["grade"] == grade and data["article"] == "生产安全事故报告和调查处理条例第3条"


def test_accident_grade_with_fines(api):
    """安全生产法 Art 114 ¶1 (较大: 100万–200万), ¶2 (×2–×5), Art 95 (较大: 60%)."""
    data = api.get("/api/v1/law/accident-grade", {"deaths": 3}).json()
    assert (Decimal(data["unit_fine"]["min"]), Decimal(data["unit_fine"]["max"])) == (
        1_000_000, 2_000_000)
    serious = data["unit_fine_particularly_serious"]
    assert (Decimal(serious["min"]), Decimal(serious["max"])) == (2_000_000, 10_000_000)
    assert Decimal(data["principal_income_share"]) == Decimal("0.6")


@pytest.mark.parametrize(("query", "field", "message"), [
    ({"deaths": -1}, "deaths", "死亡人数：不能为负数"),
    ({"serious_injuries": -3}, "serious_injuries", "重伤人数（含急性工业中毒）：不能为负数"),
    ({"direct_loss_yuan": "-0.5"}, "direct_loss_yuan", "直接经济损失（元）：不能为负数"),
    ({"deaths": "两人"}, "deaths", "死亡人数：应为数字"),
    ({"deaths": "1.5"}, "deaths", "死亡人数：应为整数"),
])
def test_accident_grade_bad_input(api, query, field, message):
    res = api.get("/api/v1/law/accident-grade", query)
    assert res.status_code == 400
    assert res.json()["errors"][field] == message


@pytest.mark.parametrize(("facts", "crimes"), [
    ({}, []),
    ({"deaths": 1}, ["重大责任事故罪"]),  # 2015 解释 Art 6: 1 death
    ({"deaths": 1, "unsafe_facilities_or_conditions": True},
     ["重大责任事故罪", "重大劳动安全事故罪"]),
    ({"disabled_monitoring_or_alarm": True, "real_danger": True}, ["危险作业罪"]),  # 134之一
    ({"disabled_monitoring_or_alarm": True}, []),  # no real danger: not 危险作业罪
])
def test_possible_crimes(api, facts, crimes):
    res = api.post("/api/v1/law/crimes", facts)
    assert res.status_code == 200, res.content
    assert [c["crime"] for c in res.json()["crimes"]] == crimes
    assert "行政处罚法第27条" in res.json()["referral"]


@pytest.mark.parametrize(("facts", "field", "message"), [
    ({"deaths": -1}, "deaths", "死亡人数：不能为负数"),
    ({"direct_loss_yuan": -100}, "direct_loss_yuan", "直接经济损失（元）：不能为负数"),
    ({"bribery": True}, "bribery", "bribery：不是可接受的字段"),
    ({"deaths": "x"}, "deaths", "死亡人数：应为整数"),
])
def test_possible_crimes_bad_input(api, facts, field, message):
    res = api.post("/api/v1/law/crimes", facts)
    assert res.status_code == 400
    assert res.json()["errors"][field] == message


@pytest.mark.parametrize("who", ["officer_b", "head_a", "auxiliary_a", "county_admin",
                                 "discipline", "leader", "assistant_a", "superuser"])
def test_every_staff_role_reads(cast, api_client, who):
    api_client.login(getattr(cast, who))
    assert api_client.get("/api/v1/law/violations", {"q": "动火"}).status_code == 200


def test_enterprise_users_and_anonymous_refused(cast, api_client):
    assert api_client.get("/api/v1/law/violations").status_code == 401
    api_client.login(cast.enterprise_user_a)
    for path in ("/api/v1/law/violations", "/api/v1/law/violations/AQSCF-99",
                 "/api/v1/law/discretion?violation=AQSCF-99",
                 "/api/v1/law/deadlines?start=2026-03-02",
                 "/api/v1/law/accident-grade?deaths=1"):
        assert api_client.get(path).status_code == 403, path
    assert api_client.post("/api/v1/law/crimes", {}).status_code == 403


def test_choice_lists(api):
    circumstances = api.get("/api/v1/law/circumstances").json()
    first = {"name": "FIRST_VIOLATION", "label": "初次违法", "group": "酌定从轻情节"}
    assert first in circumstances
    periods = {p["name"]: p for p in api.get("/api/v1/law/periods").json()}
    assert periods["hearing_request"]["label"] == "申请听证期限（5个工作日）"
    assert "decision:head" in periods
