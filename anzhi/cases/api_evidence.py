"""Evidence taken through the API (multipart upload). Registered on the cases router by the
import at the end of ``api.py``; the service is ``services.case_add_evidence``, the same the
page calls, so the upload rules (``evidence.check``: type and size) are the page's."""

from ninja import File, Form, Status
from ninja.files import UploadedFile

from anzhi.core.types import DbInt

from . import privacy, selectors, services
from .api import cases_router, evidence_out
from .choices import EvidenceKind
from .evidence import MAX_BYTES

KINDS = "、".join(f"{value}（{label}）" for value, label in EvidenceKind.choices)


# Every field is optional here so that the service names what is missing in Chinese
# (证据名称, not the case's 案由 that ``title`` means elsewhere under /api/v1/cases).
@cases_router.post("/{int:case_id}/evidence", response={201: dict},
                   summary="登记证据（multipart：kind, title, collected_on, content, file, "
                           "client_id）",
                   description=f"kind 为证据种类：{KINDS}。title 为证据名称（必填）；collected_on "
                   "为取证日期（YYYY-MM-DD，默认今天，不能晚于今天）；content 为内容（笔录正文，或"
                   "录音录像的存放位置）；violation 为对应的违法行为编号（可选）。file 可选，为一个"
                   f"图片（JPG、PNG、GIF、WEBP）或 PDF 文件，不超过 {MAX_BYTES // 2**20} MB，"
                   "类型按文件内容判断。调查取证、审理中和简易程序的案件可以登记，仅限承办人员。"
                   "client_id 可选，为客户端为该条证据生成的编号（不超过 40 个字符，同一案件"
                   "内唯一）：应答丢失后用同一编号重发，返回首次登记的证据条目（同样为 201），"
                   "不会重复登记；以首次登记的内容为准，重发的内容即使不同也不覆盖。"
                   "返回与案件详情中相同的证据条目。")
def add_evidence(request, case_id: DbInt, kind: Form[str] = "", title: Form[str] = "",
                 collected_on: Form[str] = "", content: Form[str] = "",
                 violation: Form[DbInt | None] = None, file: File[UploadedFile] = None,
                 client_id: Form[str] = ""):
    case = selectors.get_case(request.user, case_id)
    ev = services.case_add_evidence(actor=request.user, case=case, kind=kind, title=title,
                                    content=content, collected_on=collected_on or None,
                                    violation=violation, file=file, client_id=client_id)
    files = privacy.evidence_access(request.user, ev.case) == privacy.FILES
    return Status(201, evidence_out(ev, files))
