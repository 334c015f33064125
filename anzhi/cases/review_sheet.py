"""The 案卷评查 scoring sheet: items, points and the defect each deduction records.

An administrative checklist of the reviewing office (not a statutory rule), modelled on the
common provincial 行政执法案卷评查标准; 100 points in all.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    points: int
    defect: str


SHEET: tuple[Item, ...] = (
    Item("filing", "立案审批", 10, "立案审批手续不全或立案不及时"),
    Item("officers", "执法主体与人员", 10, "执法人员不足两人或无有效执法证"),
    Item("facts", "事实认定", 20, "违法事实不清、证据不足"),
    Item("evidence", "证据收集", 15, "证据种类单一或取证程序不规范"),
    Item("basis", "法律适用", 15, "适用法律依据错误或不完整"),
    Item("discretion", "裁量适当", 10, "裁量理由不充分或畸轻畸重"),
    Item("procedure", "程序合法", 10, "告知、听证、送达等程序有缺失"),
    Item("documents", "文书制作", 5, "文书要素不全或文号、签名缺失"),
    Item("filing_order", "立卷归档", 5, "卷内文书排列无序或目录缺失"),
)
