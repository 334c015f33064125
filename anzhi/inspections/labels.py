"""Chinese names of the inspections API fields, for error messages."""

from anzhi.core.labels import FIELD_LABELS

LABELS = {
    "enterprise": "被检查单位",
    "agencies": "执法机构",
    "mode": "检查方式",
    "officers": "执法人员",
    "experts": "专家",
    "auxiliaries": "辅助人员",
    "started_at": "检查开始时间",
    "ended_at": "检查结束时间",
    "latitude": "纬度",
    "longitude": "经度",
    "place": "检查地点",
    "campaign": "专项行动",
    "draw_id": "双随机抽取编号",
    "plan_id": "执法计划编号",
    "checklist": "检查表",
    "checklist_version": "检查表版本",
    "answers": "检查项结果",
    "item": "检查项",
    "result": "检查结果",
    "note": "情况记录",
    "findings": "检查发现的问题",
    "description": "问题描述",
    "legal_basis": "法律依据",
    "standard_basis": "标准依据",
    "statute_entry": "对应违法行为",
    "is_major": "重大事故隐患",
    "raised_by": "问题提出人员",
    "raised_by_name": "问题提出人员",
    "dispositions": "执法处置",
    "kind": "类型",
    "deadline": "整改期限",
    "corrects": "更正的记录",
    "correction_reason": "更正理由",
    "review_of": "复查事项",
    "signer": "签名人",
    "witness": "见证人",
    "statement": "签收意见",
    "drawing": "手写签名",
    "name": "姓名",
    "organisation": "单位/专业",
    "summary": "检查情况",
    "date_from": "起始日期",
    "date_to": "截止日期",
}

# setdefault: generic names (name, note …) keep the label another app gave them first.
for _key, _label in LABELS.items():
    FIELD_LABELS.setdefault(_key, _label)
