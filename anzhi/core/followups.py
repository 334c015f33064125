"""Follow-up records created by a disposition, without the inspecting app importing the
app that owns the record.

The inspections app calls ``dispatch`` for each finding's disposition; the hazards, cases
and referrals apps ``register`` a handler per disposition kind in their ``AppConfig.ready``.
A hazard escalation uses the same path to offer a penalty case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Disposition kinds (the eight of the 异地执法检查问题移交表).
ON_SITE_RECTIFIED = "on_site_rectified"      # 现场立即整改
RECTIFY_BY_DEADLINE = "rectify_by_deadline"  # 责令限期整改
EMERGENCY_MEASURES = "emergency_measures"    # 现场紧急处置
SUSPEND = "suspend"                          # 责令暂时停产停业
TRANSFER = "transfer"                        # 移交其他部门
SIMPLE_PENALTY = "simple_penalty"            # 简易处罚
FILE_CASE = "file_case"                      # 立案处罚
OTHER = "other"                              # 其他

KIND_LABELS = {
    ON_SITE_RECTIFIED: "现场立即整改",
    RECTIFY_BY_DEADLINE: "责令限期整改",
    EMERGENCY_MEASURES: "现场紧急处置",
    SUSPEND: "责令暂时停产停业",
    TRANSFER: "移交其他部门",
    SIMPLE_PENALTY: "简易处罚",
    FILE_CASE: "立案处罚",
    OTHER: "其他",
}


@dataclass
class FollowupRequest:
    kind: str
    actor: Any                      # accounts.User
    enterprise: Any                 # registry.Enterprise
    agency: Any                     # accounts.Agency acting
    description: str
    source_type: str                # e.g. "inspections.finding", "hazards.hazard"
    source_id: int
    source_label: str = ""          # e.g. "现场检查记录 湖上应急检〔2026〕3号"
    legal_basis: str = ""
    statute_entry: str = ""         # anzhi.law.statutes entry id, if known
    is_major: bool = False
    deadline: date | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class FollowupResult:
    object_type: str
    object_id: int
    label: str
    url: str = ""


Handler = Callable[[FollowupRequest], FollowupResult]
BatchHandler = Callable[[list[FollowupRequest]], list[FollowupResult]]
HANDLERS: dict[str, Handler] = {}
# kind → (the single handler it was registered with, its batch form)
BATCH_HANDLERS: dict[str, tuple[Handler, BatchHandler]] = {}


def register(kind: str, handler: Handler, *, batch: BatchHandler | None = None) -> None:
    """``batch``, when given, creates the records of several requests of this kind at once
    (an inspection with many findings); it returns one result per request, in order."""
    HANDLERS[kind] = handler
    if batch is not None:
        BATCH_HANDLERS[kind] = (handler, batch)


def dispatch(request: FollowupRequest) -> FollowupResult | None:
    """Create the follow-up record in the caller's transaction; None if no app handles it."""
    handler = HANDLERS.get(request.kind)
    return handler(request) if handler else None


def dispatch_many(requests: list[FollowupRequest]) -> list[FollowupResult | None]:
    """``dispatch`` for each request, giving requests whose kinds share a batch handler to
    it in one call. Results come back in the order of ``requests``. A kind whose single
    handler was replaced since (a test's fake) is dispatched one by one."""
    results: list[FollowupResult | None] = [None] * len(requests)
    batches: dict[BatchHandler, list[int]] = {}
    for n, request in enumerate(requests):
        single, batch = BATCH_HANDLERS.get(request.kind, (None, None))
        if batch is not None and HANDLERS.get(request.kind) is single:
            batches.setdefault(batch, []).append(n)
        else:
            results[n] = dispatch(request)
    for batch, positions in batches.items():
        out = batch([requests[n] for n in positions])
        if len(out) != len(positions):
            raise AssertionError(f"{batch.__qualname__} returned {len(out)} results "
                                 f"for {len(positions)} requests")
        for n, result in zip(positions, out, strict=True):
            results[n] = result
    return results


# The result of a 复查: an inspection that re-checked what an earlier disposition ordered
# tells the app owning that disposition's follow-up record (a ledger entry) how it went.
@dataclass
class ReviewReport:
    actor: Any                      # accounts.User who completed the 复查 record
    object_type: str                # the follow-up record, as FollowupResult gave it
    object_id: int
    passed: bool                    # nothing still wrong was found
    opinion: str
    reviewed_on: date
    officer_ids: list[int]
    document_number: str = ""       # the 整改复查意见书 the inspection issued


ReviewHandler = Callable[[ReviewReport], str]
REVIEW_HANDLERS: dict[str, ReviewHandler] = {}


def register_review(object_type: str, handler: ReviewHandler) -> None:
    REVIEW_HANDLERS[object_type] = handler


def report_review(report: ReviewReport) -> str:
    """Pass a 复查's result to the record's app, in the caller's transaction; returns what
    became of the record, in words for the page ("" if no app handles it)."""
    handler = REVIEW_HANDLERS.get(report.object_type)
    return handler(report) if handler else ""
