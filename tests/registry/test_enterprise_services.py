from datetime import date, timedelta

import pytest

from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.models import AuditEvent
from anzhi.registry.models import Enterprise, StatusChange
from anzhi.registry.services import (
    enterprise_change_status,
    enterprise_create,
    enterprise_update,
)
from tests.factories import make_id_number, make_uscc


def valid_data(cast, **over):
    data = {
        "name": "湖上乡溪源茶叶专业合作社",
        "uscc": make_uscc("350524", 20_000_001),
        "region": cast.village_a.code,
        "address": "湖上乡湖上村12号",
        "employee_count": 35,
        "risk_grade": "B",
        "lead_agency": cast.agency_a.pk,
        "sectors": ["industry_trade"],
        "people": [{"role": "principal", "name": "林志明",
                    "id_number": make_id_number("350524", date(1975, 3, 9), 17),
                    "phone": "13905951234"}],
    }
    data.update(over)
    return data


def test_officer_creates_an_enterprise_with_people_sectors_and_lead_agency(cast):
    enterprise = enterprise_create(actor=cast.officer_a, data=valid_data(cast))
    assert enterprise.lead_agency == cast.agency_a
    assert list(enterprise.sectors.values_list("name", flat=True)) == ["工贸"]
    assert enterprise.people.get().name == "林志明"
    event = AuditEvent.objects.get(object_id=str(enterprise.pk), action="enterprise.create")
    assert event.actor == cast.officer_a
    assert event.changes["name"] == [None, "湖上乡溪源茶叶专业合作社"]


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("uscc", "914403001922038217", "统一社会信用代码：校验位不正确"),
    ("uscc", "91440300192203821", "统一社会信用代码：应为18位"),
    ("uscc", "", "统一社会信用代码：不能为空"),
    ("name", "  ", "单位名称：不能为空"),
    ("region", "999999", "所在区划：区划代码 999999 不存在"),
    ("employee_count", -3, "从业人数：应为不小于0的整数"),
    ("risk_grade", "Z", "风险等级：应为"),
    ("latitude", 123, "纬度：应在"),
])
def test_bad_field_is_named_in_chinese_and_nothing_is_written(cast, field, value, fragment):
    before = Enterprise.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        enterprise_create(actor=cast.officer_a, data=valid_data(cast, **{field: value}))
    assert fragment in exc.value.errors[field]
    assert (Enterprise.objects.count(), AuditEvent.objects.count()) == before


def test_lowercase_and_fullwidth_uscc_is_normalised(cast):
    code = make_uscc("350524", 20_000_002)
    messy = " " + code.lower().translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    enterprise = enterprise_create(actor=cast.officer_a, data=valid_data(cast, uscc=messy))
    assert enterprise.uscc == code


def test_duplicate_uscc_is_refused(cast):
    with pytest.raises(ValidationFailed) as exc:
        enterprise_create(actor=cast.officer_a,
                          data=valid_data(cast, uscc=cast.enterprise_b.uscc))
    assert exc.value.errors["uscc"] == "统一社会信用代码：已被其他企业使用"


def test_bad_id_number_of_a_person_is_named(cast):
    people = [{"role": "principal", "name": "林志明", "id_number": "350524197503090171",
               "phone": "13905951234"}]
    with pytest.raises(ValidationFailed) as exc:
        enterprise_create(actor=cast.officer_a, data=valid_data(cast, people=people))
    assert exc.value.errors["people[0].id_number"].startswith("主要负责人身份证号")


def test_major_hazard_source_requires_its_level(cast):
    with pytest.raises(ValidationFailed) as exc:
        enterprise_create(actor=cast.officer_a,
                          data=valid_data(cast, has_major_hazard_source=True))
    assert "major_hazard_level" in exc.value.errors


def test_exactly_one_lead_agency_is_required(cast):
    with pytest.raises(ValidationFailed) as exc:
        enterprise_create(actor=cast.officer_a, data=valid_data(cast, lead_agency=None))
    assert exc.value.errors["lead_agency"].startswith("主责监管机构")


def test_lead_agency_cannot_also_assist(cast):
    with pytest.raises(ValidationFailed):
        enterprise_create(actor=cast.officer_a, data=valid_data(
            cast, assisting_agencies=[cast.agency_a.pk]))


@pytest.mark.parametrize("who", ["officer_b", "discipline", "leader", "assistant_a",
                                 "enterprise_user_a", "auxiliary_a"])
def test_users_outside_the_jurisdiction_or_read_only_cannot_create(cast, who):
    with pytest.raises(NotAllowed):
        enterprise_create(actor=getattr(cast, who), data=valid_data(cast))
    assert not Enterprise.objects.filter(name="湖上乡溪源茶叶专业合作社").exists()


def test_update_records_old_and_new_values(cast):
    enterprise_update(actor=cast.officer_a, enterprise=cast.enterprise_a,
                      data={"employee_count": 80, "risk_grade": "A"}, reason="复核")
    event = AuditEvent.objects.filter(action="enterprise.update").get()
    assert event.changes["employee_count"] == [0, 80]
    assert event.changes["risk_grade"] == ["C", "A"]
    assert event.reason == "复核"


def test_update_by_officer_of_another_township_is_refused(cast):
    with pytest.raises(NotAllowed):
        enterprise_update(actor=cast.officer_b, enterprise=cast.enterprise_a,
                          data={"employee_count": 80})
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.employee_count == 0


def test_update_cannot_move_enterprise_out_of_jurisdiction(cast):
    with pytest.raises(ValidationFailed) as exc:
        enterprise_update(actor=cast.officer_a, enterprise=cast.enterprise_a,
                          data={"region": cast.town_b.code})
    assert "超出您的辖区" in exc.value.errors["region"]


def test_replaced_people_are_kept_as_former(cast):
    enterprise_update(actor=cast.officer_a, enterprise=cast.enterprise_a, data={
        "people": [{"role": "principal", "name": "陈一"}]})
    enterprise_update(actor=cast.officer_a, enterprise=cast.enterprise_a, data={
        "people": [{"role": "principal", "name": "陈二"}]})
    names = dict(cast.enterprise_a.people.values_list("name", "is_current"))
    assert names == {"陈一": False, "陈二": True}


def test_status_change_needs_an_order_and_is_recorded(cast):
    change = enterprise_change_status(
        actor=cast.officer_a, enterprise=cast.enterprise_a, to_status="suspended",
        order_number="湖上应急停〔2026〕1号", order_date=date.today(), reason="重大隐患")
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.status == "suspended"
    assert change.from_status == "operating"


@pytest.mark.parametrize(("order_number", "order_date", "field"), [
    ("", date.today(), "order_number"),
    ("湖上应急停〔2026〕1号", date.today() + timedelta(days=2), "order_date"),
])
def test_status_change_without_valid_order_writes_nothing(cast, order_number, order_date, field):
    with pytest.raises(ValidationFailed) as exc:
        enterprise_change_status(actor=cast.officer_a, enterprise=cast.enterprise_a,
                                 to_status="suspended", order_number=order_number,
                                 order_date=order_date)
    assert field in exc.value.errors
    assert not StatusChange.objects.exists()


def test_deregistered_is_final(cast):
    enterprise_change_status(actor=cast.officer_a, enterprise=cast.enterprise_a,
                             to_status="deregistered", order_number="注销通知",
                             order_date=date.today())
    with pytest.raises(TransitionRefused, match="不能从“注销”变为“在营”"):
        enterprise_change_status(actor=cast.officer_a, enterprise=cast.enterprise_a,
                                 to_status="operating", order_number="x",
                                 order_date=date.today())
