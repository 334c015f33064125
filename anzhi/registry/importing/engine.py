"""Preview and commit of an enterprise import.

Rows are read and validated in chunks (``CHUNK_SIZE``). For each chunk the existing
enterprises with those USCCs are loaded in one query together with their sectors, people,
supervision and licences; every row goes through ``clean_enterprise`` (with the prefetched
lookups) and is planned as a create, an update or "unchanged". A commit writes the chunk's
plan in one transaction with bulk inserts/updates and one AuditEvent per written enterprise.
A preview (dry run) plans the same way and writes nothing, so its counts are what a commit
would do.
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from anzhi.accounts.models import Agency, User
from anzhi.accounts.scoping import may_change_registry, restrict
from anzhi.core import audit
from anzhi.core.errors import NotAllowed, ValidationFailed
from anzhi.core.memory import gc_paused
from anzhi.core.models import AuditEvent
from anzhi.law import uscc as uscc_rules

from ..choices import PersonRole
from ..models import Enterprise, EnterprisePerson, Licence, Supervision
from ..search import sector_codes
from ..services import AUDITED_FIELDS
from ..validation import clean_enterprise, label
from . import bulk
from .columns import HEADER_OF
from .lookups import Lookups
from .reader import Table, open_table
from .rows import ParsedRow, RowParser

CHUNK_SIZE = 1000
ACTION = "enterprise.import"
_ENTERPRISE_COLUMNS = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
_ATTNAMES = {f.name: f.attname for f in _ENTERPRISE_COLUMNS}
_NAMES = {f.attname: f.name for f in _ENTERPRISE_COLUMNS}
_DEFAULTS = {f.attname: f.get_default() for f in _ENTERPRISE_COLUMNS}


class _NewEnterprise:
    """The column values of an enterprise to be created: what ``bulk.insert`` and the audit
    snapshot read, without building a model instance per row."""

    def __init__(self, values: dict[str, Any], **more: Any):
        self.__dict__.update(_DEFAULTS)
        self.__dict__.update(values)
        self.__dict__.update(more)
        self.pk = None


_ANALYZED = [Enterprise, Enterprise.sectors.through, EnterprisePerson, Supervision, Licence,
             AuditEvent]
Progress = Callable[[int, int | None], None]


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Report:
    dry_run: bool
    filename: str = ""
    sheet: str = ""
    header_row: int = 0
    columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows_invalid(self) -> int:
        return self.rows_read - self.rows_valid

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["rows_invalid"] = self.rows_invalid
        out["invalid"] = self.rows_invalid  # the name core/job_progress.html shows
        out["seconds"] = round(self.seconds, 2)
        return out


@dataclass
class _Licence:
    pk: int
    kind: str
    number: str
    issued_by: str
    valid_until: Any


@dataclass
class _State:
    """What an existing enterprise holds besides its own columns."""

    sectors: set[str] = field(default_factory=set)
    people: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    lead: Agency | None = None
    assisting: dict[int, Agency] = field(default_factory=dict)
    licences: dict[tuple[str, str], _Licence] = field(default_factory=dict)


@dataclass
class _Plan:
    created: list[tuple[_NewEnterprise, dict]] = field(default_factory=list)
    updated: list[tuple[Enterprise, dict]] = field(default_factory=list)
    unchanged: int = 0
    valid: int = 0
    errors: list[RowError] = field(default_factory=list)


def _person_line(role: str, name: str, phone: str) -> str:
    return f"{PersonRole(role).label} {name} {phone}".strip()


def _licence_line(kind: str, number: str, valid_until) -> str:
    return f"{kind} {number} {valid_until.isoformat() if valid_until else ''}".strip()


def _no_flush_wait() -> None:
    """PostgreSQL: let this chunk's COMMIT return before its WAL reaches the disk. A crash
    can lose the last chunks written (never half a chunk); importing the file again
    restores them, as an import is idempotent."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


class _Stale(Exception):
    """An enterprise changed between planning and writing a chunk."""


class _Writer:
    """Commits planned chunks one after another in a second thread, on its own database
    connection, while the importing thread reads and plans the next chunk."""

    def __init__(self, importer: Importer):
        self.importer = importer
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()

    def submit(self, rows: list[ParsedRow], plan: _Plan) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((rows, plan))

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                if self.error is None:
                    rows, plan = item
                    try:
                        self.importer._account(rows, self.importer._commit(rows, plan))
                    except BaseException as exc:  # handed to the importing thread
                        self.error = exc
        finally:
            connection.close()

    def finish(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


class Importer:
    def __init__(self, *, actor: User, dry_run: bool, filename: str = "",
                 chunk_size: int | None = None, progress: Progress | None = None):
        if not may_change_registry(actor):
            raise NotAllowed("无权导入企业档案")
        self.actor = actor
        self.dry_run = dry_run
        self.filename = filename
        self.chunk_size = chunk_size or CHUNK_SIZE
        self.progress = progress
        self.report = Report(dry_run=dry_run, filename=filename)
        self.lookups = Lookups(actor)
        self.seen: dict[str, int] = {}
        self.reason = f"批量导入：{filename}" if filename else "批量导入"
        self._rows_at_analyze: int | None = None
        self._written_since_analyze = 0
        self._estimated: int | None = None
        self._lock = threading.Lock()
        self._described: dict[tuple[str, Any], str | None] = {}

    # --- reading ---------------------------------------------------------------------

    def run(self, table: Table) -> Report:
        started = time.monotonic()
        report = self.report
        report.sheet, report.header_row = table.sheet, table.header_row
        report.columns = [c.display for c in table.columns if c.key]
        report.ignored_columns = table.unknown
        self._estimated = table.estimated_rows
        parser = RowParser(table.by_key, self.lookups)
        batch: list[ParsedRow] = []
        writer = _Writer(self) if self._can_write_in_background() else None
        try:
            with gc_paused():  # collected by hand after each chunk
                for number, values in table.rows():
                    row = parser.parse(number, values)
                    if row is None:
                        continue
                    self._check_duplicate(row)
                    batch.append(row)
                    if len(batch) >= self.chunk_size:
                        self._chunk(batch, writer)
                        batch = []
                        gc.collect(1)
                if batch:
                    self._chunk(batch, writer)
        finally:
            if writer is not None:
                writer.finish()
        report.errors.sort(key=lambda e: e.row)
        report.seconds = time.monotonic() - started
        return report

    def _check_duplicate(self, row: ParsedRow) -> None:
        code = row.uscc = uscc_rules.normalize(row.data.get("uscc") or "")
        if not code:
            return
        if code in self.seen:
            row.error("uscc", row.columns.get("uscc", HEADER_OF["uscc"]),
                      f"{label('uscc')}：与第{self.seen[code]}行重复，同一文件中只导入第一次出现的行")
        else:
            self.seen[code] = row.number

    def _can_write_in_background(self) -> bool:
        """Commits on PostgreSQL overlap the database's work on chunk n with reading and
        checking chunk n+1 (a second connection). Not inside a caller's transaction, whose
        uncommitted rows a second connection could not see."""
        return (not self.dry_run and connection.vendor == "postgresql"
                and not connection.in_atomic_block)

    def _chunk(self, rows: list[ParsedRow], writer: _Writer | None = None) -> None:
        if self.dry_run:
            self._account(rows, self._plan(rows))
        elif writer is not None:
            writer.submit(rows, self._plan(rows))
        else:
            self._account(rows, self._commit(rows))

    def _commit(self, rows: list[ParsedRow], plan: _Plan | None = None) -> _Plan:
        """Write a chunk in one transaction; plan it (again) when needed."""
        for attempt in range(3):
            try:
                with transaction.atomic():
                    if plan is None:
                        plan = self._plan(rows)
                    self._lock_updated(plan)
                    self._write(plan)
                    _no_flush_wait()
                return plan
            except (IntegrityError, _Stale):
                # Someone registered one of these USCCs or changed one of these
                # enterprises after the chunk was planned: plan it again.
                plan = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _account(self, rows: list[ParsedRow], plan: _Plan) -> None:
        """Count a previewed or committed chunk into the report and report progress."""
        if not self.dry_run:
            self._analyze_if_grown(len(plan.created) + len(plan.updated))
        with self._lock:
            report = self.report
            report.rows_read += len(rows)
            report.rows_valid += plan.valid
            report.created += len(plan.created)
            report.updated += len(plan.updated)
            report.unchanged += plan.unchanged
            report.errors.extend(plan.errors)
            done = report.rows_read
        if self.progress:
            self.progress(done, max(done, self._estimated or 0))

    def _analyze_if_grown(self, written: int) -> None:
        """PostgreSQL plans the next chunks' lookups from table statistics; when an import
        doubles a table faster than autovacuum notices, refresh them (ANALYZE)."""
        if connection.vendor != "postgresql" or not written:
            return
        if self._rows_at_analyze is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class "
                               "WHERE oid = %s::regclass", [Enterprise._meta.db_table])
                self._rows_at_analyze = int(cursor.fetchone()[0])
        self._written_since_analyze += written
        if self._written_since_analyze < max(5000, self._rows_at_analyze):
            return
        with connection.cursor() as cursor:
            for model in _ANALYZED:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self._rows_at_analyze += self._written_since_analyze
        self._written_since_analyze = 0

    def _lock_updated(self, plan: _Plan) -> None:
        """Compare-and-swap: lock the enterprises about to be updated and check that none
        changed (``updated_at``) since the chunk read them. Unchanged rows are not locked."""
        if not plan.updated:
            return
        current = dict(Enterprise.objects.select_for_update()
                       .filter(pk__in=[e.pk for e, _ in plan.updated])
                       .values_list("pk", "updated_at"))
        if any(current.get(e.pk) != e.updated_at for e, _ in plan.updated):
            raise _Stale

    def _load(self, rows: list[ParsedRow]):
        codes = {r.uscc for r in rows} - {""}
        existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes)}
        ids = [e.pk for e in existing.values()]
        allowed = set(restrict(Enterprise.objects.filter(pk__in=ids), self.actor, "change")
                      .values_list("pk", flat=True)) if ids else set()
        states = {pk: _State() for pk in allowed}
        if allowed:
            through = Enterprise.sectors.through
            for eid, sid in through.objects.filter(enterprise_id__in=allowed).values_list(
                    "enterprise_id", "sector_id"):
                states[eid].sectors.add(sid)
            for eid, role, name, number, phone in EnterprisePerson.objects.filter(
                    enterprise_id__in=allowed, is_current=True).values_list(
                    "enterprise_id", "role", "name", "id_number", "phone"):
                states[eid].people.setdefault(role, []).append((name, number, phone))
            sups = list(Supervision.objects.filter(enterprise_id__in=allowed).values_list(
                "enterprise_id", "agency_id", "is_lead"))
            agencies = self.lookups.agencies.by_pk({agency for _, agency, _ in sups})
            for eid, agency, is_lead in sups:
                if is_lead:
                    states[eid].lead = agencies[agency]
                else:
                    states[eid].assisting[agency] = agencies[agency]
            for eid, *values in Licence.objects.filter(
                    enterprise_id__in=allowed, is_current=True).values_list(
                    "enterprise_id", "pk", "kind", "number", "issued_by", "valid_until"):
                lic = _Licence(*values)
                states[eid].licences[(lic.kind, lic.number)] = lic
        return existing, states

    def _plan(self, rows: list[ParsedRow]) -> _Plan:
        plan = _Plan()
        existing, states = self._load(rows)
        lookups = self.lookups
        for row in rows:
            errors = dict(row.errors)
            instance = existing.get(row.uscc)
            if instance is not None and instance.pk not in states:
                errors.setdefault("uscc", (
                    row.columns.get("uscc", HEADER_OF["uscc"]),
                    f"{label('uscc')}：该代码已登记的企业不在您的辖区内（或您无权修改），不能导入"))
                instance = None
            cleaned: dict[str, Any] = {}
            if "uscc" not in errors or instance is None:
                try:
                    cleaned = clean_enterprise(
                        row.data, instance=instance, check_unique=False,
                        regions={row.region.code: row.region} if row.region else {},
                        industries=lookups.industries.by_code, sectors=lookups.sectors.by_code)
                except ValidationFailed as exc:
                    for key, message in exc.errors.items():
                        errors.setdefault(key, (row.column_for(key), message))
            if not errors:
                if instance is None:
                    self._plan_create(row, cleaned, errors, plan)
                else:
                    self._plan_update(row, instance, states[instance.pk], cleaned, errors, plan)
            if errors:
                plan.errors.extend(RowError(row.number, column, message)
                                   for column, message in errors.values())
            else:
                plan.valid += 1
        return plan

    def _scalars(self, e: Enterprise, old: dict[str, Any] | None = None) -> dict[str, Any]:
        """``audit.snapshot(e, AUDITED_FIELDS)`` from the prefetched lookups (no queries);
        ``old`` overrides attribute values (by attname) to describe ``e`` before a change."""
        snap = {}
        for name in AUDITED_FIELDS:
            attname = _ATTNAMES[name]
            value = old[attname] if old and attname in old else getattr(e, attname)
            if attname != name:  # a foreign key: shown by its object's str()
                value = self._describe(name, value)
            snap[name] = str(value) if isinstance(value, Decimal) else value
        return snap

    def _describe(self, name: str, pk) -> str | None:
        key = (name, pk)
        if key not in self._described:
            self._described[key] = self._describe_uncached(name, pk)
        return self._described[key]

    def _describe_uncached(self, name: str, pk) -> str | None:
        if pk is None:
            return None
        if name == "region":
            region = self.lookups.regions.by_code_or_none(pk)
            return str(region) if region else pk
        if name == "industry":
            industry = self.lookups.industries.by_code.get(pk)
            return str(industry) if industry else pk
        return str(self.lookups.agencies.by_pk({pk}).get(pk, pk))

    def _snapshot(self, scalars: dict, sectors, assisting, people, licences=None) -> dict:
        snap = dict(scalars)
        snap["sectors"] = sorted(sectors)
        snap["assisting_agencies"] = sorted(str(a) for a in assisting)
        snap["people"] = sorted(_person_line(role, name, phone)
                                for role, name, phone in people)
        if licences is not None:
            snap["licences"] = sorted(licences)
        return snap

    def _plan_create(self, row: ParsedRow, cleaned: dict, errors: dict, plan: _Plan) -> None:
        if row.lead is None:
            errors["lead_agency"] = (
                row.columns.get("lead_agency", HEADER_OF["lead_agency"]),
                f"{label('lead_agency')}：新建档时必须填写（机构名称或简称）")
            return
        assisting = row.assisting or []
        if row.lead in assisting:
            errors["assisting_agencies"] = (row.columns["assisting_agencies"],
                                            f"{label('assisting_agencies')}：不能与主责监管机构相同")
            return
        sectors = cleaned.pop("sectors", [])
        people = cleaned.pop("people", [])
        cleaned["sector_codes"] = sector_codes(sectors)
        for fk in ("region", "industry"):
            obj = cleaned.pop(fk, None)
            cleaned[f"{fk}_id"] = obj.pk if obj is not None else None
        enterprise = _NewEnterprise(cleaned, lead_agency_id=row.lead.pk)
        licences = row.licences or []
        after = self._snapshot(self._scalars(enterprise), [s.code for s in sectors], assisting,
                               [(p["role"], p["name"], p["phone"]) for p in people],
                               [_licence_line(x["kind"], x["number"], x["valid_until"])
                                for x in licences] if licences else None)
        plan.created.append((enterprise, {
            "sectors": [s.code for s in sectors], "people": people, "lead": row.lead,
            "assisting": assisting, "licences": licences,
            # audit.diff({}, after), without comparing every key against nothing
            "changes": {k: [None, v] for k, v in sorted(after.items()) if v is not None}}))

    def _plan_update(self, row: ParsedRow, enterprise: Enterprise, state: _State,
                     cleaned: dict, errors: dict, plan: _Plan) -> None:
        lead = row.lead or state.lead
        assisting = row.assisting if row.assisting is not None else list(
            state.assisting.values())
        if row.lead is not None or row.assisting is not None:
            if lead is None:
                errors["lead_agency"] = (row.columns.get("lead_agency", HEADER_OF["lead_agency"]),
                                         f"{label('lead_agency')}：必须指定一个")
                return
            if lead in assisting:
                errors["assisting_agencies"] = (
                    row.columns.get("assisting_agencies", HEADER_OF["assisting_agencies"]),
                    f"{label('assisting_agencies')}：不能与主责监管机构相同")
                return
        licence_lines = None
        if row.licences:
            licence_lines = [_licence_line(k, n, lic.valid_until)
                             for (k, n), lic in state.licences.items()]

        sectors = cleaned.pop("sectors", None)
        people = cleaned.pop("people", None)
        old: dict[str, Any] = {}  # attname → value before this import
        for name, value in cleaned.items():
            attname = _ATTNAMES[name]
            new = value.pk if attname != name and value is not None else value
            current = getattr(enterprise, attname)
            if current != new:
                old[attname] = current
                setattr(enterprise, attname, new)
        new_sectors = None
        if sectors is not None and {s.code for s in sectors} != state.sectors:
            new_sectors = [s.code for s in sectors]
            old.setdefault("sector_codes", enterprise.sector_codes)
            enterprise.sector_codes = sector_codes(new_sectors)
        replaced_roles: dict[str, list[dict]] = {}
        if people is not None:
            by_role: dict[str, list[dict]] = {}
            for p in people:
                by_role.setdefault(p["role"], []).append(p)
            for role, given in by_role.items():
                new = sorted((p["name"], p["id_number"], p["phone"]) for p in given)
                if new != sorted(state.people.get(role, [])):
                    replaced_roles[role] = given
        supervision = None
        if (getattr(lead, "pk", None), {a.pk for a in assisting}) != (
                getattr(state.lead, "pk", None), set(state.assisting)):
            supervision = (lead, assisting)
            if enterprise.lead_agency_id != lead.pk:
                old.setdefault("lead_agency_id", enterprise.lead_agency_id)
                enterprise.lead_agency_id = lead.pk
        new_licences, changed_licences = [], []
        for lic in row.licences or []:
            current = state.licences.get((lic["kind"], lic["number"]))
            if current is None:
                new_licences.append(lic)
            elif (lic["valid_until"] and lic["valid_until"] != current.valid_until) or (
                    lic["issued_by"] and lic["issued_by"] != current.issued_by):
                current.valid_until = lic["valid_until"] or current.valid_until
                current.issued_by = lic["issued_by"] or current.issued_by
                changed_licences.append(current)
        if not (old or new_sectors is not None or replaced_roles or supervision
                or new_licences or changed_licences):
            plan.unchanged += 1
            return
        old_people = [(role, n, ph) for role, people in state.people.items()
                      for n, _, ph in people]
        before = self._snapshot(self._scalars(enterprise, old), state.sectors,
                                state.assisting.values(), old_people, licence_lines)
        after_people = [p for p in old_people if p[0] not in replaced_roles] + [
            (p["role"], p["name"], p["phone"]) for ps in replaced_roles.values() for p in ps]
        after_licences = None
        if licence_lines is not None:
            after_licences = [_licence_line(k, n, lic.valid_until)
                              for (k, n), lic in state.licences.items()] + [
                _licence_line(x["kind"], x["number"], x["valid_until"]) for x in new_licences]
        after = self._snapshot(self._scalars(enterprise), new_sectors if new_sectors is not None
                               else state.sectors, assisting, after_people, after_licences)
        plan.updated.append((enterprise, {
            "fields": [_NAMES[attname] for attname in old], "sectors": new_sectors,
            "people": replaced_roles, "supervision": supervision, "new_licences": new_licences,
            "changed_licences": changed_licences, "changes": audit.diff(before, after)}))

    # --- writing ---------------------------------------------------------------------

    def _write(self, plan: _Plan) -> None:
        """Write one chunk's plan: plain multi-row INSERTs and UPDATEs (see ``bulk``)."""
        now = timezone.now()
        sector_links, people, supervisions, licences = [], [], [], []
        fields = _ENTERPRISE_COLUMNS
        for enterprise, _ in plan.created:
            enterprise.created_at = enterprise.updated_at = now
        ids = bulk.insert(Enterprise, [f.name for f in fields],
                          [tuple(getattr(e, f.attname) for f in fields)
                           for e, _ in plan.created], returning=True)
        for (enterprise, extra), pk in zip(plan.created, ids, strict=True):
            enterprise.pk = pk
            sector_links += [(pk, code) for code in extra["sectors"]]
            people += [(pk, p["role"], p["name"], p["id_number"], p["phone"], True)
                       for p in extra["people"]]
            supervisions.append((pk, extra["lead"].pk, True))
            supervisions += [(pk, a.pk, False) for a in extra["assisting"]]
            licences += [(pk, x["kind"], x["number"], x["issued_by"], x["valid_until"], True)
                         for x in extra["licences"]]

        changed: set[str] = set()
        resectored, resupervised = [], []
        retired: dict[str, list[int]] = {}
        changed_licences = []
        for enterprise, extra in plan.updated:
            pk = enterprise.pk
            enterprise.updated_at = now
            changed.update(extra["fields"])
            if extra["sectors"] is not None:
                resectored.append(pk)
                sector_links += [(pk, code) for code in extra["sectors"]]
            for role, given in extra["people"].items():
                retired.setdefault(role, []).append(pk)
                people += [(pk, p["role"], p["name"], p["id_number"], p["phone"], True)
                           for p in given]
            if extra["supervision"] is not None:
                lead, assisting = extra["supervision"]
                resupervised.append(pk)
                supervisions.append((pk, lead.pk, True))
                supervisions += [(pk, a.pk, False) for a in assisting]
            licences += [(pk, x["kind"], x["number"], x["issued_by"], x["valid_until"], True)
                         for x in extra["new_licences"]]
            changed_licences += extra["changed_licences"]
        if plan.updated:
            columns = [Enterprise._meta.get_field(n) for n in sorted(changed | {"updated_at"})]
            bulk.update(Enterprise, [f.name for f in columns],
                        [(*(getattr(e, f.attname) for f in columns), e.pk)
                         for e, _ in plan.updated])
        through = Enterprise.sectors.through
        if resectored:
            through.objects.filter(enterprise_id__in=resectored).delete()
        for role, ids_ in retired.items():
            # People are never deleted: the ones replaced stay as former (is_current=False).
            EnterprisePerson.objects.filter(enterprise_id__in=ids_, role=role,
                                            is_current=True).update(is_current=False)
        if resupervised:
            Supervision.objects.filter(enterprise_id__in=resupervised).delete()
        bulk.insert(through, ["enterprise", "sector"], sector_links)
        bulk.insert(EnterprisePerson, ["enterprise", "role", "name", "id_number", "phone",
                                       "is_current"], people)
        bulk.insert(Supervision, ["enterprise", "agency", "is_lead"], supervisions)
        bulk.insert(Licence, ["enterprise", "kind", "number", "issued_by", "valid_until",
                              "is_current"], licences)
        bulk.update(Licence, ["valid_until", "issued_by"],
                    [(x.valid_until, x.issued_by, x.pk) for x in changed_licences])

        actor = self.actor.pk
        object_type = Enterprise._meta.label_lower
        bulk.insert(AuditEvent, ["at", "actor", "action", "object_type", "object_id",
                                 "object_repr", "changes", "reason"],
                    [(now, actor, ACTION, object_type, str(e.pk), e.name[:200], extra["changes"],
                      self.reason) for e, extra in chain(plan.created, plan.updated)])


def run_import(path: str | Path, *, actor: User, dry_run: bool, filename: str = "",
               chunk_size: int | None = None, progress: Progress | None = None) -> Report:
    """Read ``path`` and preview (``dry_run``) or commit it. Raises ImportFileError when
    the file cannot be read at all, NotAllowed when ``actor`` may not change the registry."""
    importer = Importer(actor=actor, dry_run=dry_run, filename=filename,
                        chunk_size=chunk_size, progress=progress)
    with open_table(path, filename or str(path)) as table:
        return importer.run(table)
