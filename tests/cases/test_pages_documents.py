"""Pages (list, case page, decision page, actions) and the documents: .docx opened back with
python-docx, PDF bytes checked (and their text with pdftotext when it is installed)."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anzhi.cases import services
from anzhi.cases.models import PenaltyCase


def docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def closed_case(flow, cast, today):
    today(date(2026, 8, 3))
    case = flow.new()
    flow.to_decided(case, Decimal("22500"))
    flow.act(case, "serve", on="2026-08-03")
    services.case_record_payment(actor=cast.officer_a, case=case, amount="22500")
    flow.act(case, "close", cast.head_a)
    case.refresh_from_db()
    return case


def test_list_and_case_page(client, cast, flow, today):
    case = flow.new()
    flow.investigating(case)
    case.refresh_from_db()
    assert case.number
    client.force_login(cast.officer_a)
    res = client.get(reverse("cases:list"), {"status": "investigating"})
    assert res.status_code == 200 and case.number in res.content.decode()
    res = client.get(reverse("cases:detail", args=[case.pk]))
    html = res.content.decode()
    assert res.status_code == 200
    assert "作出处罚决定期限" in html and "行政处罚法第60条" in html and "剩余" in html
    assert 'data-testid="action-submit_review"' in html
    client.force_login(cast.officer_b)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert case.number not in client.get(reverse("cases:list")).content.decode()


def test_action_form_refusal_is_shown(client, cast, flow):
    case = flow.new()
    client.force_login(cast.officer_a)
    res = client.post(reverse("cases:action", args=[case.pk]), {"action": "approve_filing"},
                      follow=True)
    assert "只有承办机关（湖上乡应急办）的负责人可以批准立案" in res.content.decode()
    client.force_login(cast.head_a)
    res = client.post(reverse("cases:action", args=[case.pk]), {"action": "approve_filing"},
                      follow=True)
    assert "已办理：批准立案" in res.content.decode()


def test_create_case_page(client, cast, today):
    client.force_login(cast.officer_a)
    assert client.get(reverse("cases:create")).status_code == 200
    res = client.post(reverse("cases:create"), {
        "enterprise": cast.enterprise_a.pk, "title": "未设置警示标志", "procedure": "ordinary",
        "source_type": "complaint", "entry_id": "AQSCF-99-1", "facts": "群众举报"})
    case = PenaltyCase.objects.get()
    assert res.status_code == 302 and case.source_type == "complaint"


def test_decision_page_shows_recommendation_and_refuses_out_of_range(client, cast, flow):
    case = flow.new()
    flow.investigating(case)
    flow.review(case)
    flow.notified(case, {"unit": 30000})
    client.force_login(cast.head_a)
    url = reverse("cases:decision", args=[case.pk])
    html = client.get(url).content.decode()
    assert "裁量基准建议" in html and "一般" in html and "无从轻、从重情节" in html
    assert "同案同罚" in html
    res = client.post(url, {"amount-0": "60000", "level-0": "从重", "reason-0": "x",
                            "kind": "penalty"})
    assert res.status_code == 400 and "超出安全生产法第99条第1款第1项" in res.content.decode()
    res = client.post(url, {"amount-0": "22500", "level-0": "一般", "kind": "penalty"})
    assert res.status_code == 302
    case.refresh_from_db()
    assert case.fine_total == Decimal("22500")


@pytest.mark.parametrize("kind,words", [
    ("case_filing", ["立案审批表", "湖上乡应急办立〔2026〕1号", "安全生产法第99条第1款第1项"]),
    ("penalty_notice", ["行政处罚告知书", "陈述和申辩", "22,500.00元"]),
    ("penalty_decision", ["行政处罚决定书", "湖上乡应急办罚决〔2026〕1号", "十五日内",
                          "裁量理由"]),
    ("service_receipt", ["送达回执", "直接送达"]),
    ("case_closing", ["结案审批表", "已缴纳罚款22,500.00元"]),
    ("case_file", ["行政处罚案卷", "卷内文书目录", "【立案审批表】", "【询问笔录】",
                   "【行政处罚决定书】", "【结案审批表】", "证据目录"]),
])
def test_documents_open_back_as_docx(client, cast, flow, today, kind, words):
    case = closed_case(flow, cast, today)
    client.force_login(cast.officer_a)
    res = client.get(reverse("cases:document", args=[case.pk, kind, "docx"]))
    assert res.status_code == 200
    text = docx_text(res.content)
    for w in words:
        assert w in text, w
    assert cast.enterprise_a.name in text


def test_case_file_lists_documents_in_order(client, cast, flow, today):
    case = closed_case(flow, cast, today)
    client.force_login(cast.officer_a)
    text = docx_text(client.get(reverse("cases:document",
                                        args=[case.pk, "case_file", "docx"])).content)
    order = ["【立案审批表】", "【询问笔录】", "【勘验笔录】", "【行政处罚告知书】",
             "【行政处罚决定书】", "【送达回执】", "【结案审批表】"]
    positions = [text.index(w) for w in order]
    assert positions == sorted(positions)


def test_the_case_file_and_page_name_each_evidence_file_and_its_size(client, cast, flow,
                                                                    today, monkeypatch):
    review = flow.review

    def with_scan(case):
        services.case_add_evidence(
            actor=cast.officer_a, case=case, kind="document", title="营业执照复印件",
            file=SimpleUploadedFile("营业执照扫描.pdf", b"%PDF-1.7\n" + b"0" * 2039))
        return review(case)

    monkeypatch.setattr(flow, "review", with_scan)
    case = closed_case(flow, cast, today)
    client.force_login(cast.officer_a)
    text = docx_text(client.get(reverse("cases:document",
                                        args=[case.pk, "case_file", "docx"])).content)
    rows = text.split("\n")
    at = rows.index("营业执照复印件")
    assert rows[at + 2] == "营业执照扫描.pdf（2.0\xa0KB）"
    assert rows[rows.index("询问张三") + 2] == "—"  # a record without a file
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert ">营业执照扫描.pdf</a>（2.0\xa0KB）" in html


def test_pdf_documents(client, cast, flow, today, tmp_path):
    case = closed_case(flow, cast, today)
    client.force_login(cast.officer_a)
    res = client.get(reverse("cases:document", args=[case.pk, "penalty_decision", "pdf"]))
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    assert res.content.startswith(b"%PDF-") and b"%%EOF" in res.content[-1024:]
    if shutil.which("pdftotext"):
        path = tmp_path / "d.pdf"
        path.write_bytes(res.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              check=True).stdout.decode()
        assert "行政处罚决定书" in text and "湖上乡应急办罚决〔2026〕1号" in text


def test_document_not_yet_made_is_404_and_scoped(client, cast, flow):
    case = flow.new()
    client.force_login(cast.officer_a)
    assert client.get(reverse("cases:document",
                              args=[case.pk, "penalty_decision", "docx"])).status_code == 404
    client.force_login(cast.officer_b)
    assert client.get(reverse("cases:document",
                              args=[case.pk, "case_file", "docx"])).status_code == 404


def test_transfer_document_and_referral_page(client, cast, flow):
    case = flow.new()
    flow.investigating(case)
    flow.act(case, "transfer", cast.head_a, reason="属公安机关管辖", counterpart="安溪县公安局",
             kind="judicial")
    referral = case.referrals.get()
    client.force_login(cast.officer_a)
    assert "安溪县公安局" in client.get(reverse("cases:referral",
                                               args=[referral.pk])).content.decode()
    text = docx_text(client.get(reverse("cases:referral_document",
                                        args=[referral.pk, "docx"])).content)
    assert "案件移送书" in text and referral.number in text


def test_dossier_tab_and_figures_pages(client, cast, flow, today):
    closed_case(flow, cast, today)
    client.force_login(cast.county_admin)
    res = client.get(reverse("registry:detail", args=[cast.enterprise_a.pk]), {"tab": "cases"})
    assert res.status_code == 200 and "湖上乡应急办罚决〔2026〕1号" in res.content.decode()
    html = client.get(reverse("cases:figures")).content.decode()
    assert "事前立案" in html and "100.0%" in html
