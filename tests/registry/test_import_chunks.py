"""Chunks: one transaction each (savepoints inside the test's transaction), re-planning a
chunk whose enterprises changed meanwhile, an error keeping the chunks before it, and the
background writer thread (PostgreSQL) handing chunks and errors back in order."""

import threading

import pytest
from django.utils import timezone

from anzhi.core.models import AuditEvent
from anzhi.registry.importing import engine, run_import
from anzhi.registry.models import Enterprise

from .conftest import import_uscc


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


class FakeImporter:
    """Stands in for Importer: records which thread commits which chunk."""

    def __init__(self, fail_at=None):
        self.fail_at = fail_at
        self.committed, self.accounted = [], []

    def _commit(self, rows, plan):
        if rows == self.fail_at:
            raise RuntimeError("chunk refused")
        self.committed.append((rows, threading.current_thread().name))
        return plan

    def _account(self, rows, plan):
        self.accounted.append(rows)


def test_the_writer_thread_commits_chunks_in_order():
    importer = FakeImporter()
    writer = engine._Writer(importer)
    for n in range(5):
        writer.submit(n, f"plan {n}")
    writer.finish()
    assert [rows for rows, _ in importer.committed] == [0, 1, 2, 3, 4]
    assert {name for _, name in importer.committed} == {"import-writer"}
    assert importer.accounted == [0, 1, 2, 3, 4]


def test_the_writer_threads_error_reaches_the_importing_thread():
    importer = FakeImporter(fail_at=1)
    writer = engine._Writer(importer)
    writer.submit(0, "plan 0")
    writer.submit(1, "plan 1")
    with pytest.raises(RuntimeError, match="chunk refused"):
        try:
            for n in range(2, 50):  # a later submit notices, as the importer's loop does
                writer.submit(n, f"plan {n}")
        finally:
            writer.finish()
    assert not writer.thread.is_alive()
    assert [rows for rows, _ in importer.committed] == [0]  # nothing after the failure
