"""Photos (or PDF material) added to a hazard already in the ledger: the phone registers the
hazard first (``POST /api/v1/hazards``) and uploads its photos one request at a time, so a
dropped connection costs one photo, not the record.

Who may add: those who take the enterprise's steps on the hazard (``scoping.portal_q``):
officers of its jurisdiction and the enterprise's own users. A hazard they cannot see is
404 like a missing one; one they see but may not act on is 403. The files are checked by
``uploads.check_files`` like every other hazard evidence (image or PDF, size limit).

A photo sent on its own may carry the phone's ``client_id``: resent with the same id (the
answer was lost), the stored file is returned instead of a second copy — as
``inspections.services.photo_add`` does. The hazard row is locked first, so concurrent
resends wait for each other on PostgreSQL; SQLite has no row locks, so two resends may both
find nothing stored: the unique constraint on (hazard, client_id) then refuses the second
insert and ``core.files.insert_once`` answers it with the first one's file.
"""

from collections.abc import Iterable

from django.db import transaction
from django.http import Http404

from anzhi.accounts.models import User
from anzhi.core import audit
from anzhi.core.errors import NotAllowed, TransitionRefused, ValidationFailed
from anzhi.core.files import insert_once, stored_as

from .choices import FileKind
from .models import Hazard, HazardFile
from .scoping import hazard_q, portal_q
from .uploads import check_files

MAX_FILES = 10  # per request; a phone sends them one or a few at a time
CLIENT_ID_MAX = 40
KINDS = (FileKind.FINDING, FileKind.OTHER)  # 整改前/后照片 come with the rectification


def _stored(hazard: Hazard, client_id: str) -> HazardFile | None:
    return HazardFile.objects.filter(hazard=hazard, client_id=client_id).first()


@transaction.atomic
def hazard_add_photos(*, actor: User, hazard: Hazard | int, files: Iterable,
                      kind: str = FileKind.FINDING, client_id: str = "") -> list[HazardFile]:
    """Attach ``files`` (隐患照片 or 其他材料) to an open hazard. With ``client_id`` (one file
    only), a resend returns the file stored the first time."""
    pk = hazard.pk if isinstance(hazard, Hazard) else hazard
    visible = hazard_q(actor, "view")
    qs = Hazard.objects.select_for_update().filter(pk=pk)
    hazard = (qs if visible is None else qs.filter(visible)).first()
    if hazard is None:
        raise Http404("未找到该隐患")
    scope = portal_q(actor)
    if scope is not None and not Hazard.objects.filter(scope, pk=pk).exists():
        raise NotAllowed("无权为该隐患补充照片")
    client_id = (client_id or "").strip()
    if len(client_id) > CLIENT_ID_MAX:
        raise ValidationFailed({"client_id": f"照片编号：不能超过 {CLIENT_ID_MAX} 个字符"})
    if client_id:
        # Before the state check: a resend after the hazard was closed still gets its file.
        existing = _stored(hazard, client_id)
        if existing is not None:
            return [existing]
    if not hazard.is_open:
        raise TransitionRefused(
            f"隐患状态为“{hazard.get_status_display()}”，不能再补充照片或材料")
    files = list(files or ())
    if kind not in KINDS:
        raise ValidationFailed({"kind": "类别：应为隐患照片（finding）或其他材料（other）"})
    if not files:
        raise ValidationFailed({"photos": "隐患照片：请至少上传一个图片或 PDF 文件"})
    if len(files) > MAX_FILES:
        raise ValidationFailed({"photos": f"隐患照片：一次最多上传 {MAX_FILES} 个文件"})
    if client_id and len(files) > 1:
        raise ValidationFailed({"client_id": "照片编号：带编号上传时一次只能上传一个文件"})
    checked = check_files("photos", files)
    rows = [HazardFile(
        hazard=hazard, kind=kind, file=stored_as(f, content_type),
        name=str(getattr(f, "name", ""))[:200], content_type=content_type, size=f.size,
        client_id=client_id, uploaded_by=actor) for f, content_type in checked]
    if client_id:  # one file only, checked above
        first, created = insert_once(rows[0], HazardFile.objects.filter(hazard=hazard,
                                                                        client_id=client_id))
        if not created:
            return [first]
    else:
        for row in rows:
            row.save()
    audit.record(actor=actor, action="hazard.photos", obj=hazard,
                 changes={FileKind(kind).label: [None, [r.name for r in rows]]})
    return rows
