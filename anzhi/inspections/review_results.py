"""A 复查's result, passed on when its record is complete (every signature in): the review of
the ledger entry its deadline registered (``core.followups.report_review``)."""

from django.utils import timezone

from anzhi.accounts.models import User
from anzhi.core import followups, numbering

from .models import Inspection, ReInspection
from .selectors import Bundle
from .services import DOC_REVIEW


def report(actor: User, inspection: Inspection, bundle: Bundle) -> str:
    """What became of the scheduled 复查's follow-up record; kept on the ReInspection.

    Like the 整改复查意见书 the record prints: no finding in the 复查 means the ordered
    rectification is complete; any finding means it is not, and is named in the opinion."""
    if not inspection.review_of_id:
        return ""
    scheduled = ReInspection.objects.select_related("disposition").get(
        pk=inspection.review_of_id)
    disposition = scheduled.disposition
    if not disposition.followup_type or disposition.followup_id is None:
        return ""
    still = [f.description for f in bundle.findings]
    opinion = ("经复查，上述问题已整改完毕，符合要求。" if not still
               else "经复查，下列问题仍未整改到位：" + "；".join(still))
    document = numbering.find(DOC_REVIEW[0], inspection)
    result = followups.report_review(followups.ReviewReport(
        actor=actor, object_type=disposition.followup_type,
        object_id=disposition.followup_id, passed=not still, opinion=opinion,
        reviewed_on=timezone.localtime(inspection.started_at).date(),
        officer_ids=[m.user_id for m in bundle.officers],
        document_number=document.number if document else ""))
    if result:
        scheduled.result = result[:200]
        scheduled.save(update_fields=["result"])
    return result
