"""Chinese names of the cases API fields, for error messages."""

from anzhi.core.labels import add_labels

add_labels({
    "enterprise": "企业", "agency": "承办机关", "title": "案由", "procedure": "程序",
    "source_type": "案件来源", "source_id": "来源记录编号", "source_label": "来源说明",
    "facts": "违法事实", "officers": "承办人员", "violations": "违法行为", "parties": "当事人",
    "entry_id": "罚则条目", "circumstances": "裁量情节", "overdue": "逾期未改正",
    "accident": "关联事故", "crime_facts": "涉罪事实要素", "is_serious": "重大复杂案件",
    "action": "办案步骤", "reason": "理由", "on": "日期", "kind": "类型", "lines": "处罚内容",
    "amount": "金额", "level": "裁量档次", "deviation_reason": "裁量理由", "party": "当事人",
    "violation": "违法行为", "measures": "其他处理", "paid_on": "缴款日期",
    "receipt_number": "票据号", "counterpart": "对方机关", "response_due": "回复期限",
    "direction": "方向", "circumstance": "裁量情节", "proposal": "拟处罚内容",
    "minutes": "集体讨论记录", "court": "执行法院", "extension": "延长方式",
    "last_year_income": "当事人上一年年收入", "id_number": "证件号码", "person": "企业人员",
    "position": "职务", "collected_on": "取证日期", "content": "内容",
    "client_id": "客户端编号",
}, prefixes=("/api/v1/cases", "/api/v1/referrals"))
