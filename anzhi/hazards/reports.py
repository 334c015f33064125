"""Documents and exports: the 整改复查意见书, the 动态清零 workbook, the 每季度通报."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from anzhi.core.documents import Document, Field, Paragraph, Signature, Table, to_docx, to_pdf

from .models import Review


def _cert(user, on) -> str:
    cert = next((c for c in user.certificates.all() if c.is_valid_on(on)), None)
    return f"{user.display_name}（执法证号 {cert.number}）" if cert else user.display_name


def review_document(review: Review) -> Document:
    hazard = review.hazard
    enterprise = hazard.enterprise
    plan = hazard.current_plan()
    rect = hazard.rectifications.order_by("-submitted_at", "-id").first()
    officers = list(review.officers.prefetch_related("certificates"))
    conclusion = ("经复查，该隐患已整改完毕，符合要求，予以销号。" if review.passed else
                  "经复查，该隐患未整改到位，应继续整改。")
    body = [
        Paragraph(f"{enterprise.name}："),
        Paragraph(f"本机关于{hazard.found_on:%Y年%m月%d日}发现你单位存在"
                  f"{hazard.get_level_display()}：{hazard.description}"
                  f"（部位：{hazard.place or '—'}；判定依据：{hazard.criterion}），"
                  f"责令于{hazard.rectify_due:%Y年%m月%d日}前整改完毕。"
                  if hazard.rectify_due else
                  f"本机关于{hazard.found_on:%Y年%m月%d日}发现你单位存在"
                  f"{hazard.get_level_display()}：{hazard.description}。"),
    ]
    if plan:
        body.append(Paragraph(f"整改方案（五落实）：责任人{plan.responsible_person}；措施：{plan.measures}；"
                              f"资金{plan.funds}元；时限{plan.deadline:%Y年%m月%d日}；"
                              f"应急预案：{plan.emergency_plan or '—'}。"))
    if rect:
        body.append(Paragraph(f"你单位报告的整改情况：{rect.description}"
                              f"（投入资金{rect.money_spent}元）。"))
    body += [
        Paragraph(f"本机关于{review.reviewed_on:%Y年%m月%d日}"
                  f"{'到现场' if review.on_site else '通过审查整改材料'}进行了复查。"),
        Paragraph(f"复查意见：{review.opinion}"),
        Paragraph(conclusion),
    ]
    return Document(
        title="整改复查意见书", number=review.document_number, issuer=hazard.agency.name,
        fields=(Field("被复查单位", enterprise.name), Field("地址", enterprise.address or "—"),
                Field("统一社会信用代码", enterprise.uscc)),
        body=tuple(body),
        signatures=tuple(Signature("执法人员", _cert(o, review.reviewed_on),
                                   f"{review.reviewed_on:%Y-%m-%d}") for o in officers)
        + (Signature("被复查单位负责人"),),
        footer=f"{hazard.agency.name}（印章）　{review.reviewed_on:%Y年%m月%d日}",
    )


def review_docx(review: Review) -> bytes:
    return to_docx(review_document(review))


def review_pdf(review: Review) -> bytes:
    return to_pdf(review_document(review))


def clearance_xlsx(figures: dict) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    bold = Font(bold=True)
    ws.append(["动态清零统计", f"截至{figures['day']:%Y-%m-%d}"])
    ws["A1"].font = bold
    for label, key in (("在改重大事故隐患", "open_major"), ("其中逾期", "overdue_major"),
                       ("其中挂牌督办", "listed_major"), ("本月发现重大隐患", "found_major_month"),
                       ("本月发现一般隐患", "found_general_month"),
                       ("本月销号重大隐患", "closed_major_month"),
                       ("本月销号一般隐患", "closed_general_month"),
                       ("重大隐患累计", "major_total"), ("重大隐患已销号", "major_closed")):
        ws.append([label, figures[key]])
    ws.append(["重大隐患销号率（%）", figures["close_rate"] if figures["close_rate"] is not None
               else "—"])
    for title, rows, key in (("按乡镇", figures["by_region"], "name"),
                             ("按监管机构", figures["by_agency"], "agency__name"),
                             ("按行业领域", figures["by_sector"], "name"),
                             ("按隐患存续时间", figures["by_age"], "label")):
        ws.append([])
        ws.append([title, "在改重大隐患数"])
        ws.cell(ws.max_row, 1).font = bold
        for r in rows:
            ws.append([r[key], r["n"]])
    detail = wb.create_sheet("在改重大隐患")
    detail.append(["编号", "企业", "区划", "监管机构", "隐患描述", "发现日期", "整改期限",
                   "存续天数", "状态", "逾期", "挂牌督办"])
    for c in detail[1]:
        c.font = bold
    for h in figures["hazards"]:
        detail.append([h.pk, h.enterprise.name, h.region.name, str(h.agency), h.description,
                       h.found_on, h.rectify_due, h.age_days, h.get_status_display(),
                       "是" if h.overdue_now else "否", "是" if h.listed else "否"])
    for col, width in zip("ABCDEFGHIJK", (8, 30, 14, 16, 40, 12, 12, 9, 8, 6, 8), strict=True):
        detail.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def quarterly_document(fig: dict, scope_name: str, issuer: str) -> Document:
    t = fig["total"]
    title = f"{scope_name}{fig['year']}年第{fig['quarter']}季度事故隐患排查治理情况通报"
    body = [
        Paragraph("一、总体情况", heading=True),
        Paragraph(f"{fig['start']:%Y年%m月%d日}至{fig['end']:%Y年%m月%d日}，全辖区共排查发现事故隐患"
                  f"{t['found']}项，其中重大事故隐患{t['found_major']}项；整改销号{t['closed']}项；"
                  f"季末尚有{t['open_end']}项未销号，其中重大事故隐患{t['open_major_end']}项。"),
        Paragraph("二、各乡镇情况", heading=True),
        Table(headers=("乡镇", "发现隐患", "其中重大", "销号", "季末未销号", "其中重大"),
              rows=tuple((r["name"], str(r["found"]), str(r["found_major"]), str(r["closed"]),
                          str(r["open_end"]), str(r["open_major_end"])) for r in fig["table"])
              or (("—", "0", "0", "0", "0", "0"),)),
        Paragraph("三、逾期未整改的重大事故隐患", heading=True),
    ]
    if fig["overdue"]:
        body.append(Table(headers=("企业", "乡镇/村", "隐患", "整改期限"),
                          rows=tuple((h.enterprise.name, h.region.name, h.description[:60],
                                      f"{h.rectify_due:%Y-%m-%d}") for h in fig["overdue"])))
    else:
        body.append(Paragraph("无。"))
    body.append(Paragraph("四、挂牌督办的重大事故隐患", heading=True))
    if fig["listed"]:
        body.append(Table(headers=("企业", "乡镇/村", "隐患", "督办期限"),
                          rows=tuple((h.enterprise.name, h.region.name, h.description[:60],
                                      f"{h.rectify_due:%Y-%m-%d}" if h.rectify_due else "—")
                                     for h in fig["listed"])))
    else:
        body.append(Paragraph("无。"))
    body += [Paragraph("五、工作要求", heading=True),
             Paragraph("各乡镇、各部门要对逾期未整改和挂牌督办的重大事故隐患逐项跟踪，落实整改责任人、措施、"
                       "资金、时限和应急预案，确保重大事故隐患动态清零；对逾期未整改的，依法从重处理。")]
    return Document(title=title, issuer=issuer, body=tuple(body),
                    footer="本通报数据由安执平台根据隐患台账记录自动统计。")


def quarterly_docx(fig: dict, scope_name: str, issuer: str) -> bytes:
    return to_docx(quarterly_document(fig, scope_name, issuer))
