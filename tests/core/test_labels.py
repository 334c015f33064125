"""Field labels in API error messages follow the app whose path was called."""

import pytest

from anzhi.core import labels


@pytest.fixture
def scoped(monkeypatch):
    monkeypatch.setattr(labels, "SCOPED_LABELS", {})
    monkeypatch.setattr(labels, "FIELD_LABELS", {"agency": "机构"})
    labels.add_labels({"agency": "监管机构", "criterion": "判定依据"},
                      prefixes=("/api/v1/hazards",))
    labels.add_labels({"agency": "承办机关"}, prefixes=("/api/v1/cases",))


@pytest.mark.parametrize("path, expected", [
    ("/api/v1/hazards", "监管机构"),
    ("/api/v1/hazards/12/plan", "监管机构"),
    ("/api/v1/cases/3/transitions", "承办机关"),
    ("/api/v1/hazardsx", "机构"),        # a prefix is a whole path segment
    ("/api/v1/enterprises", "机构"),     # elsewhere: the generic label
    ("", "机构"),
])
def test_the_label_of_a_field_depends_on_the_path(scoped, path, expected):
    assert labels.label("agency", path) == expected


def test_a_field_without_a_generic_label_gets_the_first_apps_as_fallback(scoped):
    assert labels.label("criterion", "/api/v1/enterprises") == "判定依据"
    assert labels.label("unknown_field", "/api/v1/hazards") == "unknown_field"


def test_pydantic_errors_name_the_field_in_the_apps_words(scoped):
    errors = [{"loc": ("body", "payload", "agency"), "type": "int_parsing"}]
    assert labels.pydantic_errors_to_fields(errors, "/api/v1/cases/1") == {
        "agency": "承办机关：应为整数"}
    assert labels.pydantic_errors_to_fields(errors, "/api/v1/hazards") == {
        "agency": "监管机构：应为整数"}


@pytest.mark.parametrize("path, expected", [
    ("/api/v1/hazards", "生产经营单位：应为整数"),
    ("/api/v1/inspections", "被检查单位：应为整数"),
])
def test_the_api_names_the_field_as_the_called_app_does(cast, api_client, path, expected):
    res = api_client.login(cast.officer_a).post(path, {"enterprise": "甲"})
    assert res.status_code == 400
    assert res.json()["errors"]["enterprise"] == expected
