"""What makes the enterprise list fast at a million rows: the sector filter on a column,
name search of one or two characters, and the index-backed expressions both use.

Sectors. ``Enterprise.sector_codes`` repeats the enterprise's sector codes ("gas,hazchem",
sorted, comma-separated) so "sector X and grade Y" is one index scan instead of a semi-join
against the many-to-many table. PostgreSQL indexes ``string_to_array(sector_codes, ',')``
together with ``risk_grade`` in one GIN index (migration 0004); SQLite scans. The column
follows the many-to-many rows: relation-manager writes (``enterprise.sectors.set/add/
remove/clear``, as the services do) through the ``m2m_changed`` receiver below, the importer
writes the codes with the rows it inserts, and code that inserts through-table rows
directly calls ``sync_sector_codes``.

Names. Three or more characters are served by the pg_trgm index (migration 0003). One or two
characters have no trigram, so PostgreSQL keeps a GIN index over every single character and
character pair of the name (``registry_name_grams``, migration 0005). ``by_name`` first
asks that index for up to ``PROBE + 1`` matches: a rare term is then the exact list of those
ids, a common term is a plain ``LIKE``, which the planner answers by walking the
(name, id, region) index in list order until a page is full (``paging.EnterprisePaginator``
asks for the page's ids first, so that walk never reads the table), and the list says
"超过 1,000 户" without counting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Lookup, QuerySet
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import Enterprise

SEPARATOR = ","
SHORT = 2  # names searched by the character-pair index, not by trigrams
PROBE = 1000  # a short term with more matches than this is searched by LIKE


def sector_codes(codes: Iterable[object]) -> str:
    """The ``sector_codes`` value for sectors (codes or Sector objects)."""
    return SEPARATOR.join(sorted({getattr(c, "pk", c) for c in codes}))


class _HasCode(Lookup):
    """``sector_codes`` lists the code. PostgreSQL: the expression of the GIN index."""

    lookup_name = "has_code"
    prepare_rhs = False

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return lhs, rhs, [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"instr(',' || {lhs} || ',', ',' || {rhs} || ',') > 0", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"string_to_array({lhs}, ',') @> ARRAY[{rhs}]::text[]", params


class _HasGram(Lookup):
    """PostgreSQL only: the name contains ``rhs`` (one or two characters), answered by the
    GIN index on ``registry_name_grams(name)``."""

    lookup_name = "has_gram"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"registry_name_grams({lhs}) @> ARRAY[{rhs}]::text[]", [*lhs_params, *rhs_params]


def in_sector(qs: QuerySet[Enterprise], code: str) -> QuerySet[Enterprise]:
    return qs.filter(_HasCode(F("sector_codes"), code))


@dataclass(frozen=True)
class Counted:
    """What a name search learnt about the number of matches: exactly ``n``, or (``exact``
    false) at least ``n``."""

    n: int
    exact: bool


def by_name(qs: QuerySet[Enterprise], q: str) -> tuple[QuerySet[Enterprise], Counted | None]:
    """``qs`` narrowed to names containing ``q``, and what the search learnt about the
    number of matches (None: nothing)."""
    if len(q) > SHORT or connections[qs.db].vendor != "postgresql":
        return qs.filter(name__contains=q), None
    hits = list(qs.filter(_HasGram(F("name"), q)).order_by()
                .values_list("pk", flat=True)[:PROBE + 1])
    if len(hits) <= PROBE:
        return qs.filter(pk__in=hits), Counted(len(hits), exact=True)
    return qs.filter(name__contains=q), Counted(len(hits), exact=False)


# --- keeping sector_codes in step with the many-to-many rows ------------------------------

def sync_sector_codes(enterprise_ids: Iterable[int] | None = None, *, using: str = "default"
                      ) -> int:
    """Recompute ``sector_codes`` from the many-to-many rows, for the given enterprises or
    (``None``) for all. For writers that insert through-table rows directly (bulk loaders).
    Returns the number of enterprises whose value changed."""
    if enterprise_ids is None:
        if connections[using].vendor == "postgresql":
            return _sync_all_postgresql(using)
        ids = list(Enterprise.objects.using(using).values_list("pk", flat=True))
    else:
        ids = sorted(set(enterprise_ids))
    changed = 0
    for start in range(0, len(ids), 500):
        changed += _sync(ids[start:start + 500], using)
    return changed


def _sync(ids: list[int], using: str) -> int:
    found: dict[int, list[str]] = {}
    for eid, code in Enterprise.sectors.through.objects.using(using).filter(
            enterprise_id__in=ids).values_list("enterprise_id", "sector_id"):
        found.setdefault(eid, []).append(code)
    changed: dict[str, list[int]] = {}
    for pk, value in Enterprise.objects.using(using).filter(pk__in=ids).values_list(
            "pk", "sector_codes"):
        wanted = sector_codes(found.get(pk, ()))
        if wanted != value:
            changed.setdefault(wanted, []).append(pk)
    for value, pks in changed.items():
        Enterprise.objects.using(using).filter(pk__in=pks).update(sector_codes=value)
    return sum(len(pks) for pks in changed.values())


SYNC_ALL_POSTGRESQL = [
    """UPDATE registry_enterprise e SET sector_codes = s.codes
       FROM (SELECT enterprise_id, string_agg(sector_id, ',' ORDER BY sector_id) AS codes
             FROM registry_enterprise_sectors GROUP BY enterprise_id) s
       WHERE s.enterprise_id = e.id AND e.sector_codes IS DISTINCT FROM s.codes""",
    """UPDATE registry_enterprise e SET sector_codes = ''
       WHERE e.sector_codes <> '' AND NOT EXISTS (
           SELECT 1 FROM registry_enterprise_sectors s WHERE s.enterprise_id = e.id)""",
]


def _sync_all_postgresql(using: str) -> int:
    changed = 0
    with connections[using].cursor() as cursor:
        for sql in SYNC_ALL_POSTGRESQL:
            cursor.execute(sql)
            changed += cursor.rowcount
    return changed


@receiver(m2m_changed, sender=Enterprise.sectors.through,
          dispatch_uid="registry.sync_sector_codes")
def _sectors_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    """Relation-manager writes: ``enterprise.sectors.set(...)``, ``sector.enterprises.add(...)``."""
    if reverse:  # instance is a Sector; pk_set holds enterprise ids
        if action == "pre_clear":
            instance._enterprises_before_clear = list(
                sender.objects.using(using).filter(sector_id=instance.pk)
                .values_list("enterprise_id", flat=True))
        elif action in ("post_add", "post_remove"):
            sync_sector_codes(pk_set, using=using)
        elif action == "post_clear":
            sync_sector_codes(getattr(instance, "_enterprises_before_clear", []), using=using)
        return
    if action in ("post_add", "post_remove", "post_clear"):
        codes = sector_codes(sender.objects.using(using).filter(enterprise_id=instance.pk)
                             .values_list("sector_id", flat=True))
        Enterprise.objects.using(using).filter(pk=instance.pk).exclude(
            sector_codes=codes).update(sector_codes=codes)
        instance.sector_codes = codes
