"""Chinese labels of API and form fields, for error messages that name the field.

The same field name means different things in different apps (``agency`` is the 监管机构 of
a hazard and the 承办机关 of a case), so an app registers its labels for its own API paths
with ``add_labels(labels, prefixes=...)``; ``FIELD_LABELS`` holds the generic ones and is the
fallback elsewhere.
"""

from collections.abc import Iterable, Mapping

FIELD_LABELS: dict[str, str] = {
    "username": "用户名",
    "password": "密码",
    "file": "文件",
    "dry_run": "仅预检",
    "page": "页码",
    "page_size": "每页条数",
    "parent": "上级区划",
}

PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "必填",
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为是/否（true/false）",
    "bool_type": "应为是/否（true/false）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "too_long": "条目过多",
    "greater_than_equal": "过小",
    "greater_than": "过小",
    "less_than_equal": "过大",
    "less_than": "过大",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "json_invalid": "JSON 格式不正确",
    "uuid_parsing": "编号格式不正确",
    "extra_forbidden": "不是可接受的字段",
}

IGNORED_LOC = {"body", "query", "path", "form", "file", "payload", "filters", "data"}


# API path prefix (e.g. "/api/v1/hazards") → the labels of the app serving it
SCOPED_LABELS: dict[str, dict[str, str]] = {}


def add_labels(labels: Mapping[str, str], *, prefixes: Iterable[str]) -> None:
    """Labels of one app: used first for requests under ``prefixes``; a field no app has
    labelled generically yet also gets this label as its fallback."""
    for prefix in prefixes:
        SCOPED_LABELS.setdefault(prefix.rstrip("/"), {}).update(labels)
    for field, text in labels.items():
        FIELD_LABELS.setdefault(field, text)


def label(field: str, path: str = "") -> str:
    for prefix in sorted(SCOPED_LABELS, key=len, reverse=True):
        if (path == prefix or path.startswith(prefix + "/")) and field in SCOPED_LABELS[prefix]:
            return SCOPED_LABELS[prefix][field]
    return FIELD_LABELS.get(field, field)


def pydantic_errors_to_fields(errors: list[dict], path: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for err in errors:
        parts = [str(p) for p in err.get("loc", ()) if str(p) not in IGNORED_LOC]
        field = ".".join(parts) or "body"
        leaf = next((p for p in reversed(parts) if not p.isdecimal()), field)
        message = PYDANTIC_MESSAGES.get(err.get("type", ""), "格式不正确")
        ctx = err.get("ctx") or {}
        for key in ("ge", "gt", "le", "lt", "max_length", "min_length"):
            if key in ctx:
                message += f"（限 {ctx[key]}）"
        out.setdefault(field, f"{label(leaf, path)}：{message}")
    return out
