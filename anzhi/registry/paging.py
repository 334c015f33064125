"""Paging the enterprise list over a million rows."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.paginator import Page
from django.utils.functional import cached_property

from anzhi.core.pagination import CappedPaginator, capped_count

from .search import Counted

if TYPE_CHECKING:
    from .listing import CompiledListing


class EnterprisePaginator(CappedPaginator):
    """``CappedPaginator`` ("超过 1,000 户") that

    - counts like ``CappedPaginator``, without the list's ORDER BY;
    - takes what a name search already learnt about the count (``known``) instead of
      counting again;
    - fetches a page in two steps: the page's ids in list order, which a name search answers
      from the (name, id, region) index alone, then those rows with their joins, read from
      the ids by ``read`` (e.g. ``selectors.list_items_by_id``) if given. Only the second
      step may join: with the joins in the first, PostgreSQL read a township's page 8× slower.
    """

    def __init__(self, object_list, per_page, *, known: Counted | None = None,
                 read: Callable[[list[int]], list] | None = None,
                 listing: "CompiledListing | None" = None, **kwargs):
        """``listing``: the list as kept statements (``listing.compiled_listing``), which
        count and page it instead of ``object_list``."""
        super().__init__(object_list, per_page, **kwargs)
        self.known = known
        self.read = read
        self.listing = listing

    @cached_property
    def count(self) -> int:
        known = self.known
        if known is not None and (known.exact or known.n > self.cap):
            found = known.n
        elif self.listing is not None:
            found = self.listing.count(self.cap)
        else:
            found = capped_count(self.object_list, self.cap)
        self.capped = found > self.cap
        return min(found, self.cap)

    def ids(self, bottom: int, top: int) -> list[int]:
        """The ids of the list's rows ``bottom`` to ``top``, in list order."""
        if self.listing is not None:
            return self.listing.ids(bottom, top)
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.ids(bottom, top)
        if not ids:
            rows = []
        elif self.read:
            rows = self.read(ids)
        else:
            rows = list(self.object_list.filter(pk__in=ids))
        return self._get_page(rows, number, self)
