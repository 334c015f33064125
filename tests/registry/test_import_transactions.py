"""Commits outside a test transaction: one transaction per chunk (on PostgreSQL written by the
background writer thread), re-planning a chunk whose enterprises changed meanwhile, and an
error in a chunk keeping the chunks before it."""

import pytest
from django.utils import timezone

from anzhi.core.models import AuditEvent
from anzhi.registry.importing import engine, run_import
from anzhi.registry.models import Enterprise

from .conftest import import_uscc

# serialized_rollback: put back the reference data (sectors, industries) the flush removes
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_every_chunk_is_committed(cast, write_xlsx, sheet_rows):
    calls = []
    report = run_import(write_xlsx(sheet_rows(5)), actor=cast.officer_a, dry_run=False,
                        chunk_size=2, progress=lambda done, total: calls.append(done))
    assert (report.created, report.rows_valid) == (5, 5)
    assert calls == [2, 4, 5]
    assert Enterprise.objects.filter(name__startswith="湖上乡测试").count() == 5
    assert AuditEvent.objects.filter(action="enterprise.import").count() == 5


def test_a_chunk_whose_enterprises_changed_meanwhile_is_planned_again(cast, write_xlsx,
                                                                      sheet_rows, monkeypatch):
    run_import(write_xlsx(sheet_rows(2), name="a.xlsx"), actor=cast.officer_a, dry_run=False)
    rows = sheet_rows(2)
    rows[1][5] = 99
    original = engine.Importer._lock_updated
    calls = []

    def lock_updated(self, plan):
        calls.append(1)
        if len(calls) == 1:  # as if someone saved the enterprise just now
            Enterprise.objects.filter(uscc=import_uscc(0)).update(address="有人刚改过",
                                                                  updated_at=timezone.now())
        return original(self, plan)

    monkeypatch.setattr(engine.Importer, "_lock_updated", lock_updated)
    report = run_import(write_xlsx(rows, name="b.xlsx"), actor=cast.officer_a, dry_run=False)
    assert len(calls) == 2
    assert (report.updated, report.unchanged) == (1, 1)  # counted once
    ent = Enterprise.objects.get(uscc=import_uscc(0))
    assert (ent.employee_count, ent.address) == (99, "湖上村0号")
    assert AuditEvent.objects.filter(object_id=str(ent.pk), action="enterprise.import").count() \
        == 2


def test_a_failing_chunk_keeps_the_chunks_written_before_it(cast, write_xlsx, sheet_rows,
                                                           monkeypatch):
    original = engine.Importer._write
    calls = []

    def write(self, plan):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, plan)

    monkeypatch.setattr(engine.Importer, "_write", write)
    with pytest.raises(RuntimeError):
        run_import(write_xlsx(sheet_rows(6)), actor=cast.officer_a, dry_run=False, chunk_size=2)
    names = set(Enterprise.objects.filter(name__startswith="湖上乡测试")
                .values_list("name", flat=True))
    assert names == {"湖上乡测试0号茶厂", "湖上乡测试1号茶厂"}
