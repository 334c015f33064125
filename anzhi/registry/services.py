"""Every write to the enterprise registry. One transaction, permission, validation, audit."""

from datetime import date
from typing import Any

from django.db import transaction

from anzhi.accounts.models import Agency, User
from anzhi.accounts.scoping import can_create_enterprise_in, restrict
from anzhi.core import audit
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed

from .choices import EnterpriseStatus
from .models import Enterprise, EnterprisePerson, StatusChange, Supervision
from .validation import SCALAR_FIELDS, clean_enterprise

AUDITED_FIELDS = [*SCALAR_FIELDS, "status", "lead_agency"]

# Statuses an enterprise may move to from each status. 注销 is final; a closed
# (关闭取缔) unit may only be deregistered.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    EnterpriseStatus.OPERATING: {EnterpriseStatus.SUSPENDED, EnterpriseStatus.CLOSED,
                                 EnterpriseStatus.DEREGISTERED},
    EnterpriseStatus.SUSPENDED: {EnterpriseStatus.OPERATING, EnterpriseStatus.CLOSED,
                                 EnterpriseStatus.DEREGISTERED},
    EnterpriseStatus.CLOSED: {EnterpriseStatus.DEREGISTERED},
    EnterpriseStatus.DEREGISTERED: set(),
}


def _agencies(data: dict[str, Any]) -> tuple[Agency | None, list[Agency]]:
    errors = {}
    lead = None
    if data.get("lead_agency"):
        lead = Agency.objects.filter(pk=data["lead_agency"]).first()
        if lead is None:
            errors["lead_agency"] = "主责监管机构：不存在"
    assisting_ids = [a for a in (data.get("assisting_agencies") or []) if a]
    assisting = list(Agency.objects.filter(pk__in=assisting_ids))
    if len(assisting) != len(set(assisting_ids)):
        errors["assisting_agencies"] = "协管机构：包含不存在的机构"
    if lead and lead in assisting:
        errors["assisting_agencies"] = "协管机构：不能与主责监管机构相同"
    if errors:
        raise ValidationFailed(errors)
    return lead, assisting


def _write_supervision(enterprise: Enterprise, lead: Agency | None,
                       assisting: list[Agency]) -> None:
    Supervision.objects.filter(enterprise=enterprise).delete()
    rows = [Supervision(enterprise=enterprise, agency=lead, is_lead=True)] if lead else []
    rows += [Supervision(enterprise=enterprise, agency=a, is_lead=False) for a in assisting]
    Supervision.objects.bulk_create(rows)
    enterprise.lead_agency = lead


def _write_people(enterprise: Enterprise, people: list[dict]) -> None:
    # People are never deleted: the ones replaced stay as former (is_current=False).
    enterprise.people.filter(is_current=True).update(is_current=False)
    EnterprisePerson.objects.bulk_create(
        EnterprisePerson(enterprise=enterprise, **p) for p in people
    )


@transaction.atomic
def enterprise_create(*, actor: User, data: dict[str, Any]) -> Enterprise:
    cleaned = clean_enterprise(data)
    region = cleaned["region"]
    if not can_create_enterprise_in(actor, region.code):
        raise NotAllowed("无权在该区划建档")
    lead, assisting = _agencies(data)
    if lead is None:
        raise ValidationFailed({"lead_agency": "主责监管机构：必须指定一个"})
    sectors = cleaned.pop("sectors", [])
    people = cleaned.pop("people", [])
    enterprise = Enterprise(**cleaned)
    enterprise.save()
    enterprise.sectors.set(sectors)  # search._sectors_changed also sets sector_codes
    _write_people(enterprise, people)
    _write_supervision(enterprise, lead, assisting)
    enterprise.save(update_fields=["lead_agency"])
    audit.record(actor=actor, action="enterprise.create", obj=enterprise,
                 changes=audit.diff({}, _snapshot(enterprise)))
    return enterprise


def _snapshot(enterprise: Enterprise) -> dict[str, Any]:
    snap = audit.snapshot(enterprise, AUDITED_FIELDS)
    snap["sectors"] = sorted(s.code for s in enterprise.sectors.all())
    snap["assisting_agencies"] = sorted(
        str(s.agency)
        for s in enterprise.supervisions.filter(is_lead=False).select_related("agency")
    )
    snap["people"] = sorted(
        f"{p.get_role_display()} {p.name} {p.phone}".strip()
        for p in enterprise.people.filter(is_current=True)
    )
    return snap


def _lock_scoped(actor: User, enterprise_id: int) -> Enterprise:
    enterprise = (restrict(Enterprise.objects, actor, "change")
                  .select_for_update().filter(pk=enterprise_id).first())
    if enterprise is None:
        raise NotAllowed("无权修改该企业")
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: User, enterprise: Enterprise, data: dict[str, Any],
                      reason: str = "") -> Enterprise:
    """Change the given keys of ``data`` (a partial update)."""
    enterprise = _lock_scoped(actor, enterprise.pk)
    before = _snapshot(enterprise)
    cleaned = clean_enterprise(data, instance=enterprise)
    if "region" in cleaned and not can_create_enterprise_in(actor, cleaned["region"].code):
        raise ValidationFailed({"region": "所在区划：超出您的辖区"})
    sectors = cleaned.pop("sectors", None)
    people = cleaned.pop("people", None)
    for field, value in cleaned.items():
        setattr(enterprise, field, value)
    if "lead_agency" in data or "assisting_agencies" in data:
        lead, assisting = _agencies({
            "lead_agency": data.get("lead_agency", enterprise.lead_agency_id),
            "assisting_agencies": data.get("assisting_agencies", list(
                enterprise.supervisions.filter(is_lead=False).values_list("agency_id", flat=True)
            )),
        })
        if lead is None:
            raise ValidationFailed({"lead_agency": "主责监管机构：必须指定一个"})
        _write_supervision(enterprise, lead, assisting)
    enterprise.save()
    if sectors is not None:
        enterprise.sectors.set(sectors)  # search._sectors_changed also sets sector_codes
    if people is not None:
        _write_people(enterprise, people)
    changes = audit.diff(before, _snapshot(enterprise))
    if changes:
        audit.record(actor=actor, action="enterprise.update", obj=enterprise, changes=changes,
                     reason=reason)
    return enterprise


@transaction.atomic
def enterprise_change_status(*, actor: User, enterprise: Enterprise, to_status: str,
                             order_number: str, order_date: date, reason: str = "") -> StatusChange:
    enterprise = _lock_scoped(actor, enterprise.pk)
    errors = {}
    if to_status not in EnterpriseStatus.values:
        errors["to_status"] = "新状态：不正确"
    if not (order_number or "").strip():
        errors["order_number"] = "决定文书号：变更经营状态必须依据文书"
    if order_date is None:
        errors["order_date"] = "决定日期：不能为空"
    elif order_date > date.today():
        errors["order_date"] = "决定日期：不能晚于今天"
    if errors:
        raise ValidationFailed(errors)
    if to_status not in STATUS_TRANSITIONS[enterprise.status]:
        raise TransitionRefused(
            f"经营状态不能从“{enterprise.get_status_display()}”变为"
            f"“{EnterpriseStatus(to_status).label}”"
        )
    change = StatusChange.objects.create(
        enterprise=enterprise, from_status=enterprise.status, to_status=to_status,
        order_number=order_number.strip(), order_date=order_date, reason=reason, actor=actor,
    )
    audit.record(actor=actor, action="enterprise.status", obj=enterprise,
                 changes={"status": [enterprise.status, to_status],
                          "order_number": [None, change.order_number]}, reason=reason)
    enterprise.status = to_status
    enterprise.save(update_fields=["status", "updated_at"])
    return change
