"""Cleaning enterprise input — shared by the form, the API and the importer.

Each error is keyed by the field name and its message starts with the field's Chinese
label, so whoever typed it knows which box to fix.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from anzhi.core.errors import ValidationFailed
from anzhi.law import idcard, uscc
from anzhi.regions.models import Region

from .choices import EnterpriseStatus, MajorHazardLevel, PersonRole, RiskGrade
from .models import Enterprise, Industry, Sector

LABELS: dict[str, str] = {
    f.name: str(f.verbose_name) for f in Enterprise._meta.get_fields() if hasattr(f, "verbose_name")
}
LABELS.update({
    "region": "所在区划",
    "industry": "国民经济行业",
    "sectors": "重点行业领域",
    "lead_agency": "主责监管机构",
    "assisting_agencies": "协管机构",
    "people": "企业人员",
})

BOOLEAN_FIELDS = [
    "above_scale", "labour_intensive", "crowded_place", "has_major_hazard_source",
    "passenger_hazmat_transport", "ammonia_refrigeration", "dust_explosion", "confined_space",
    "hazchem_production", "hazchem_storage", "hazchem_trade", "hazchem_use",
]
SCALAR_FIELDS = [
    "name", "uscc", "address", "region", "latitude", "longitude", "industry", "employee_count",
    "major_hazard_level", "risk_grade", *BOOLEAN_FIELDS,
]
# Enum ``.values`` rebuilds a list on every access; an import validates 100,000 rows.
_RISK_GRADES = frozenset(RiskGrade.values)
_HAZARD_LEVELS = frozenset(MajorHazardLevel.values)
_STATUSES = frozenset(EnterpriseStatus.values)
_ROLE_LABELS = dict(PersonRole.choices)
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def label(field: str) -> str:
    return LABELS.get(field, field)


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, f"{label(field)}：{message}")


def clean_phone(value: str) -> str:
    return re.sub(r"[\s\u3000]", "", value or "").replace("－", "-")


def clean_enterprise(data: dict[str, Any], *, instance: Enterprise | None = None,
                     regions: dict[str, Region] | None = None,
                     check_unique: bool = True,
                     industries: dict[str, Industry] | None = None,
                     sectors: dict[str, Sector] | None = None) -> dict[str, Any]:
    """Validate ``data`` (only the keys present when ``instance`` is given) and return
    values ready to assign. Raises ValidationFailed naming every bad field.

    ``regions``, ``industries`` and ``sectors`` (code → object) let a bulk caller such as
    the importer look codes up in prefetched dicts instead of one query per row."""
    partial = instance is not None
    errors = _Errors()
    out: dict[str, Any] = {}

    def present(key: str) -> bool:
        return key in data or not partial

    if present("name"):
        name = (data.get("name") or "").strip()
        if not name:
            errors.add("name", "不能为空")
        elif len(name) > 200:
            errors.add("name", "不能超过200个字")
        out["name"] = name
    if present("uscc"):
        code = uscc.normalize(data.get("uscc") or "")
        if not code:
            errors.add("uscc", "不能为空")
        elif len(code) != 18:
            errors.add("uscc", f"应为18位，实际{len(code)}位")
        elif not uscc.is_valid(code):
            errors.add("uscc", "校验位不正确，请核对（GB 32100）")
        elif check_unique:
            clash = Enterprise.objects.filter(uscc=code)
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                errors.add("uscc", "已被其他企业使用")
        out["uscc"] = code
    if present("address"):
        out["address"] = (data.get("address") or "").strip()[:200]
    if present("region"):
        code = str(data.get("region") or "").strip()
        region = (regions or {}).get(code) if regions is not None else (
            Region.objects.filter(pk=code).first() if code else None)
        if not code:
            errors.add("region", "不能为空")
        elif region is None:
            errors.add("region", f"区划代码 {code} 不存在")
        elif region.level < Region.Level.COUNTY:
            errors.add("region", "应至少选到县级")
        out["region"] = region
    for coord, limit in (("latitude", 90), ("longitude", 180)):
        if present(coord):
            raw = data.get(coord)
            if raw in (None, ""):
                out[coord] = None
                continue
            try:
                val = Decimal(str(raw)).quantize(Decimal("0.000001"))
            except InvalidOperation:
                errors.add(coord, "应为数字")
                continue
            if not -limit <= val <= limit:
                errors.add(coord, f"应在 -{limit} 到 {limit} 之间")
            out[coord] = val
    if present("industry"):
        code = str(data.get("industry") or "").strip()
        if not code:
            ind = None
        elif industries is not None:
            ind = industries.get(code)
        else:
            ind = Industry.objects.filter(pk=code).first()
        if code and ind is None:
            errors.add("industry", f"行业代码 {code} 不存在（GB/T 4754-2017）")
        out["industry"] = ind
    if present("employee_count"):
        raw = data.get("employee_count")
        try:
            count = int(raw) if raw not in (None, "") else 0
            if count < 0:
                raise ValueError
            out["employee_count"] = count
        except (TypeError, ValueError):
            errors.add("employee_count", "应为不小于0的整数")
    if present("risk_grade"):
        grade = str(data.get("risk_grade") or RiskGrade.C).strip().upper()
        if grade not in _RISK_GRADES:
            errors.add("risk_grade", f"应为 {'/'.join(RiskGrade.values)} 之一")
        out["risk_grade"] = grade
    for flag in BOOLEAN_FIELDS:
        if present(flag):
            out[flag] = bool(data.get(flag))
    if present("major_hazard_level"):
        level = str(data.get("major_hazard_level") or "").strip()
        if level and level not in _HAZARD_LEVELS:
            errors.add("major_hazard_level", "应为一至四级")
        out["major_hazard_level"] = level
    has_source = out.get("has_major_hazard_source",
                         instance.has_major_hazard_source if instance else False)
    level = out.get("major_hazard_level", instance.major_hazard_level if instance else "")
    if has_source and not level:
        errors.add("major_hazard_level", "存在重大危险源时必须填写等级")
    if not has_source and level:
        out["major_hazard_level"] = ""
    if "sectors" in data:
        codes = [c for c in (data.get("sectors") or []) if c]
        if sectors is not None:
            found = {c: sectors[c] for c in codes if c in sectors}
        else:
            found = {s.code: s for s in Sector.objects.filter(pk__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            errors.add("sectors", f"未知的行业领域：{'、'.join(missing)}")
        out["sectors"] = list(found.values())
    if "people" in data:
        out["people"] = _clean_people(data.get("people") or [], errors)
    if "status" in data and data["status"] not in _STATUSES:
        errors.add("status", "经营状态不正确")
    if errors:
        raise ValidationFailed(errors)
    return out


def _clean_people(rows: list[dict], errors: _Errors) -> list[dict]:
    people = []
    for i, row in enumerate(rows):
        key = f"people[{i}]"
        role = row.get("role")
        name = (row.get("name") or "").strip()
        number = uscc.normalize(row.get("id_number") or "")
        phone = clean_phone(row.get("phone") or "")
        role_label = _ROLE_LABELS.get(role, "人员")
        if role not in _ROLE_LABELS:
            errors[f"{key}.role"] = "人员身份：不正确"
        if not name:
            errors[f"{key}.name"] = f"{role_label}姓名：不能为空"
        if number and not idcard.is_valid(number):
            errors[f"{key}.id_number"] = f"{role_label}身份证号：不正确（GB 11643 校验未通过）"
        if phone and not PHONE_RE.match(phone):
            errors[f"{key}.phone"] = f"{role_label}电话：格式不正确"
        people.append({"role": role, "name": name, "id_number": number, "phone": phone})
    return people
