"""Fixtures for the planning tests: key sectors and a township with enough enterprises and
certified officers to draw from."""

from datetime import date, timedelta

import pytest

from anzhi.accounts.models import Conflict, Role
from anzhi.registry.models import Enterprise
from tests.factories import CertificateFactory, EnterpriseFactory, UserFactory, sector


@pytest.fixture
def sectors(db):
    return {
        "mine": sector("non_coal_mine", "非煤矿山", True),
        "hazchem": sector("hazchem", "危险化学品", True),
        "fireworks": sector("fireworks", "烟花爆竹", True),
        "construction": sector("construction", "建筑施工", True),
        "industry": sector("industry_trade", "工贸"),
    }


def make_enterprises(n, *, region, lead, grade="C", **kw) -> list[Enterprise]:
    out = []
    for _ in range(n):
        e = EnterpriseFactory(region=region, lead=lead, risk_grade=grade, **kw)
        out.append(e)
    return out


@pytest.fixture
def town_a(cast, sectors):
    """Township A with 40 ordinary enterprises (grade C) and four more officers."""
    ents = make_enterprises(40, region=cast.village_a, lead=cast.agency_a)
    officers = [cast.head_a, cast.officer_a, cast.officer_a2]
    for i in range(4):
        user = UserFactory(username=f"extra_a{i}", role=Role.OFFICER, agency=cast.agency_a)
        CertificateFactory(holder=user)
        officers.append(user)
    return {"enterprises": [cast.enterprise_a, *ents], "officers": officers}


def certify(user, *, until=None, revoked=False):
    return CertificateFactory(holder=user, valid_until=until or date.today() + timedelta(days=365),
                              revoked=revoked)


def conflict(officer, enterprise, active=True):
    return Conflict.objects.create(officer=officer, enterprise=enterprise, reason="亲属关系",
                                   is_active=active)
