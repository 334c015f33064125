"""Document numbers are issued per agency and year without gaps, when the record is first
signed; a transaction that fails after taking a number gives it back."""

import pytest
from django.db import transaction
from django.utils import timezone

from anzhi.core import audit
from anzhi.core.models import IssuedDocument
from anzhi.inspections.services import inspection_create
from anzhi.inspections.signing import inspection_sign

PW = "pw-anzhi-test"


def seqs(kind):
    return list(IssuedDocument.objects.filter(kind=kind).order_by("seq")
                .values_list("seq", flat=True))


def test_numbers_run_1_to_n_without_gaps(cast, record):
    year = timezone.localdate().year
    made = [inspection_create(actor=cast.officer_a, data=record()) for _ in range(5)]
    for inspection in made:
        inspection_sign(actor=cast.officer_a, inspection=inspection, kind="officer", password=PW)
    assert seqs("inspection-record") == [1, 2, 3, 4, 5]
    assert seqs("rectification-order") == [1, 2, 3, 4, 5]
    made[2].refresh_from_db()
    assert made[2].number == f"湖上乡应急办检记〔{year}〕3号"
    # A second signature on the same record does not take another number.
    inspection_sign(actor=cast.officer_a, inspection=made[0], kind="officer",
                    signer_id=cast.officer_a2.pk, password=PW)
    assert seqs("inspection-record") == [1, 2, 3, 4, 5]


def test_a_failed_transaction_releases_its_number(cast, record, monkeypatch):
    first = inspection_create(actor=cast.officer_a, data=record())
    second = inspection_create(actor=cast.officer_a, data=record())
    inspection_sign(actor=cast.officer_a, inspection=first, kind="officer", password=PW)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    # The failure comes after the number was issued, inside the same transaction.
    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        inspection_sign(actor=cast.officer_a, inspection=second, kind="officer", password=PW)
    monkeypatch.undo()
    assert seqs("inspection-record") == [1]
    second.refresh_from_db()
    assert second.number == "" and not second.signatures.exists()
    inspection_sign(actor=cast.officer_a, inspection=second, kind="officer", password=PW)
    assert seqs("inspection-record") == [1, 2]


def test_numbers_are_per_agency(cast, record):
    from tests.factories import CertificateFactory, UserFactory

    b2 = UserFactory(username="officer_b2", agency=cast.agency_b)
    CertificateFactory(holder=b2)
    a = inspection_create(actor=cast.officer_a, data=record())
    b = inspection_create(actor=cast.officer_b, data=record(
        enterprise=cast.enterprise_b.pk, agencies=[cast.agency_b.pk],
        officers=[cast.officer_b.pk, b2.pk], findings=[]))
    inspection_sign(actor=cast.officer_a, inspection=a, kind="officer", password=PW)
    inspection_sign(actor=cast.officer_b, inspection=b, kind="officer", password=PW)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.number.endswith("〕1号") and a.number.startswith("湖上乡应急办")
    assert b.number.endswith("〕1号") and b.number.startswith("剑斗镇应急办")


def test_numbering_runs_only_inside_the_caller_transaction():
    from anzhi.core import numbering

    assert transaction.get_connection().in_atomic_block  # pytest-django wraps each test
    assert callable(numbering.issue)
