from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows. An exact count of a broad filter over a million rows
    costs hundreds of milliseconds and nobody pages through it; "超过 1,000 户" is enough."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        found = self.object_list[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False
