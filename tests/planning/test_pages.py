"""Pages: planning index, plan, draw (with the public 一公开 page), campaign, rotation."""

import io
import json
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from docx import Document as Docx

from anzhi.accounts.models import Role
from anzhi.planning import services
from anzhi.planning.models import EnforcementPlan, RandomDraw
from tests.factories import UserFactory

from .test_rotation import county, rotate  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_index_and_plan_pages(client, cast, town_a):
    client.force_login(cast.officer_a)
    assert client.get("/planning/").status_code == 200
    res = client.post("/planning/plans/new/", {"agency": cast.agency_a.pk, "year": 2026})
    plan = EnforcementPlan.objects.get()
    assert res.status_code == 302 and res.url == f"/planning/plans/{plan.pk}/"
    page = client.get(res.url).content.decode()
    assert "按月计划与完成" in page and "双随机抽查比例" in page
    res = client.post(res.url, {"freq_A": 4, "freq_B": 2, "freq_C": 0, "freq_D": 0,
                                "random_ratio": "0.03"})
    assert "不得低于 5%" in res.content.decode()
    plan.refresh_from_db()
    assert plan.rules["random_ratio"] == "0.05"


def test_other_township_gets_404_on_pages(client, cast, town_a):
    plan = services.plan_create(actor=cast.officer_a, agency=cast.agency_a, year=2026)
    draw = services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="抽查",
                                count=3)
    client.force_login(cast.officer_b)
    assert client.get(f"/planning/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/planning/draws/{draw.pk}/").status_code == 404
    assert client.post(f"/planning/draws/{draw.pk}/execute/").status_code == 404


def test_draw_pages_and_public_page(client, cast, town_a, tmp_path):
    client.force_login(cast.officer_a)
    res = client.post("/planning/draws/new/", {
        "agency": cast.agency_a.pk, "title": "第三季度双随机", "count": 4,
        "officers_per_enterprise": 2})
    assert res.status_code == 302, res.content.decode()
    draw = RandomDraw.objects.get()
    client.logout()
    public = client.get(f"/public/draws/{draw.pk}/").content.decode()  # no login
    assert draw.commitment in public and draw.secret_seed not in public
    assert "尚未抽取" in public

    client.force_login(cast.officer_a)
    res = client.post(f"/planning/draws/{draw.pk}/execute/", {"witness_entropy": "见证 1\n见证 2"})
    assert res.status_code == 302
    draw.refresh_from_db()
    assert draw.status == "executed"
    page = client.get(f"/planning/draws/{draw.pk}/?verify=1").content.decode()
    assert "核验通过" in page

    client.logout()
    public = client.get(f"/public/draws/{draw.pk}/").content.decode()
    assert draw.secret_seed in public and 'data-testid="result"' in public
    doc = client.get(f"/public/draws/{draw.pk}.json")
    path = tmp_path / "draw.json"
    path.write_bytes(doc.content)
    assert json.loads(doc.content)["witness_entropy"] == ["见证 1", "见证 2"]
    call_command("verify_draw", str(path))


def test_campaign_pages(client, cast):
    client.force_login(cast.county_admin)
    res = client.post("/planning/campaigns/new/", {
        "title": "燃气安全专项整治", "document_number": "安委〔2026〕8号",
        "issuing_agency": cast.county_office.pk, "starts_on": "2026-04-01",
        "ends_on": "2026-08-31", "reporting_day": 20,
        "phases": "动员部署 2026-04-01 2026-04-10\n集中推进 2026-04-11 2026-08-31",
        "targets": "检查企业家数 30"})
    assert res.status_code == 302, res.content.decode()
    page = client.get(res.url).content.decode()
    assert "检查企业家数" in page and "0 / 30" in page and "动员部署" in page


def test_rotation_page_and_transfer_form_files(client, cast, county):  # noqa: F811
    rotation = rotate(cast)
    assignment = rotation.assignments.get(inspecting_agency=cast.agency_a)
    local = UserFactory(username="local_b", role=Role.OFFICER, agency=assignment.local_agency)
    client.force_login(cast.officer_a)
    enterprise = assignment.enterprises.first()
    res = client.post(f"/planning/assignments/{assignment.pk}/handovers/", {
        f"a{assignment.pk}-enterprise": enterprise.pk,
        f"a{assignment.pk}-problem": "消防通道堵塞", f"a{assignment.pk}-suggestion": "现场整改"})
    assert res.status_code == 302
    item = assignment.handovers.get()
    client.post(f"/planning/handovers/{item.pk}/sign/", {"password": "pw-anzhi-test"})
    client.force_login(local)
    client.post(f"/planning/handovers/{item.pk}/sign/", {"password": "pw-anzhi-test"})
    client.post(f"/planning/handovers/{item.pk}/act/", {
        "disposition": "on_site_rectified", "action_taken": "已现场清理",
        "deadline": (date.today() + timedelta(days=1)).isoformat()})
    item.refresh_from_db()
    assert item.status == "acted"
    page = client.get(f"/planning/rotations/{rotation.pk}/").content.decode()
    assert "消防通道堵塞" in page and "已处理" in page

    res = client.get(f"/planning/assignments/{assignment.pk}/transfer-form.docx")
    docx = Docx(io.BytesIO(res.content))
    cells = [c.text for row in docx.tables[0].rows for c in row.cells]
    assert "消防通道堵塞" in cells and any("现场立即整改" in c for c in cells)
    res = client.get(f"/planning/assignments/{assignment.pk}/transfer-form.pdf")
    assert res.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        pdf = tmp_pdf(res.content)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                              text=True).stdout
        text = "".join(text.split())  # table cells wrap
        assert "异地执法检查问题移交表" in text and "现场立即整改" in text


def tmp_pdf(content: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
        f.write(content)
    return f.name


def test_public_page_shows_scope_and_pages_through_the_selection(client, cast, town_a,
                                                                 monkeypatch):
    from anzhi.planning import selectors

    monkeypatch.setattr(selectors, "SELECTION_PAGE", 4)
    draw = services.draw_create(actor=cast.officer_a, agency=cast.agency_a, title="抽查",
                                ratio="0.25", filters={"risk_grade": "C"})
    draw = services.draw_execute(actor=cast.officer_a, draw=draw)
    assert draw.count == 11  # ceil(41 × 25%)
    page = client.get(f"/public/draws/{draw.pk}/").content.decode()
    assert "湖上乡辖区内在营、停产整顿的企业；风险等级：C级（一般风险）" in page
    assert "抽取 11 家（比例 25%）" in page
    assert "第 1–4 家，共 11 家" in page and "?page=2" in page
    last = client.get(f"/public/draws/{draw.pk}/?page=9").content.decode()  # past the end
    assert "第 9–11 家，共 11 家" in last and "上一页" in last and "下一页" not in last
    names = [r["enterprise_name"] for r in selectors.selection_rows(draw, limit=None)]
    assert names[8] in last and names[3] not in last
