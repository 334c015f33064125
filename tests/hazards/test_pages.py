"""Pages: ledger, detail actions, 动态清零 with its exports, portal, dossier tab."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from anzhi.hazards.models import DutyRecord, Hazard
from anzhi.hazards.services import (
    hazard_list_for_supervision,
    hazard_review,
    hazard_set_plan,
    hazard_submit_rectification,
)

from .conftest import PNG, full_plan, png


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client
    return as_


def test_ledger_page_lists_scoped_hazards_and_menu_entry(cast, login, make_hazard):
    mine = make_hazard()
    other = make_hazard(actor=cast.officer_b, enterprise=cast.enterprise_b)
    page = login(cast.officer_a).get(reverse("hazards:list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="{reverse("hazards:detail", args=[mine.pk])}"' in text
    assert f'href="{reverse("hazards:detail", args=[other.pk])}"' not in text
    assert ">隐患台账</a>" in text  # the NAV entry resolves now


def test_ledger_and_clearance_filters_by_region_and_agency(cast, login, make_hazard):
    a = make_hazard("major")
    b = make_hazard("major", actor=cast.officer_b, enterprise=cast.enterprise_b)
    client = login(cast.county_admin)
    text = client.get(reverse("hazards:list"), {"region": cast.town_b.code}).content.decode()
    assert f"隐患{b.pk}" not in text  # the ledger shows ids, not this label
    assert f'href="{reverse("hazards:detail", args=[b.pk])}"' in text
    assert f'href="{reverse("hazards:detail", args=[a.pk])}"' not in text
    assert f'<option value="{cast.agency_b.pk}"' in text
    text = client.get(reverse("hazards:clearance"), {"region": cast.town_a.code,
                                                     "agency": cast.agency_a.pk}
                      ).content.decode()
    assert 'data-testid="open-major">1<' in text


def test_enterprise_user_is_sent_to_the_portal(cast, login):
    res = login(cast.enterprise_user_a).get(reverse("hazards:list"))
    assert res.status_code == 302 and res.url == reverse("hazards:portal")


def test_other_townships_officer_gets_404_on_the_detail_page(cast, login, make_hazard):
    hazard = make_hazard()
    assert login(cast.officer_b).get(reverse("hazards:detail", args=[hazard.pk])
                                     ).status_code == 404


def test_officer_registers_a_hazard_through_the_page(cast, login, today):
    client = login(cast.officer_a)
    url = reverse("hazards:create") + f"?enterprise={cast.enterprise_a.pk}"
    res = client.post(url, {
        "enterprise": cast.enterprise_a.pk, "level": "general", "source": "inspection",
        "criterion": "检查表第3项", "description": "出口堆物", "found_on": today,
        "rectify_due": today - timedelta(days=1)})
    assert res.status_code == 200
    assert "整改期限：不能早于今天" in res.content.decode()
    assert not Hazard.objects.exists()
    res = client.post(url, {
        "enterprise": cast.enterprise_a.pk, "level": "general", "source": "inspection",
        "criterion": "检查表第3项", "description": "出口堆物", "found_on": today,
        "rectify_due": today + timedelta(days=5), "photos": png("scene.png")})
    hazard = Hazard.objects.get()
    assert res.status_code == 302 and res.url == reverse("hazards:detail", args=[hazard.pk])
    assert hazard.files.count() == 1


def test_review_on_the_page_closes_and_offers_the_document(cast, login, make_hazard, today):
    hazard = make_hazard()
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=hazard,
                                description="已清理", after=[png()])
    client = login(cast.officer_a)
    url = reverse("hazards:detail", args=[hazard.pk])
    res = client.post(url, {"action": "review", "passed": "1", "opinion": "",
                            "officers": [cast.officer_a.pk], "reviewed_on": today})
    assert res.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == "closed"
    review = hazard.reviews.get()
    doc_url = reverse("hazards:review-document", args=[hazard.pk, review.pk, "docx"])
    assert doc_url in client.get(url).content.decode()
    docx = Docx(io.BytesIO(client.get(doc_url).content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "整改复查意见书" in text and review.document_number in text
    assert cast.enterprise_a.name in text and "予以销号" in text


def test_page_shows_the_reason_when_a_step_is_refused(cast, login, make_hazard):
    hazard = make_hazard("major")
    res = login(cast.enterprise_user_a).post(reverse("hazards:detail", args=[hazard.pk]),
                                             {"action": "start"}, follow=True)
    assert "重大事故隐患须先制定完整的五落实整改方案" in res.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == "pending"


def test_escalated_hazard_shows_the_case_offer_disabled_without_cases_app(
        cast, login, make_hazard, monkeypatch):
    from anzhi.core import followups

    monkeypatch.delitem(followups.HANDLERS, followups.FILE_CASE, raising=False)
    hazard = make_hazard("major")
    text = login(cast.officer_a).get(reverse("hazards:detail", args=[hazard.pk])
                                     ).content.decode()
    assert "重大事故隐患未经企业自查上报" in text
    assert "处罚案件模块尚未启用" in text


def _clearance_data(cast, make_hazard, today):
    a = make_hazard("major")
    late = make_hazard("major", days=1)
    Hazard.objects.filter(pk=late.pk).update(rectify_due=today - timedelta(days=2))
    closed = make_hazard("major")
    hazard_set_plan(actor=cast.enterprise_user_a, hazard=closed, data=full_plan())
    hazard_submit_rectification(actor=cast.enterprise_user_a, hazard=closed,
                                description="已整改", after=[png()])
    hazard_review(actor=cast.officer_a, hazard=closed, passed=True, on_site=True,
                  officer_ids=[cast.officer_a.pk, cast.officer_a2.pk])
    make_hazard()
    make_hazard("major", actor=cast.officer_b, enterprise=cast.enterprise_b)
    return a, late, closed


def test_clearance_figures(cast, make_hazard, today):
    from anzhi.hazards.selectors import clearance

    a, late, _closed = _clearance_data(cast, make_hazard, today)
    fig = clearance(cast.officer_a, day=today)
    assert (fig["open_major"], fig["overdue_major"]) == (2, 1)
    assert [h.pk for h in fig["hazards"]] == [late.pk, a.pk]  # overdue first
    assert (fig["found_major_month"], fig["found_general_month"]) == (3, 1)
    assert (fig["closed_major_month"], fig["major_total"], fig["major_closed"]) == (1, 3, 1)
    assert fig["close_rate"] == 33.3
    assert fig["by_region"] == [{"code": cast.town_a.code, "name": "湖上乡", "n": 2}]
    assert fig["by_agency"][0]["n"] == 2
    assert fig["by_age"][0] == {"label": "30天以内", "n": 2}
    county = clearance(cast.county_admin, day=today)
    assert county["open_major"] == 3
    assert clearance(cast.county_admin, day=today, region=cast.town_b.code)["open_major"] == 1
    assert clearance(cast.county_admin, day=today, agency=cast.agency_b.pk)["open_major"] == 1


def test_clearance_page_and_xlsx_export(cast, login, make_hazard, today):
    _, late, _ = _clearance_data(cast, make_hazard, today)
    client = login(cast.officer_a)
    page = client.get(reverse("hazards:clearance"))
    assert page.status_code == 200 and 'data-testid="open-major">2<' in page.content.decode()
    res = client.get(reverse("hazards:clearance-export"))
    assert res["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(res.content))
    summary = {row[0]: row[1] for row in wb["汇总"].iter_rows(values_only=True) if row[0]}
    assert summary["在改重大事故隐患"] == 2 and summary["其中逾期"] == 1
    assert summary["重大隐患销号率（%）"] == 33.3
    rows = list(wb["在改重大隐患"].iter_rows(values_only=True))
    assert rows[0][0] == "编号" and rows[1][0] == late.pk and rows[1][9] == "是"


def test_quarterly_report_docx(cast, login, make_hazard, today):
    _clearance_data(cast, make_hazard, today)
    quarter = (today.month - 1) // 3 + 1
    res = login(cast.county_admin).get(reverse("hazards:quarterly"),
                                       {"year": today.year, "quarter": quarter})
    assert res.status_code == 200
    doc = Docx(io.BytesIO(res.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"{today.year}年第{quarter}季度事故隐患排查治理情况通报" in text
    assert "共排查发现事故隐患5项，其中重大事故隐患4项；整改销号1项" in text
    table = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][0] == "乡镇"
    assert ["湖上乡", "4", "3", "1", "3", "2"] in cells
    assert ["剑斗镇", "1", "1", "0", "1", "1"] in cells


def test_supervised_page_for_leaders(cast, login, make_hazard, today):
    hazard = make_hazard("major")
    hazard_list_for_supervision(actor=cast.head_a, hazard=hazard, level="township",
                                document_number="湖上安委督〔2026〕3号",
                                deadline=today + timedelta(days=30))
    text = login(cast.leader).get(reverse("hazards:supervised")).content.decode()
    assert "湖上安委督〔2026〕3号" in text


def test_portal_self_report_and_duty_record(cast, login, today):
    client = login(cast.enterprise_user_a)
    res = client.get(reverse("hazards:portal"))
    assert res.status_code == 200 and cast.enterprise_a.name in res.content.decode()
    res = client.post(reverse("hazards:portal"), {
        "action": "report", "level": "major", "criterion": "工贸重大隐患判定标准第11条",
        "description": "除尘系统未设置泄爆装置", "found_on": today,
        "rectify_due": today + timedelta(days=30)})
    hazard = Hazard.objects.get()
    assert res.status_code == 302 and hazard.source == "self_report"
    assert not hazard.flag_concealed
    res = client.post(reverse("hazards:portal"), {
        "action": "duty", "duty": "drill", "held_on": today, "title": "粉尘爆炸应急演练",
        "leader_name": "林志明", "participants": 12})
    assert res.status_code == 302
    assert DutyRecord.objects.get().duty == "drill"


def test_portal_is_only_for_enterprise_users(cast, login):
    assert login(cast.officer_a).get(reverse("hazards:portal")).status_code == 403


def test_evidence_upload_rejects_other_files_on_the_page(cast, login, make_hazard):
    from django.core.files.uploadedfile import SimpleUploadedFile

    hazard = make_hazard()
    res = login(cast.enterprise_user_a).post(reverse("hazards:detail", args=[hazard.pk]), {
        "action": "evidence", "description": "已清理",
        "after": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", "image/png")})
    assert res.status_code == 200
    assert "整改后照片：文件“x.exe”不是图片" in res.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == "pending"


def test_evidence_file_is_served_only_within_scope(cast, login, make_hazard):
    hazard = make_hazard(photos=[png("scene.png")])
    f = hazard.files.get()
    url = reverse("hazards:file", args=[hazard.pk, f.pk])
    res = login(cast.enterprise_user_a).get(url)
    assert res.status_code == 200 and b"".join(res.streaming_content) == PNG
    assert login(cast.officer_b).get(url).status_code == 404


def test_dossier_tab_shows_the_hazards_with_history(cast, login, make_hazard):
    hazard = make_hazard()
    url = reverse("registry:detail", args=[cast.enterprise_a.pk]) + "?tab=hazards"
    text = login(cast.officer_a).get(url).content.decode()
    assert 'data-testid="dossier-hazard"' in text
    assert f"隐患{hazard.pk}" in text and "待整改" in text


def test_discipline_sees_the_ledger_but_no_action_forms(cast, login, make_hazard):
    hazard = make_hazard()
    text = login(cast.discipline).get(reverse("hazards:detail", args=[hazard.pk])
                                      ).content.decode()
    assert 'name="action"' not in text


def test_clearance_page_lists_the_most_urgent_and_links_to_the_rest(cast, login, make_hazard,
                                                                     today, monkeypatch):
    from anzhi.hazards import views

    monkeypatch.setattr(views, "CLEARANCE_PAGE_ROWS", 1)
    a, late, _ = _clearance_data(cast, make_hazard, today)
    text = login(cast.officer_a).get(reverse("hazards:clearance")).content.decode()
    assert reverse("hazards:detail", args=[late.pk]) in text  # the overdue one is listed
    assert reverse("hazards:detail", args=[a.pk]) not in text
    assert 'data-testid="more-open-major">共 2 项，此处列出最紧急的 1 项' in text
    assert f'{reverse("hazards:list")}?status=open&amp;level=major' in text
    # the linked ledger shows both open major hazards
    ledger = login(cast.officer_a).get(reverse("hazards:list"),
                                       {"status": "open", "level": "major"})
    listed = ledger.content.decode()
    assert all(reverse("hazards:detail", args=[h.pk]) in listed for h in (a, late))


def test_ledger_filter_selects_say_what_they_filter(cast, login):
    """The filter bar has no labels beside its selects: each one's empty choice and its
    aria-label name the field."""
    text = login(cast.officer_a).get(reverse("hazards:list")).content.decode()
    for name, label, empty in [("status", "状态", "全部状态"), ("level", "级别", "全部级别"),
                               ("overdue", "是否逾期", "是否逾期"), ("source", "来源", "全部来源"),
                               ("agency", "监管机构", "全部监管机构")]:
        select = text[text.index(f'name="{name}"') - 80:text.index("</select>",
                                                                  text.index(f'name="{name}"'))]
        assert f'aria-label="{label}"' in select
        assert f'<option value="" selected>{empty}</option>' in select
    assert ">全部</option>" not in text
