from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import BaseModel

from anzhi.core.labels import add_labels
from anzhi.core.types import DbInt

from .validation import LABELS

add_labels({**LABELS, "role": "人员身份", "id_number": "身份证号", "phone": "电话",
            "kind": "证照种类", "number": "证照编号"}, prefixes=("/api/v1/enterprises",))


class PersonIn(Schema):
    role: str = Field(description="legal_rep / principal / safety_manager")
    name: str
    id_number: str = ""
    phone: str = ""


class EnterpriseIn(Schema):
    """Fields of an enterprise. On PATCH only the fields sent are changed."""

    name: str | None = None
    uscc: str | None = None
    address: str | None = None
    region: str | None = Field(None, description="区划代码（县级及以下）")
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    industry: str | None = Field(None, description="GB/T 4754-2017 门类或大类代码")
    sectors: list[str] | None = None
    employee_count: DbInt | None = None
    above_scale: bool | None = None
    labour_intensive: bool | None = None
    crowded_place: bool | None = None
    has_major_hazard_source: bool | None = None
    major_hazard_level: str | None = None
    passenger_hazmat_transport: bool | None = None
    ammonia_refrigeration: bool | None = None
    dust_explosion: bool | None = None
    confined_space: bool | None = None
    hazchem_production: bool | None = None
    hazchem_storage: bool | None = None
    hazchem_trade: bool | None = None
    hazchem_use: bool | None = None
    risk_grade: str | None = None
    lead_agency: DbInt | None = None
    assisting_agencies: list[DbInt] | None = None
    people: list[PersonIn] | None = None


class PersonOut(Schema):
    role: str
    role_label: str
    name: str
    id_number: str
    phone: str


class LicenceOut(Schema):
    kind: str
    number: str
    issued_by: str
    valid_until: date | None


class SupervisionOut(Schema):
    agency_id: int
    agency: str
    is_lead: bool


class EnterpriseListItem(BaseModel):
    """Output schemas are plain pydantic models: they validate the dicts the API builds.
    ``ninja.Schema`` reads ORM objects through a getter per attribute, which cost the list
    answer (20 items) about half a millisecond."""

    id: int
    name: str
    uscc: str
    region: str
    region_name: str
    address: str
    risk_grade: str
    status: str
    status_label: str
    employee_count: int
    lead_agency: str | None


class EnterpriseOut(EnterpriseListItem):
    latitude: Decimal | None
    longitude: Decimal | None
    industry: str | None
    industry_name: str | None
    sectors: list[str]
    above_scale: bool
    flags: dict[str, bool]
    major_hazard_level: str
    lead_agency_id: int | None
    supervisions: list[SupervisionOut]
    people: list[PersonOut]
    licences: list[LicenceOut]


class EnterprisePage(BaseModel):
    total: int = Field(description="符合条件的企业数；超过上限时为上限本身（见 total_is_exact）")
    total_is_exact: bool = Field(
        description="total 是否为精确数；为 false 时实际数量多于 total，请缩小筛选范围")
    page: int
    page_size: int
    has_next: bool = Field(description="是否还有下一页（total 不精确时以此为准）")
    items: list[EnterpriseListItem]
