"""Who and what the demo activity works with: the demo accounts, agencies and enterprises
that ``load_demo`` created."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from anzhi.accounts.models import Agency, User
from anzhi.demo.data import vocabulary as V
from anzhi.regions.models import Region
from anzhi.registry.choices import EnterpriseStatus
from anzhi.registry.models import Enterprise


@dataclass
class DemoCast:
    users: dict[str, User]          # by username: admin, officer1 … officer4, zhifa1, head1, …
    agencies: dict[str, Agency]     # by vocabulary key: town_emergency, county_emergency, …
    town: Region                    # 湖上乡
    showcase: Enterprise            # enterprise1's enterprise
    enterprises: list[Enterprise]   # the township's operating enterprises, by id

    @classmethod
    def load(cls) -> DemoCast:
        users = {u.username: u for u in User.objects.filter(is_demo=True)}
        names = {name: key for key, name, *_ in V.AGENCIES}
        agencies = {names[a.name]: a for a in Agency.objects.filter(name__in=names)}
        town = Region.objects.get(code=V.TOWN_CODE)
        enterprises = list(Enterprise.objects.filter(
            region__code__startswith=V.TOWN_CODE, status=EnterpriseStatus.OPERATING)
            .select_related("region", "lead_agency").order_by("id"))
        return cls(users=users, agencies=agencies, town=town,
                   showcase=users["enterprise1"].enterprise, enterprises=enterprises)

    def officer(self, username: str = "officer1") -> User:
        return self.users[username]

    @cached_property
    def by_sector(self) -> dict[str, list[Enterprise]]:
        """The operating enterprises of each key sector code, by id."""
        out: dict[str, list[Enterprise]] = {}
        for e in self.enterprises:
            for code in filter(None, e.sector_codes.split(",")):
                out.setdefault(code, []).append(e)
        return out

    def in_sector(self, code: str, n: int = 1) -> list[Enterprise]:
        """The first ``n`` operating enterprises in a key sector (e.g. "hazchem")."""
        return self.by_sector.get(code, [])[:n]
