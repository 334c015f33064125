"""The follow-up registry: single handlers, batch handlers and their order."""

import pytest

from anzhi.core import followups


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(followups, "HANDLERS", {})
    monkeypatch.setattr(followups, "BATCH_HANDLERS", {})
    calls = []

    def single(req):
        calls.append(("single", req.source_id))
        return followups.FollowupResult("x.single", req.source_id, "one")

    def batch(reqs):
        calls.append(("batch", [r.source_id for r in reqs]))
        return [followups.FollowupResult("x.batch", r.source_id, "many") for r in reqs]

    followups.register(followups.RECTIFY_BY_DEADLINE, single, batch=batch)
    followups.register(followups.ON_SITE_RECTIFIED, single, batch=batch)
    followups.register(followups.TRANSFER, single)
    return calls


def req(kind, n):
    return followups.FollowupRequest(kind=kind, actor=None, enterprise=None, agency=None,
                                     description="", source_type="t", source_id=n)


def test_kinds_sharing_a_batch_handler_go_in_one_call_and_results_keep_request_order(
        registry):
    results = followups.dispatch_many([
        req(followups.RECTIFY_BY_DEADLINE, 1), req(followups.TRANSFER, 2),
        req(followups.OTHER, 3), req(followups.ON_SITE_RECTIFIED, 4)])
    assert registry == [("single", 2), ("batch", [1, 4])]
    assert [(r.object_type, r.object_id) if r else None for r in results] == [
        ("x.batch", 1), ("x.single", 2), None, ("x.batch", 4)]


def test_a_replaced_single_handler_is_used_one_by_one(registry, monkeypatch):
    fake = lambda r: followups.FollowupResult("fake", r.source_id, "")  # noqa: E731
    monkeypatch.setitem(followups.HANDLERS, followups.RECTIFY_BY_DEADLINE, fake)
    results = followups.dispatch_many([req(followups.RECTIFY_BY_DEADLINE, 1),
                                       req(followups.ON_SITE_RECTIFIED, 2)])
    assert [r.object_type for r in results] == ["fake", "x.batch"]
    assert registry == [("batch", [2])]


def test_a_batch_handler_returning_the_wrong_count_is_an_error(registry, monkeypatch):
    monkeypatch.setitem(followups.BATCH_HANDLERS, followups.RECTIFY_BY_DEADLINE,
                        (followups.HANDLERS[followups.RECTIFY_BY_DEADLINE], lambda reqs: []))
    with pytest.raises(AssertionError, match="returned 0 results for 1"):
        followups.dispatch_many([req(followups.RECTIFY_BY_DEADLINE, 1)])
