"""Built-in checklists from the official major-hazard criteria, and versioned editing."""

import pytest

from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.inspections.checklists import load_builtin, read_builtin
from anzhi.inspections.models import Checklist, ChecklistItem, ChecklistVersion
from anzhi.inspections.services import checklist_create, checklist_publish, inspection_create
from anzhi.law import statutes


def test_builtin_checklists_are_loaded_by_the_migration():
    counts = {c.code: c.current_version.items.count() for c in Checklist.objects.all()}
    assert counts["gongmao-major-hazard"] == 18    # 令10号 Art 3, 11–14
    assert counts["hazchem-major-hazard"] == 20    # 安监总管三〔2017〕121号: twenty criteria
    assert counts["main-responsibility"] == 30
    assert load_builtin() == 0  # idempotent


@pytest.mark.parametrize("data", read_builtin(), ids=lambda d: d["code"])
def test_every_builtin_item_maps_to_a_statute_entry_and_has_a_basis(data):
    for row in data["items"]:
        entry = statutes.get(row["statute_entry"])  # raises for an unknown id
        assert entry.law_name == "安全生产法"
        assert row["content"] and row["legal_basis"], row


def test_major_hazard_flags_follow_the_criteria():
    gongmao = Checklist.objects.get(code="gongmao-major-hazard").current_version
    sections = {i.section for i in gongmao.items.all()}
    assert {"通用", "粉尘涉爆", "涉氨制冷", "有限空间"} <= sections
    assert all(i.is_major for i in gongmao.items.all())
    general = Checklist.objects.get(code="main-responsibility").current_version
    topics = " ".join(i.content for i in general.items.all())
    for word in ("安全生产责任制", "资金投入", "教育和培训", "演练", "特种作业", "动火", "承包"):
        assert word in topics


def items_of(version):
    return [{"section": i.section, "content": i.content, "legal_basis": i.legal_basis,
             "standard_basis": i.standard_basis, "is_major": i.is_major,
             "statute_entry": i.statute_entry} for i in version.items.all()]


def test_admin_publishes_a_new_version_and_old_inspections_keep_theirs(cast, record, checklist):
    old = inspection_create(actor=cast.officer_a, data=record())
    rows = items_of(checklist)
    rows[0]["content"] = "是否建立全员安全生产责任制并逐级签订责任书"
    rows.append({"content": "是否建立安全生产举报奖励制度", "statute_entry": ""})
    new = checklist_publish(actor=cast.county_admin, checklist=checklist.checklist,
                            items=rows, note="增加举报奖励制度检查项")
    assert new.number == 2 and new.items.count() == 31
    old.refresh_from_db()
    assert old.checklist_version == checklist
    assert checklist.items.get(seq=1).content.startswith("是否建立健全并落实")
    assert Checklist.objects.get(pk=checklist.checklist_id).current_version == new


@pytest.mark.parametrize(("rows", "note", "field", "fragment"), [
    ([{"content": ""}], "x", "items.0.content", "检查内容：第1项不能为空"),
    ([{"content": "a", "statute_entry": "AQSCF-1"}], "x", "items.0.statute_entry", "不存在"),
    ([], "x", "items", "至少需要一项"),
    ([{"content": "a"}], "", "note", "修订说明"),
])
def test_bad_version_is_refused_and_nothing_is_written(cast, checklist, rows, note, field,
                                                       fragment):
    before = ChecklistVersion.objects.count(), ChecklistItem.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        checklist_publish(actor=cast.county_admin, checklist=checklist.checklist, items=rows,
                          note=note)
    assert fragment in exc.value.errors[field]
    assert (ChecklistVersion.objects.count(), ChecklistItem.objects.count()) == before


def test_only_the_committee_admin_edits_checklists(cast, checklist):
    with pytest.raises(NotAllowed):
        checklist_publish(actor=cast.officer_a, checklist=checklist.checklist,
                          items=[{"content": "a"}], note="x")
    made = checklist_create(actor=cast.county_admin, code="gas", title="燃气检查表",
                            items=[{"content": "是否安装可燃气体报警装置",
                                    "statute_entry": "AQSCF-99-8"}])
    assert made.current_version.number == 1
