"""Each dossier tab shows its own part of the 一企一档 and reads only that part."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anzhi.core.audit import record
from anzhi.registry.models import EnterprisePerson, Licence
from tests.factories import add_person, sector


@pytest.fixture
def dossier(cast):
    enterprise = cast.enterprise_a
    add_person(enterprise, name="张三")
    EnterprisePerson.objects.create(enterprise=enterprise, role="safety_manager", name="李四旧",
                                    is_current=False)
    Licence.objects.create(enterprise=enterprise, kind="安全生产许可证",
                           number="（闽）WH安许证字〔2026〕0001号", issued_by="泉州市应急管理局")
    enterprise.sectors.add(sector("hazchem", "危险化学品"))
    record(actor=cast.officer_a, action="enterprise.update", obj=enterprise,
           changes={"risk_grade": ["C", "B"]}, reason="复核")
    return enterprise


def tab(client, user, enterprise, key):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/enterprises/{enterprise.pk}/", {"tab": key}).content.decode()
    return body, " ".join(q["sql"] for q in queries.captured_queries)


# (tab, what it shows, table it reads, what belongs to other tabs and must not be read)
TABS = [
    ("people", ["张三", "主要负责人", "曾任", "李四旧"], "registry_enterpriseperson",
     ["registry_licence", "core_auditevent"]),
    ("licences", ["安全生产许可证", "（闽）WH安许证字〔2026〕0001号", "泉州市应急管理局"],
     "registry_licence", ["registry_enterpriseperson", "core_auditevent"]),
    ("supervision", ["主责"], "registry_supervision",
     ["registry_licence", "core_auditevent"]),
    ("history", ["enterprise.update", "C → B", "理由：复核"], "core_auditevent",
     ["registry_licence", "registry_enterpriseperson"]),
]


@pytest.mark.parametrize("key, shown, reads, not_read", TABS)
def test_a_tab_shows_its_part_and_reads_only_that(cast, client, dossier, key, shown, reads,
                                                   not_read):
    body, sql = tab(client, cast.officer_a, dossier, key)
    for text in shown:
        assert text in body
    assert reads in sql
    for table in not_read:
        assert table not in sql


def test_the_basic_tab_shows_status_changes_and_reads_no_other_tab(cast, client, dossier):
    client.force_login(cast.officer_a)
    client.post(f"/enterprises/{dossier.pk}/status/", {
        "to_status": "suspended", "order_number": "湖上应急停〔2026〕3号",
        "order_date": "2026-01-05", "reason": "隐患整改"})
    body, sql = tab(client, cast.officer_a, dossier, "basic")
    assert "湖上应急停〔2026〕3号" in body
    assert "湖上乡铁观音茶厂" in body
    for table in ("registry_licence", "registry_enterpriseperson", "core_auditevent"):
        assert table not in sql


def test_every_tab_shows_the_header(cast, client, dossier):
    for key, *_ in TABS:
        body, _ = tab(client, cast.officer_a, dossier, key)
        assert 'data-testid="dossier-name">湖上乡铁观音茶厂<' in body
        assert "危险化学品" in body
