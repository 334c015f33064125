"""The inspection lines of the home page's 待办: drafts not yet submitted and records
waiting for signatures, each linking to the list filtered to exactly those."""

import re

from anzhi.inspections.services import inspection_create
from tests.home_page import work_lines


def listed(client, url) -> set[int]:
    page = client.get(url).content.decode()
    return {int(pk) for pk in re.findall(r'href="/inspections/(\d+)/"', page)}


def test_drafts_and_unsigned_records(cast, client, record):
    draft = inspection_create(actor=cast.officer_a, data=record(), submit=False)
    submitted = inspection_create(actor=cast.officer_a, data=record())
    lines = work_lines(client, cast.officer_a)
    assert lines["inspections.draft"][0] == "1"
    assert listed(client, lines["inspections.draft"][1]) == {draft.pk}
    assert lines["inspections.unsigned"][0] == "1"
    assert listed(client, lines["inspections.unsigned"][1]) == {submitted.pk}
    assert not {"inspections.draft", "inspections.unsigned"} & set(
        work_lines(client, cast.officer_b))
