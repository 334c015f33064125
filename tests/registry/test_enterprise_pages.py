import pytest

from anzhi.registry.models import Enterprise
from tests.factories import make_uscc


def login(client, user):
    client.force_login(user)
    return client


def test_login_page_is_chinese(client, db):
    res = client.get("/login/")
    assert "用户名" in res.content.decode()
    assert res.status_code == 200


def test_login_with_password_then_home_shows_counts(cast, client):
    res = client.post("/login/", {"username": "officer_a", "password": "pw-anzhi-test"})
    assert res.status_code == 302
    page = client.get("/").content.decode()
    assert "辖区概况" in page
    assert 'data-testid="total">1<' in page


def test_enterprise_user_home_goes_to_own_dossier(cast, client):
    res = login(client, cast.enterprise_user_a).get("/")
    assert res.status_code == 302
    assert res.url == f"/enterprises/{cast.enterprise_a.pk}/"


def test_list_searches_by_part_of_the_chinese_name(cast, client):
    page = login(client, cast.county_admin).get("/enterprises/", {"q": "观音"}).content.decode()
    assert "湖上乡铁观音茶厂" in page
    assert "剑斗镇石材加工厂" not in page


def test_list_htmx_request_returns_only_the_results(cast, client):
    res = login(client, cast.county_admin).get("/enterprises/", {"q": "石材"},
                                               HTTP_HX_REQUEST="true")
    body = res.content.decode()
    assert "剑斗镇石材加工厂" in body
    assert "<html" not in body


def test_list_is_scoped(cast, client):
    page = login(client, cast.officer_b).get("/enterprises/").content.decode()
    assert "剑斗镇石材加工厂" in page
    assert "湖上乡铁观音茶厂" not in page


def test_dossier_of_another_township_is_404(cast, client):
    assert login(client, cast.officer_b).get(
        f"/enterprises/{cast.enterprise_a.pk}/").status_code == 404


@pytest.mark.parametrize("pk", ["999999", str(2**63), "9" * 30])
def test_dossier_of_a_missing_or_impossible_id_is_404(cast, client, pk):
    assert login(client, cast.officer_a).get(f"/enterprises/{pk}/").status_code == 404


def test_dossier_tabs_and_history(cast, client):
    login(client, cast.officer_a)
    client.post(f"/enterprises/{cast.enterprise_a.pk}/edit/", {
        "name": "湖上乡铁观音茶厂", "uscc": cast.enterprise_a.uscc,
        "region": cast.village_a.code, "risk_grade": "B", "lead_agency": cast.agency_a.pk,
        "employee_count": 40})
    page = client.get(f"/enterprises/{cast.enterprise_a.pk}/?tab=history").content.decode()
    assert "enterprise.update" in page
    assert "C → B" in page


def test_create_form_shows_a_bad_uscc_next_to_the_field_and_writes_nothing(cast, client):
    res = login(client, cast.officer_a).post("/enterprises/new/", {
        "name": "湖上乡新茶厂", "uscc": "914403001922038217", "region": cast.town_a.code,
        "risk_grade": "C", "lead_agency": cast.agency_a.pk})
    body = res.content.decode()
    assert res.status_code == 200
    assert 'data-field="uscc">统一社会信用代码：校验位不正确' in body
    assert not Enterprise.objects.filter(name="湖上乡新茶厂").exists()


def test_create_form_creates_and_redirects_to_dossier(cast, client):
    res = login(client, cast.officer_a).post("/enterprises/new/", {
        "name": "湖上乡新茶厂", "uscc": make_uscc("350524", 40_000_001),
        "region": cast.town_a.code, "risk_grade": "C", "lead_agency": cast.agency_a.pk,
        "principal_name": "王五", "principal_phone": "13800000000"})
    enterprise = Enterprise.objects.get(name="湖上乡新茶厂")
    assert res.status_code == 302 and res.url == f"/enterprises/{enterprise.pk}/"
    assert enterprise.people.get().name == "王五"


def test_create_form_shows_bad_id_number_on_its_field(cast, client):
    res = login(client, cast.officer_a).post("/enterprises/new/", {
        "name": "湖上乡新茶厂", "uscc": make_uscc("350524", 40_000_002),
        "region": cast.town_a.code, "risk_grade": "C", "lead_agency": cast.agency_a.pk,
        "principal_name": "王五", "principal_id": "350524197503090171"})
    assert 'data-field="principal_id">主要负责人身份证号' in res.content.decode()


def test_read_only_roles_cannot_open_the_edit_form(cast, client):
    assert login(client, cast.discipline).get(
        f"/enterprises/{cast.enterprise_a.pk}/edit/").status_code == 403


def test_status_change_from_the_dossier(cast, client):
    login(client, cast.officer_a).post(f"/enterprises/{cast.enterprise_a.pk}/status/", {
        "to_status": "suspended", "order_number": "湖上应急停〔2026〕2号",
        "order_date": "2026-01-05", "reason": "隐患整改"})
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.status == "suspended"


def test_broad_lists_say_more_than_the_cap_instead_of_counting_everything(cast, client,
                                                                          monkeypatch):
    from anzhi.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 1)
    page = login(client, cast.county_admin).get("/enterprises/").content.decode()
    assert "超过 1 户，请缩小筛选范围" in page
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    page = client.get("/enterprises/").content.decode()
    assert "共 2 户" in page


def test_agency_filter_offers_the_users_level_and_one_below(cast, client):
    from anzhi.accounts.models import Agency
    from tests.factories import region

    village_office = Agency.objects.create(name="湖上村协管站", kind=Agency.Kind.OTHER,
                                           region=region("350524113201", "湖上村", 5))
    page = login(client, cast.county_admin).get("/enterprises/").content.decode()
    assert "湖上乡应急办" in page and village_office.name not in page


def test_filter_bar_keeps_what_was_chosen(cast, client):
    """The selects and checkboxes are written by core/templatetags/choices.py: the chosen
    values come back selected, labelled and escaped, and the rest do not."""
    import re

    page = login(client, cast.county_admin).get("/enterprises/", {
        "risk_grade": "B", "status": "operating", "agency": cast.agency_a.pk,
        "flags": ["dust_explosion", "confined_space"], "sort": "-name"}).content.decode()
    selects = dict(re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.S))
    selected = {name: re.findall(r'<option value="([^"]*)" selected>', options)
                for name, options in selects.items()}
    assert selected == {"sector": [], "risk_grade": ["B"], "status": ["operating"],
                        "agency": [str(cast.agency_a.pk)], "sort": ["-name"]}
    assert page.count(" selected>") == 4
    checked = re.findall(r'name="flags" value="(\w+)" checked', page)
    assert sorted(checked) == ["confined_space", "dust_explosion"]
    assert 'aria-label="风险等级"' in page and 'class="form-select"' in page


def test_filter_bar_escapes_choice_labels(cast, client):
    from anzhi.accounts.models import Agency

    Agency.objects.create(name="<b>湖上</b>站", kind=Agency.Kind.OTHER, region=cast.town_a,
                          parent=cast.county_office)
    page = login(client, cast.county_admin).get("/enterprises/").content.decode()
    assert "&lt;b&gt;湖上&lt;/b&gt;站" in page and "<b>湖上</b>站" not in page


def test_filter_bar_shows_a_renamed_agency_at_once(cast, client):
    """The options are kept rendered per list of choices: a changed label is a new list."""
    login(client, cast.county_admin)
    assert "湖上乡应急办" in client.get("/enterprises/").content.decode()
    cast.agency_a.name = "湖上镇应急管理办公室"
    cast.agency_a.save()
    page = client.get("/enterprises/", {"agency": cast.agency_a.pk}).content.decode()
    assert f'<option value="{cast.agency_a.pk}" selected>湖上镇应急管理办公室</option>' in page
    assert ">湖上乡应急办<" not in page


def test_names_are_escaped_once_in_the_list_and_the_dossier(cast, client):
    """The list is a Jinja2 template, the dossier a Django one inside the Jinja2 frame
    (core/templatetags/frame.py): markup in a name is shown as text, escaped once."""
    cast.enterprise_a.name = "<b>湖上</b>茶厂&"
    cast.enterprise_a.save()
    login(client, cast.county_admin)
    listing = client.get("/enterprises/").content.decode()
    dossier = client.get(f"/enterprises/{cast.enterprise_a.pk}/").content.decode()
    escaped = "&lt;b&gt;湖上&lt;/b&gt;茶厂&amp;"
    assert f'<a href="/enterprises/{cast.enterprise_a.pk}/">{escaped}</a>' in listing
    assert f"<title>{escaped} · 安全生产执法监管平台</title>" in dossier
    for html in (listing, dossier):
        assert "<b>湖上</b>" not in html and "&amp;lt;" not in html


def test_a_kept_filter_bar_follows_each_requests_choice(cast, client):
    """The whole <select> is kept per field, choices and chosen values
    (core/templatetags/choices.py): the next request's choice is its own."""
    import re

    login(client, cast.county_admin)
    for grade in ("B", "C", "", "B"):
        page = client.get("/enterprises/", {"risk_grade": grade}).content.decode()
        options = re.search(r'<select name="risk_grade".*?</select>', page, re.S).group(0)
        assert re.findall(r'value="([^"]*)" selected', options) == [grade]
