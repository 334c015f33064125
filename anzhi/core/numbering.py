"""Gapless document numbers per agency, kind and year (e.g. 湖上应急责改〔2026〕3号)."""

from django.db import IntegrityError, models, transaction

from .models import DocumentCounter, IssuedDocument

# 整改复查意见书: one series per agency and year, whether a hazard's review or a 复查
# inspection issues it. Two counters for one abbreviation gave two documents one number.
REVIEW_OPINION = ("review-opinion", "复查")


def _next_seq(agency, kind: str, year: int) -> int:
    counter = (DocumentCounter.objects.select_for_update()
               .filter(agency=agency, kind=kind, year=year).first())
    if counter is None:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(agency=agency, kind=kind, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs below
        counter = DocumentCounter.objects.select_for_update().get(
            agency=agency, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def format_number(agency, abbreviation: str, year: int, seq: int) -> str:
    return f"{agency.short_name or agency.name}{abbreviation}〔{year}〕{seq}号"


def issue(*, agency, kind: str, abbreviation: str, year: int, obj: models.Model,
          actor) -> IssuedDocument:
    """The document of ``kind`` for ``obj``: issued once, numbered without gaps.

    Must run inside the caller's transaction so a failure later releases the number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbering.issue must run inside a transaction")
    existing = IssuedDocument.objects.filter(
        kind=kind, object_type=obj._meta.label_lower, object_id=str(obj.pk)).first()
    if existing is not None:
        return existing
    seq = _next_seq(agency, kind, year)
    return IssuedDocument.objects.create(
        agency=agency, kind=kind, year=year, seq=seq,
        number=format_number(agency, abbreviation, year, seq),
        object_type=obj._meta.label_lower, object_id=str(obj.pk), issued_by=actor,
    )


def find(kind: str, obj: models.Model) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(
        kind=kind, object_type=obj._meta.label_lower, object_id=str(obj.pk)).first()
