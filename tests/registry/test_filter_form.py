"""The list's FilterForm: its forms share their lists of choices instead of copying them
(registry/forms.py), which must not mix one user's choices with another's."""

from django.http import QueryDict

from anzhi.registry.forms import FilterForm


def _agencies(form) -> list:
    return [value for value, _ in form.fields["agency"].choices]


def test_each_user_gets_their_own_agency_choices(cast):
    officer_a = FilterForm(None, user=cast.officer_a)
    officer_b = FilterForm(None, user=cast.officer_b)
    county = FilterForm(None, user=cast.county_admin)
    assert cast.agency_a.pk in _agencies(officer_a) and cast.agency_b.pk not in _agencies(
        officer_a)
    assert cast.agency_b.pk in _agencies(officer_b) and cast.agency_a.pk not in _agencies(
        officer_b)
    assert {cast.agency_a.pk, cast.agency_b.pk} <= set(_agencies(county))


def test_an_agency_outside_the_users_choices_is_refused(cast):
    query = QueryDict(f"agency={cast.agency_b.pk}&risk_grade=A")
    refused = FilterForm(query, user=cast.officer_a)
    assert not refused.is_valid() and "agency" in refused.errors
    assert refused.filters().agency is None and refused.filters().risk_grade == ""
    accepted = FilterForm(query, user=cast.officer_b).filters()
    assert accepted.agency == cast.agency_b.pk and accepted.risk_grade == "A"


def test_replacing_one_forms_choices_leaves_the_others(cast):
    form = FilterForm(None, user=cast.officer_a)
    form.fields["status"].choices = [("x", "x")]
    form.fields["status"].widget.attrs["data-x"] = "1"
    fresh = FilterForm(None, user=cast.officer_a)
    assert ("operating", "在营") in list(fresh.fields["status"].choices)
    assert "data-x" not in fresh.fields["status"].widget.attrs
    assert fresh.fields["status"].widget is not form.fields["status"].widget


def test_a_new_sector_is_offered_by_the_next_form(cast):
    from tests.factories import sector

    before = [code for code, _ in FilterForm(None, user=cast.officer_a).fields["sector"].choices]
    sector("zz_test", "测试领域")
    after = [code for code, _ in FilterForm(None, user=cast.officer_a).fields["sector"].choices]
    assert "zz_test" not in before and "zz_test" in after
