"""Fixtures for the inspections tests: the built-in checklists, an isolated follow-up
registry (the hazards and cases apps register real handlers; these tests register fakes),
and a valid full record to vary."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anzhi.core import followups
from anzhi.inspections.checklists import load_builtin, version_items
from anzhi.inspections.models import Checklist, SignatureChain


@pytest.fixture(autouse=True)
def _isolated(db, monkeypatch, settings, tmp_path):
    monkeypatch.setattr(followups, "HANDLERS", {})
    # register() also drops a kind's batch handler: isolate that table too, or a fake
    # registered here leaves the hazards' batch handler unregistered for later tests.
    monkeypatch.setattr(followups, "BATCH_HANDLERS", {})
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    version_items.cache_clear()
    load_builtin()  # a transactional (browser) test may have flushed the migration's rows
    SignatureChain.objects.get_or_create(pk=1)
    yield
    version_items.cache_clear()


@pytest.fixture
def checklist():
    """The 30-item 主体责任 checklist's current version."""
    return Checklist.objects.get(code="main-responsibility").current_version


@pytest.fixture
def items(checklist):
    return list(version_items(checklist.pk).values())


@pytest.fixture
def record(cast, checklist, items):
    """A complete, valid record for enterprise A by the two officers of agency A."""

    def make(**over):
        data = {
            "enterprise": cast.enterprise_a.pk,
            "agencies": [cast.agency_a.pk],
            "mode": "planned",
            "officers": [cast.officer_a.pk, cast.officer_a2.pk],
            "experts": [{"name": "陈工", "organisation": "县安全生产专家库"}],
            "started_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "checklist_version": checklist.pk,
            "answers": [{"item": i.pk, "result": "noncompliant" if i.seq == 18 else "compliant",
                         "note": ""} for i in items],
            "findings": [{
                "description": "动火作业未办理作业票，现场无监护人员",
                "item": items[17].pk, "is_major": False, "raised_by": cast.officer_a.pk,
                "dispositions": [{"kind": followups.RECTIFY_BY_DEADLINE,
                                  "deadline": (timezone.localdate() + timedelta(days=15))
                                  .isoformat()}],
            }],
        }
        data.update(over)
        return data

    return make


@pytest.fixture
def received():
    """A fake follow-up handler for every kind, as the hazards and cases apps register."""
    calls: list[followups.FollowupRequest] = []

    def handler(req):
        calls.append(req)
        return followups.FollowupResult(object_type="fake.record", object_id=len(calls),
                                        label=f"后续记录{len(calls)}", url=f"/fake/{len(calls)}")

    for kind in followups.KIND_LABELS:
        followups.register(kind, handler)
    return calls


@pytest.fixture
def phone(cast, api_client):
    """officer_a's phone, logged in to the API (browser tests define their own ``phone``)."""
    return api_client.login(cast.officer_a)
