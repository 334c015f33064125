"""Chinese names of this app's API fields, for error messages."""

from anzhi.core.labels import add_labels
from anzhi.law import crimes, datafiles

add_labels({
    "q": "关键词",
    "entry_id": "条目编号",
    "violation": "违法行为",
    "party": "处罚对象",
    "overdue": "逾期未改正",
    "accident": "导致事故",
    "circumstances": "裁量情节",
    "locality": "裁量基准地区",
    "period": "期限",
    "start": "起算日期",
    "deaths": "死亡人数",
    "serious_injuries": "重伤人数",
    "direct_loss_yuan": "直接经济损失（元）",
    "year": "年份",
    "holidays": "休息日",
    "workdays": "调休上班日",
    "source": "依据文号",
}, prefixes=("/api/v1/law",))
add_labels({
    flag: datafiles.load("crimes.toml")["elements"].get(flag, flag) for flag in crimes.FLAGS
}, prefixes=("/api/v1/law", "/api/v1/cases"))
