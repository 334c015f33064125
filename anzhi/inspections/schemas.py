from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from anzhi.core.types import DbInt


class PersonIn(Schema):
    name: str
    organisation: str = ""
    user: DbInt | None = None


class AnswerIn(Schema):
    item: DbInt
    result: str
    note: str = ""


class DispositionIn(Schema):
    kind: str
    deadline: date | None = None
    note: str = ""


class FindingIn(Schema):
    description: str = ""
    item: DbInt | None = None
    section: str = ""
    legal_basis: str = ""
    standard_basis: str = ""
    statute_entry: str = ""
    is_major: bool = False
    raised_by: DbInt | None = None
    raised_by_name: str = ""
    client_id: str = ""
    dispositions: list[DispositionIn] = Field(default_factory=list, max_length=8)


class InspectionIn(Schema):
    enterprise: DbInt
    agencies: list[DbInt] = Field(default_factory=list, max_length=10)
    mode: str
    officers: list[DbInt] = Field(default_factory=list, max_length=20)
    experts: list[PersonIn] = Field(default_factory=list, max_length=20)
    auxiliaries: list[PersonIn] = Field(default_factory=list, max_length=20)
    started_at: datetime | None = None
    ended_at: datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    place: str = ""
    summary: str = ""
    campaign: DbInt | None = None
    draw_id: DbInt | None = None
    plan_id: DbInt | None = None
    checklist: str = ""
    checklist_version: DbInt | None = None
    answers: list[AnswerIn] = Field(default_factory=list, max_length=500)
    findings: list[FindingIn] = Field(default_factory=list, max_length=200)
    corrects: DbInt | None = None
    correction_reason: str = ""
    review_of: DbInt | None = None


class SignatureIn(Schema):
    kind: str = "officer"
    signer: DbInt | None = None
    password: str = ""
    name: str = ""
    statement: str = ""
    drawing: str = ""
    witness: str = ""


class SignatureOut(Schema):
    seq: int
    kind: str
    kind_label: str
    name: str
    witness: str
    signed_at: datetime
    hash: str


class AgencyRef(Schema):
    id: DbInt
    name: str


class OfficerOut(Schema):
    user: int | None
    name: str
    certificate_number: str


class PersonOut(Schema):
    name: str
    organisation: str


class AnswerOut(Schema):
    item: int
    seq: int | None
    result: str
    result_label: str
    note: str


class FollowupOut(Schema):
    type: str
    id: int | None
    label: str
    url: str


class DispositionOut(Schema):
    id: int | None
    kind: str
    kind_label: str
    deadline: date | None
    note: str
    order_number: str
    followup: FollowupOut | None


class FindingOut(Schema):
    id: int | None
    seq: int
    item: int | None
    section: str
    description: str
    legal_basis: str
    standard_basis: str
    statute_entry: str
    is_major: bool
    raised_by: int | None
    raised_by_name: str
    dispositions: list[DispositionOut]


class ReInspectionOut(Schema):
    id: int | None
    due_on: date
    status: str
    disposition: int | None


class InspectionPhotoOut(Schema):
    id: int
    item: int | None = Field(description="所属检查项")
    finding: int | None = Field(description="所属问题")
    content_type: str = Field(description="上传时按文件内容判断的类型（image/jpeg 或 "
                              "image/png）；记录此项之前文件已丢失的旧照片为空字符串")
    size: int | None = Field(description="字节数；记录此项之前文件已丢失的旧照片为 null")
    taken_at: datetime | None = Field(description="拍摄时间（手机提供时）")
    uploaded_at: datetime
    url: str = Field(description="页面下载地址（登录会话）")
    api_url: str = Field(description="凭令牌下载的地址")


class InspectionListItem(Schema):
    id: int
    number: str
    status: str
    status_label: str
    enterprise: int
    enterprise_name: str
    agency: int
    agency_name: str
    mode: str
    mode_label: str
    started_at: datetime
    ended_at: datetime | None
    campaign: int | None


class InspectionOut(InspectionListItem):
    enterprise_uscc: str
    agencies: list[AgencyRef]
    latitude: Decimal | None
    longitude: Decimal | None
    place: str
    summary: str
    draw_id: int | None
    plan_id: int | None
    checklist_version: int | None
    corrects: int | None
    correction_reason: str
    review_of: int | None
    officers: list[OfficerOut]
    experts: list[PersonOut]
    auxiliaries: list[PersonOut]
    answers: list[AnswerOut]
    findings: list[FindingOut]
    reinspections: list[ReInspectionOut]
    signatures: list[SignatureOut]
    documents: list[str]
    photos: list[InspectionPhotoOut]


class InspectionPage(Schema):
    total: int
    page: int
    page_size: int
    items: list[InspectionListItem]


class ChecklistItemOut(Schema):
    id: int
    seq: int
    section: str
    content: str
    legal_basis: str
    standard_basis: str
    is_major: bool
    statute_entry: str


class ChecklistOut(Schema):
    id: int
    code: str
    title: str
    sector_code: str
    description: str
    is_builtin: bool
    version: int
    version_id: int
    items: list[ChecklistItemOut]
