"""The columns an enterprise spreadsheet may have, under the names townships give them.

Each column maps to a *key*: a field of the service ``data`` dict (``name``, ``uscc`` …),
a person's attribute (``principal.id_number``), a licence attribute (``licence.number``),
or ``ignore`` for columns that are recognised (so they help find the header row) but not
imported (序号, 经营状态 — a status changes only by an order, never by a spreadsheet).
"""

import re
import unicodedata

from ..choices import FLAGS, PersonRole

IGNORE = "ignore"

# Canonical headers, in the order of the template and the export (key, header, note).
CANONICAL: list[tuple[str, str, str]] = [
    ("name", "单位名称", "必填"),
    ("uscc", "统一社会信用代码", "必填，18位（GB 32100），大小写、全角均可"),
    ("region", "所在区划", "必填：辖区内的村、乡镇名称，或区划代码（9位乡镇、12位村）"),
    ("address", "地址", ""),
    ("industry", "国民经济行业",
     "GB/T 4754-2017 门类字母、两位大类代码或名称，如 C、15、酒、饮料和精制茶制造业"),
    ("sectors", "重点行业领域", "名称，多个用“、”分隔"),
    ("employee_count", "从业人数", "整数"),
    ("above_scale", "规模以上", "是/否"),
    ("risk_grade", "风险等级", "A/B/C/D，或 重大/较大/一般/低风险"),
    *[(flag, label, "是/否") for flag, label in FLAGS.items()],
    ("major_hazard_level", "重大危险源等级", "一级/二级/三级/四级"),
    ("lead_agency", "主责监管机构", "新建档时必填：机构名称或简称"),
    ("assisting_agencies", "协管机构", "机构名称，多个用“、”分隔"),
    ("legal_rep.name", "法定代表人", ""),
    ("legal_rep.id_number", "法定代表人身份证号", "18位（GB 11643）"),
    ("legal_rep.phone", "法定代表人电话", "手机或固定电话"),
    ("principal.name", "主要负责人", ""),
    ("principal.id_number", "主要负责人身份证号", ""),
    ("principal.phone", "主要负责人电话", ""),
    ("safety_manager.name", "安全管理人员", "多人用“、”分隔，身份证号、电话按同样顺序"),
    ("safety_manager.id_number", "安全管理人员身份证号", ""),
    ("safety_manager.phone", "安全管理人员电话", ""),
    ("licence.kind", "证照种类", "多个证照用“；”分隔，编号、发证机关、有效期按同样顺序"),
    ("licence.number", "证照编号", ""),
    ("licence.issued_by", "发证机关", ""),
    ("licence.valid_until", "有效期至", "日期，如 2026-01-17、2026年1月17日"),
    ("latitude", "纬度", ""),
    ("longitude", "经度", ""),
]
HEADER_OF: dict[str, str] = {key: header for key, header, _ in CANONICAL}

_PEOPLE_PREFIXES: dict[str, list[str]] = {
    PersonRole.LEGAL_REPRESENTATIVE: ["法定代表人", "法人代表", "法定代表", "法人"],
    PersonRole.PRINCIPAL: ["主要负责人", "负责人", "企业负责人", "单位负责人"],
    PersonRole.SAFETY_MANAGER: ["安全管理人员", "安全管理员", "安全员", "安全负责人",
                                "专职安全管理人员", "安全生产管理人员"],
}
_PERSON_ATTRS: dict[str, list[str]] = {
    "name": ["", "姓名", "名字"],
    "id_number": ["身份证号", "身份证", "身份证号码", "公民身份号码", "证件号码", "身份证件号码"],
    "phone": ["电话", "联系电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"],
}

ALIASES: dict[str, list[str]] = {
    IGNORE: ["序号", "编号", "经营状态", "状态", "备注", "区划名称", "行业名称", "建档时间",
             "更新时间", "说明"],
    "name": ["单位名称", "企业名称", "名称", "单位全称", "企业全称", "企业(单位)名称",
             "单位(企业)名称", "生产经营单位名称", "生产经营单位", "企业名", "市场主体名称",
             "单位"],
    "uscc": ["统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码", "统一代码",
             "社会统一信用代码", "统一社会信用代码证", "uscc"],
    "region": ["所在区划", "所在村", "村(社区)", "村(居)", "所在村(社区)", "所属村",
               "所属村(社区)", "行政村", "村居", "社区", "区划代码", "所属区划", "行政区划",
               "行政区划代码", "所在区划代码", "区划", "村名", "所在村居", "村(居)委会"],
    "town": ["所在乡镇", "乡镇", "乡镇(街道)", "所属乡镇", "乡(镇)", "镇(乡)", "乡镇街道",
             "所在乡镇(街道)"],
    "address": ["地址", "详细地址", "经营地址", "生产经营地址", "生产经营场所地址", "注册地址",
                "单位地址", "企业地址", "住所", "经营场所", "地点"],
    "latitude": ["纬度"],
    "longitude": ["经度"],
    "industry": ["国民经济行业", "行业", "行业代码", "所属行业", "行业类别", "国民经济行业分类",
                 "行业分类", "国民经济行业代码", "国民经济行业类别"],
    "sectors": ["重点行业领域", "行业领域", "重点行业", "监管领域", "所属领域", "领域",
                "重点行业(领域)", "行业领域(重点行业)"],
    "employee_count": ["从业人数", "职工人数", "从业人员", "员工人数", "从业人员数",
                       "从业人员数量", "职工数", "人数", "从业人员(人)", "从业人数(人)"],
    "above_scale": ["规模以上", "规上", "是否规上", "规上企业", "是否规模以上", "规模以上企业",
                    "是否规上企业"],
    "risk_grade": ["风险等级", "分级", "风险分级", "分类分级", "安全风险等级", "分级结果",
                   "风险等级(分类分级)", "等级", "风险级别", "监管等级"],
    "major_hazard_level": ["重大危险源等级", "危险源等级", "重大危险源级别"],
    "lead_agency": ["主责监管机构", "主责部门", "监管部门", "主管部门", "监管单位", "主责单位",
                    "行业主管部门", "主责监管部门", "监管机构", "主责机构", "行业监管部门",
                    "主监管部门", "主责监管单位"],
    "assisting_agencies": ["协管机构", "协管部门", "配合部门", "协同监管部门", "协管单位",
                           "协助监管部门", "协管监管部门"],
    "licence.kind": ["证照种类", "证照", "证照名称", "许可证", "许可证名称", "许可证种类",
                     "证照类型", "许可证类别", "证照类别"],
    "licence.number": ["证照编号", "许可证号", "许可证编号", "证照号码", "证号", "证书编号",
                       "许可证号码", "证照号"],
    "licence.issued_by": ["发证机关", "发证单位", "证照发证机关", "许可证发证机关"],
    "licence.valid_until": ["有效期至", "有效期", "证照有效期", "证照有效期至", "许可证有效期",
                            "许可证有效期至", "有效期限", "到期日期", "有效截止日期", "证照到期日"],
}
_FLAG_EXTRA: dict[str, list[str]] = {
    "crowded_place": ["人员密集型场所"],
    "has_major_hazard_source": ["涉及重大危险源", "有无重大危险源", "重大危险源(是/否)"],
    "confined_space": ["有限空间作业", "涉及有限空间"],
    "dust_explosion": ["涉爆粉尘", "粉尘爆炸"],
    "ammonia_refrigeration": ["液氨制冷", "涉氨"],
    "hazchem_production": ["危险化学品生产"],
    "hazchem_storage": ["危险化学品储存"],
    "hazchem_trade": ["危险化学品经营"],
    "hazchem_use": ["危险化学品使用"],
}
for _flag, _label in FLAGS.items():
    ALIASES[_flag] = [_label, *_FLAG_EXTRA.get(_flag, [])]
for _role, _prefixes in _PEOPLE_PREFIXES.items():
    for _attr, _suffixes in _PERSON_ATTRS.items():
        ALIASES[f"{_role}.{_attr}"] = [p + s for p in _prefixes for s in _suffixes]
# A bare "身份证号" or "联系电话" belongs to the principal, whom inspectors call.
ALIASES["principal.id_number"] += _PERSON_ATTRS["id_number"]
ALIASES["principal.phone"] += _PERSON_ATTRS["phone"]

_STRIP = re.compile(r"[\s*＊★※:：]+")
_PARENS = re.compile(r"\([^)]*\)")


def norm_header(text: object) -> str:
    """Header text reduced to what identifies it: half-width, no spaces, no 必填 stars."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    s = s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    return _STRIP.sub("", s).lower()


_LOOKUP: dict[str, str] = {}
for _key, _names in ALIASES.items():
    for _name in _names:
        _LOOKUP.setdefault(norm_header(_name), _key)


def key_for(text: object) -> str | None:
    """The key a header names, or None. Tries the text, then without parenthesised notes
    ("单位名称（盖章）"), then without "是否"/"企业" decorations ("是否劳动密集型企业")."""
    h = norm_header(text)
    if not h:
        return None
    if h in _LOOKUP:
        return _LOOKUP[h]
    bare = _PARENS.sub("", h)
    if bare in _LOOKUP:
        return _LOOKUP[bare]
    for candidate in (bare.removeprefix("是否"), bare.removesuffix("企业"),
                      bare.removesuffix("单位"), bare.removeprefix("是否").removesuffix("企业")):
        if candidate and candidate in _LOOKUP:
            return _LOOKUP[candidate]
    return None


def display(text: object) -> str:
    """Header text as the user typed it, with line breaks and runs of spaces removed."""
    return "".join(str(text).split()) if text is not None else ""
