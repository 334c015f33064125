"""Writes to the region tree: townships and villages added by administrators.

Provinces, prefectures and counties come from the data package (``loading.py``) and are
not edited here. Every write checks the actor, validates, and records an audit event in
the same transaction. ``actor=None`` means an operator at the console (management
commands); pages and the API always pass the signed-in user.
"""

from __future__ import annotations

from django.db import transaction

from anzhi.accounts.models import Role, User
from anzhi.accounts.scoping import jurisdiction_prefix
from anzhi.core import audit
from anzhi.core.errors import NotAllowed, ValidationFailed

from .divisions import (
    URBAN_RURAL_CODES,
    DivisionReport,
    RawRow,
    allowed_child_level,
    check_rows,
    clean_code,
    clean_name,
)
from .models import Region

Level = Region.Level
LEVEL_WORD = {Level.TOWNSHIP: "乡级", Level.VILLAGE: "村级"}
CODE_LENGTH = {Level.TOWNSHIP: 9, Level.VILLAGE: 12}


def may_manage_regions(user: User | None, parent: Region) -> bool:
    """Superusers, and 安委办管理员 whose jurisdiction contains ``parent``."""
    if user is None:
        return True  # operator command
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.role != Role.COMMITTEE_ADMIN:
        return False
    prefix = jurisdiction_prefix(user)
    return prefix is not None and parent.prefix.startswith(prefix)


def _check_actor(actor: User | None, parent: Region) -> None:
    if not may_manage_regions(actor, parent):
        raise NotAllowed(f"无权在{parent.name}下添加或导入区划")


def expected_code_message(parent: Region, level: int) -> str:
    return (f"区划代码：{LEVEL_WORD[level]}代码应为{CODE_LENGTH[level]}位"
            f"且以上级代码{parent.code}开头")


@transaction.atomic
def region_add(*, actor: User | None, parent: Region, code: str, name: str,
               urban_rural_code: str = "") -> Region:
    """Add a township under a county (or a 不设区的地级市), or a village under a township.

    A township code may be given padded to 12 digits (350524113000 → 350524113).
    """
    parent = Region.objects.select_for_update().get(pk=parent.pk)
    _check_actor(actor, parent)
    level = allowed_child_level(parent)
    if level is None:
        raise ValidationFailed(
            {"parent": "上级区划：只能在县级区划下添加乡镇，或在乡级区划下添加村"})
    errors: dict[str, str] = {}
    code = clean_code(code)
    if level == Level.TOWNSHIP and len(code) == 12 and code.endswith("000"):
        code = code[:9]
    if not code:
        errors["code"] = "区划代码：不能为空"
    elif not (code.isdecimal() and len(code) == CODE_LENGTH[level]
              and code.startswith(parent.code) and not code.endswith("000")):
        errors["code"] = expected_code_message(parent, level)
    else:
        clash = Region.objects.filter(pk=code).first()
        if clash is not None:
            errors["code"] = f"区划代码：{code}已存在（{clash.full_name or clash.name}）"
    name = clean_name(name)
    if not name:
        errors["name"] = "名称：不能为空"
    elif len(name) > 64:
        errors["name"] = "名称：不能超过64个字"
    elif Region.objects.filter(parent=parent, name=name).exists():
        errors["name"] = f"名称：{parent.name}下已有“{name}”"
    urban_rural_code = clean_code(urban_rural_code)
    if urban_rural_code and urban_rural_code not in URBAN_RURAL_CODES:
        errors["urban_rural_code"] = (
            f"城乡分类代码：应为{'、'.join(URBAN_RURAL_CODES)}之一")
    if errors:
        raise ValidationFailed(errors)
    region = Region.objects.create(
        code=code, name=name, level=level, parent=parent, prefix=code,
        full_name=(parent.full_name or parent.name) + name, urban_rural_code=urban_rural_code)
    audit.record(actor=actor, action="region.create", obj=region,
                 changes={"code": [None, code], "name": [None, name],
                          "parent": [None, parent.code]})
    return region


def divisions_preview(*, actor: User | None, parent: Region, rows: list[RawRow],
                      headers: dict[str, str] | None = None) -> DivisionReport:
    """Check an import without writing: valid rows and every bad row with its reason."""
    _check_actor(actor, parent)
    return check_rows(parent, rows, headers)


@transaction.atomic
def divisions_import(*, actor: User | None, parent: Region, rows: list[RawRow],
                     headers: dict[str, str] | None = None) -> DivisionReport:
    """Write the valid rows of a division table under ``parent``; bad rows are skipped and
    reported. Safe to repeat: existing codes with the same name are left as they are, a
    changed name is updated (and the full names below it follow)."""
    parent = Region.objects.select_for_update().get(pk=parent.pk)
    _check_actor(actor, parent)
    report = check_rows(parent, rows, headers)
    full_names = {parent.code: parent.full_name or parent.name}
    townships = {r.code: r for r in Region.objects.filter(
        code__in={row.parent_code for row in report.rows if row.parent_code})}
    full_names.update({code: t.full_name or t.name for code, t in townships.items()})
    for row in report.rows:  # townships first (sorted by level)
        parent_code = parent.code if row.level == Level.TOWNSHIP else row.parent_code
        full_name = full_names[parent_code] + row.name
        if row.action == "create":
            region = Region.objects.create(
                code=row.code, name=row.name, level=row.level, parent_id=parent_code,
                prefix=row.code, full_name=full_name, urban_rural_code=row.urban_rural_code)
            audit.record(actor=actor, action="region.create", obj=region,
                         changes={"code": [None, row.code], "name": [None, row.name],
                                  "parent": [None, parent_code]},
                         reason="导入统计用区划代码表")
            report.created += 1
        elif row.action == "update":
            region = Region.objects.get(pk=row.code)
            before = audit.snapshot(region, ["name", "full_name", "urban_rural_code"])
            old_full = region.full_name
            region.name, region.full_name = row.name, full_name
            if row.urban_rural_code:
                region.urban_rural_code = row.urban_rural_code
            region.save(update_fields=["name", "full_name", "urban_rural_code"])
            _rename_descendants(region, old_full, full_name)
            audit.record(actor=actor, action="region.update", obj=region,
                         changes=audit.diff(before, audit.snapshot(
                             region, ["name", "full_name", "urban_rural_code"])),
                         reason="导入统计用区划代码表")
            report.updated += 1
        full_names[row.code] = full_name
    return report


def _rename_descendants(region: Region, old_full: str, new_full: str) -> None:
    from .loading import refresh_descendant_names

    if old_full and old_full != new_full:
        refresh_descendant_names(region.code, region.prefix, old_full, new_full)
