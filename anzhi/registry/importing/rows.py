"""One spreadsheet row → the ``data`` dict the registry services take, plus what only an
import carries (agencies by name, licences), and the errors found while reading the cells.

Blank cells are left out of ``data``: for a new enterprise ``clean_enterprise`` fills the
defaults, for an existing one a blank cell keeps what the dossier already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any

from anzhi.accounts.models import Agency
from anzhi.regions.models import Region

from ..choices import FLAGS, PersonRole
from ..validation import BOOLEAN_FIELDS, label
from . import cells
from .columns import HEADER_OF
from .lookups import Lookups, Unresolved
from .reader import HeaderColumn

ROLES = [PersonRole.LEGAL_REPRESENTATIVE, PersonRole.PRINCIPAL, PersonRole.SAFETY_MANAGER]
PERSON_ATTR_LABEL = {"name": "姓名", "id_number": "身份证号", "phone": "电话"}


@dataclass
class ParsedRow:
    number: int
    data: dict[str, Any] = field(default_factory=dict)
    uscc: str = ""  # data["uscc"] normalised (GB 32100), set by the importer
    region: Region | None = None
    lead: Agency | None = None
    assisting: list[Agency] | None = None  # None: not given
    licences: list[dict] | None = None
    # field → (column header, Chinese message); field names as clean_enterprise uses them
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field → column header used
    person_columns: list[dict[str, str]] = field(default_factory=list)

    def error(self, key: str, column: str, message: str) -> None:
        self.errors.setdefault(key, (column, message))

    def column_for(self, error_key: str) -> str:
        """The spreadsheet column an error of ``clean_enterprise`` concerns."""
        if error_key.startswith("people["):
            index = int(error_key[7:error_key.index("]")])
            attr = error_key.rsplit(".", 1)[-1]
            cols = self.person_columns[index] if index < len(self.person_columns) else {}
            role = self.data["people"][index].get("role") if index < len(
                self.data.get("people", [])) else None
            prefix = PersonRole(role).label if role in PersonRole.values else "人员"
            return cols.get(attr) or next(iter(cols.values()), prefix + PERSON_ATTR_LABEL.get(
                attr, ""))
        if error_key == "major_hazard_level" and error_key not in self.columns:
            return self.columns.get("has_major_hazard_source", HEADER_OF["major_hazard_level"])
        return self.columns.get(error_key) or HEADER_OF.get(error_key) or label(error_key)


_SCALARS = (("name", cells.text), ("uscc", cells.code), ("address", cells.text),
            ("latitude", cells.decimal_text), ("longitude", cells.decimal_text),
            ("employee_count", cells.integer), ("risk_grade", cells.risk_grade))


class RowParser:
    def __init__(self, by_key: dict[str, list[HeaderColumn]], lookups: Lookups):
        self.lookups = lookups
        self._columns = [(key, [(c.index, c.display) for c in group])
                         for key, group in by_key.items()]
        # Only what the header has is looked for in each of 100,000 rows.
        self._scalars = [(key, conv) for key, conv in _SCALARS if key in by_key]
        self._flags = [flag for flag in BOOLEAN_FIELDS if flag in by_key]
        self._roles = [(role, {attr: f"{role}.{attr}" for attr in PERSON_ATTR_LABEL})
                       for role in ROLES
                       if any(f"{role}.{attr}" in by_key for attr in PERSON_ATTR_LABEL)]
        self._licences = any(key.startswith("licence.") for key in by_key)

    def collect(self, values: tuple) -> dict[str, tuple[Any, str]]:
        """key → (first non-blank cell value, its column header), for the keys present."""
        found = {}
        width = len(values)
        for key, columns in self._columns:
            for index, display in columns:
                if index < width:
                    value = values[index]
                    if value is not None and not (isinstance(value, str)
                                                  and cells.is_blank(value)):
                        found[key] = (value, display)
                        break
        return found

    @staticmethod
    def _cell(found: dict[str, tuple[Any, str]], key: str) -> tuple[Any, str] | None:
        return found.get(key)

    def parse(self, number: int, values: tuple) -> ParsedRow | None:
        """The row's data, or None when every recognised cell is blank."""
        values = self.collect(values)
        if not values:
            return None
        row = ParsedRow(number)
        data = row.data
        cell = self._cell

        for key, conv in self._scalars:
            if got := values.get(key):
                data[key] = conv(got[0])
                row.columns[key] = got[1]

        self._region(row, values)

        if got := cell(values, "industry"):
            row.columns["industry"] = got[1]
            try:
                data["industry"] = self.lookups.industries.code_for(got[0])
            except Unresolved as exc:
                row.error("industry", got[1], f"{label('industry')}：{exc.message}")
        if got := cell(values, "sectors"):
            row.columns["sectors"] = got[1]
            data["sectors"] = [self.lookups.sectors.code_for(v) for v in cells.split(got[0])]

        for flag in self._flags:
            if got := values.get(flag):
                row.columns[flag] = got[1]
                if flag == "has_major_hazard_source" and (level := cells.hazard_level(got[0])):
                    data[flag] = True
                    data.setdefault("major_hazard_level", level)
                    continue
                try:
                    data[flag] = cells.boolean(got[0])
                except cells.CellError as exc:
                    row.error(flag, got[1], f"{FLAGS.get(flag, label(flag))}：{exc}")
        if got := cell(values, "major_hazard_level"):
            row.columns["major_hazard_level"] = got[1]
            data["major_hazard_level"] = cells.hazard_level(got[0]) or cells.text(got[0])
            if "has_major_hazard_source" not in data and data["major_hazard_level"]:
                data["has_major_hazard_source"] = True

        self._agencies(row, values)
        if self._roles:
            self._people(row, values)
        if self._licences:
            self._licences_of(row, values)
        return row

    def _region(self, row: ParsedRow, values: tuple) -> None:
        town = None
        if got := self._cell(values, "town"):
            row.columns["region"] = got[1]
            try:
                town = self.lookups.regions.resolve(cells.code(got[0]))
            except Unresolved as exc:
                row.error("region", got[1], f"{label('region')}：{exc.message}")
                return
        region = town
        if got := self._cell(values, "region"):
            row.columns["region"] = got[1]
            try:
                region = self.lookups.regions.resolve(cells.code(got[0]), within=town)
            except Unresolved as exc:
                row.error("region", got[1], f"{label('region')}：{exc.message}")
                return
        if region is not None:
            row.region = region
            row.data["region"] = region.code

    def _agencies(self, row: ParsedRow, values: tuple) -> None:
        agencies = self.lookups.agencies
        if got := self._cell(values, "lead_agency"):
            row.columns["lead_agency"] = got[1]
            try:
                row.lead = agencies.resolve(cells.text(got[0]))
            except Unresolved as exc:
                row.error("lead_agency", got[1], f"{label('lead_agency')}：{exc.message}")
        if got := self._cell(values, "assisting_agencies"):
            row.columns["assisting_agencies"] = got[1]
            row.assisting = []
            for name in cells.split(got[0]):
                try:
                    agency = agencies.resolve(name)
                except Unresolved as exc:
                    row.error("assisting_agencies", got[1],
                              f"{label('assisting_agencies')}：{exc.message}")
                    continue
                if agency not in row.assisting:
                    row.assisting.append(agency)

    def _people(self, row: ParsedRow, values: tuple) -> None:
        people, columns = [], []
        for role, keys in self._roles:
            got = {attr: values.get(key) for attr, key in keys.items()}
            if not any(got.values()):
                continue
            names = cells.split(got["name"][0]) if got["name"] else []
            names = [cells.person_name(n) for n in names]
            ids = cells.split(got["id_number"][0]) if got["id_number"] else []
            phones = cells.split(got["phone"][0]) if got["phone"] else []
            if len(names) <= 1:
                # One person; a second phone number in the cell is a spare, not a person.
                names, ids, phones = names[:1] or [""], ids[:1], phones[:1]
            else:
                # Several people: keep empty places so the n-th number is the n-th person's.
                for attr, parts in (("id_number", ids), ("phone", phones)):
                    kept = cells.split_keep(got[attr][0]) if got[attr] else []
                    if len(kept) == len(names):
                        parts[:] = kept
            cols = {attr: g[1] for attr, g in got.items() if g}
            for name, number, phone in zip_longest(names, ids, phones, fillvalue=""):
                people.append({"role": role, "name": name, "id_number": cells.code(number),
                               "phone": cells.code(phone)})
                columns.append(cols)
        if people:
            row.data["people"] = people
            row.person_columns = columns

    def _licences_of(self, row: ParsedRow, values: tuple) -> None:
        got = {attr: self._cell(values, f"licence.{attr}")
               for attr in ("kind", "number", "issued_by", "valid_until")}
        if not any(got.values()):
            return
        header = next(g[1] for g in got.values() if g)

        def parts(attr):
            if not got[attr]:
                return []
            value = got[attr][0]
            return cells.split(value, cells.SPLIT_LICENCES) if isinstance(value, str) else [value]

        row.licences = []
        for kind, number, issued_by, until in zip_longest(
                parts("kind"), parts("number"), parts("issued_by"), parts("valid_until"),
                fillvalue=None):
            licence = {"kind": cells.text(kind)[:60], "number": cells.text(number)[:60],
                       "issued_by": cells.text(issued_by)[:100], "valid_until": None}
            try:
                licence["valid_until"] = cells.a_date(until)
            except cells.CellError as exc:
                row.error("licence.valid_until", got["valid_until"][1], f"证照有效期：{exc}")
            if not licence["kind"]:
                row.error("licence.kind", got["kind"][1] if got["kind"] else header,
                          "证照种类：填写了证照信息时不能为空")
            if not licence["number"]:
                row.error("licence.number", got["number"][1] if got["number"] else header,
                          "证照编号：填写了证照信息时不能为空")
            row.licences.append(licence)
