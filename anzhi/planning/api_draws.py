"""REST API of the planning app, 双随机 draws: create (snapshot the pool, publish its hash
and the seed commitment), witness entropy, execute, void, verify, the published document and
the paged selection. Thin handlers over ``services.py`` and ``selectors.py``.

Registered on the planning router by the import in ``api.py``; the operation ids are given
explicitly so they stay the ones derived from ``anzhi.planning.api``.
"""

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from ninja import Field, Query, Schema, Status

from anzhi.core.errors import TransitionRefused, ValidationFailed
from anzhi.core.types import DbInt

from . import selectors, services
from .api import router
from .choices import DrawStatus
from .models import RandomDraw

# A provincial 5% draw selects 50,000+ enterprises (tens of MB as JSON): the API pages the
# selection; the complete list stays in the published document that verify-draw checks.
SELECTED_FIRST_PAGE = 100
SELECTED_MAX_LIMIT = 1000


class DrawFilters(Schema):
    region: str | None = Field(None, description="区划代码")
    sector: str | None = Field(None, description="重点行业领域代码")
    risk_grade: str | None = Field(None, description="风险等级 A/B/C/D")
    agency: DbInt | None = Field(None, description="监管机构（主责或协管）")


class DrawIn(Schema):
    agency: DbInt = Field(description="组织抽取的执法机构；执法人员从本机构持证人员中抽取")
    title: str
    filters: DrawFilters = DrawFilters()
    ratio: str | None = Field(None, description="抽取比例，如 0.05；与 count 二选一")
    count: DbInt | None = Field(None, description="抽取数量；与 ratio 二选一")
    officers_per_enterprise: DbInt = 2
    draw_date: date | None = None
    plan: DbInt | None = None
    campaign: DbInt | None = None


class ExecuteIn(Schema):
    witness_entropy: list[str] = Field(default_factory=list,
                                       description="见证人（如纪委）提供的随机串，按顺序参与种子计算")


class WitnessIn(Schema):
    entropy: str


class VoidIn(Schema):
    reason: str


class SelectionRow(Schema):
    position: int
    enterprise: int
    enterprise_name: str
    uscc: str
    officers: list[int]
    officer_names: list[str]


class SelectedPage(Schema):
    draw: int
    total: int = Field(description="抽中企业总数")
    offset: int
    limit: int
    items: list[SelectionRow]
    next: str | None = Field(description="下一页地址；已是最后一页时为 null")


def _selected_url(draw: RandomDraw, offset: int, limit: int) -> str:
    base = reverse("api:draw_selected", kwargs={"draw_id": draw.pk})
    return f"{base}?{urlencode({'offset': offset, 'limit': limit})}"


def _next_url(draw: RandomDraw, offset: int, limit: int) -> str | None:
    return _selected_url(draw, offset + limit, limit) if offset + limit < draw.count else None


def draw_out(draw: RandomDraw, *, selected: bool = True) -> dict:
    # the first page size is read from api.py at call time (tests shrink it there)
    executed = draw.status == DrawStatus.EXECUTED
    out = {
        "id": draw.pk, "title": draw.title, "agency": draw.agency_id,
        "agency_name": str(draw.agency), "status": draw.status,
        "status_label": draw.get_status_display(), "filters": draw.filters,
        "ratio": str(draw.ratio) if draw.ratio is not None else None, "count": draw.count,
        "pool_size": draw.pool_size, "officer_pool_size": draw.officer_pool_size,
        "officers_per_enterprise": draw.officers_per_enterprise,
        "draw_date": draw.draw_date.isoformat(), "algorithm": draw.algorithm,
        "plan": draw.plan_id, "campaign": draw.campaign_id,
        "pool_hash": draw.pool_hash, "commitment": draw.commitment,
        "witness_entropy": [w["text"] for w in draw.witness_entropy],
        "seed": None, "secret_seed": None, "selected": None,
        # an executed draw selects exactly ``count`` enterprises
        "selected_total": draw.count if executed else None,
        "selected_url": _selected_url(draw, 0, SELECTED_FIRST_PAGE) if executed else None,
        "selected_next": None,
        "public_url": f"/public/draws/{draw.pk}/",
        "published_json_url": f"/public/draws/{draw.pk}.json",
    }
    if executed:
        out["seed"] = draw.seed
        out["secret_seed"] = draw.secret_seed
        out["executed_at"] = draw.executed_at.isoformat() if draw.executed_at else None
        if selected:
            out["selected"] = selectors.selection_rows(draw, limit=SELECTED_FIRST_PAGE)
            out["selected_next"] = _next_url(draw, 0, SELECTED_FIRST_PAGE)
    if draw.status == DrawStatus.VOID:
        out["void_reason"] = draw.void_reason
    return out


@router.get("/draws", summary="双随机抽取列表（本辖区）",
            operation_id="anzhi_planning_api_list_draws")
def list_draws(request):
    return [draw_out(d, selected=False) for d in selectors.draw_list(request.user)[:200]]


@router.post("/draws", response={201: dict},
             summary="创建双随机抽取：快照名录库，公示名录库哈希和种子承诺值",
             operation_id="anzhi_planning_api_create_draw")
def create_draw(request, payload: DrawIn):
    draw = services.draw_create(
        actor=request.user, agency=payload.agency, title=payload.title,
        filters=payload.filters.dict(exclude_none=True), ratio=payload.ratio,
        count=payload.count, officers_per_enterprise=payload.officers_per_enterprise,
        draw_date=payload.draw_date, plan=payload.plan, campaign=payload.campaign)
    return Status(201, draw_out(draw))


@router.get("/draws/{int:draw_id}", summary="双随机抽取详情",
            description=f"selected 只含抽取结果的前 {SELECTED_FIRST_PAGE} 户；"
            "selected_total 为抽中总数，其余见 selected_next"
            "（GET /api/v1/draws/{id}/selected 分页）。完整结果见公示文件 published_json_url。",
            operation_id="anzhi_planning_api_get_draw")
def get_draw(request, draw_id: DbInt):
    return draw_out(selectors.get_draw(request.user, draw_id))


class SelectedQuery(Schema):
    offset: DbInt = Field(0, description="跳过的条数（从 0 开始）")
    limit: DbInt = Field(SELECTED_FIRST_PAGE, description=f"每页条数，1–{SELECTED_MAX_LIMIT}")


@router.get("/draws/{int:draw_id}/selected", response=SelectedPage, url_name="draw_selected",
            summary="抽取结果（分页，按抽取顺序）",
            operation_id="anzhi_planning_api_draw_selected")
def draw_selected(request, draw_id: DbInt, query: Query[SelectedQuery]):
    if query.offset < 0:
        raise ValidationFailed({"offset": "起始位置：应为不小于 0 的整数"})
    if not 1 <= query.limit <= SELECTED_MAX_LIMIT:
        raise ValidationFailed({"limit": f"每页条数：应为 1 到 {SELECTED_MAX_LIMIT} 之间的整数"})
    draw = selectors.get_draw(request.user, draw_id)
    if draw.status != DrawStatus.EXECUTED:
        raise TransitionRefused("抽取尚未执行（或已作废），没有抽取结果")
    return {"draw": draw.pk, "total": draw.count, "offset": query.offset, "limit": query.limit,
            "items": selectors.selection_rows(draw, offset=query.offset, limit=query.limit),
            "next": _next_url(draw, query.offset, query.limit)}


@router.post("/draws/{int:draw_id}/witness", summary="见证人添加随机串（抽取前）",
             operation_id="anzhi_planning_api_add_witness")
def add_witness(request, draw_id: DbInt, payload: WitnessIn):
    draw = selectors.get_draw(request.user, draw_id)
    return draw_out(services.draw_add_witness(actor=request.user, draw=draw,
                                              entropy=payload.entropy))


@router.post("/draws/{int:draw_id}/execute",
             summary="执行抽取：公开种子并按公开算法得出结果（重复执行返回同一结果）",
             operation_id="anzhi_planning_api_execute_draw")
def execute_draw(request, draw_id: DbInt, payload: ExecuteIn | None = None):
    draw = selectors.get_draw(request.user, draw_id)
    draw = services.draw_execute(actor=request.user, draw=draw,
                                 witness_entropy=payload.witness_entropy if payload else None)
    return draw_out(draw)


@router.post("/draws/{int:draw_id}/void", summary="作废尚未执行的抽取",
             operation_id="anzhi_planning_api_void_draw")
def void_draw(request, draw_id: DbInt, payload: VoidIn):
    draw = selectors.get_draw(request.user, draw_id)
    return draw_out(services.draw_void(actor=request.user, draw=draw, reason=payload.reason))


@router.get("/draws/{int:draw_id}/verify", summary="核验抽取（按公开算法重新计算）",
            operation_id="anzhi_planning_api_verify_draw")
def verify_draw(request, draw_id: DbInt):
    return selectors.verify_draw(selectors.get_draw(request.user, draw_id))


@router.get("/draws/{int:draw_id}/published", summary="抽取公示文件（JSON，可离线核验）",
            operation_id="anzhi_planning_api_published")
def published(request, draw_id: DbInt):
    return selectors.published_document(selectors.get_draw(request.user, draw_id))
