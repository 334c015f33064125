"""Who sees and who may change which enterprise: the role × object matrix."""

import pytest

from anzhi.accounts.scoping import may_change_enterprise, restrict
from anzhi.registry.models import Enterprise

# (user, enterprise, may view, may change)
MATRIX = [
    ("superuser", "enterprise_a", True, True),
    ("superuser", "enterprise_b", True, True),
    ("county_admin", "enterprise_a", True, True),
    ("county_admin", "enterprise_b", True, True),
    ("head_a", "enterprise_a", True, True),
    ("head_a", "enterprise_b", False, False),
    ("officer_a", "enterprise_a", True, True),
    ("officer_a", "enterprise_b", False, False),
    ("officer_b", "enterprise_a", False, False),
    ("officer_b", "enterprise_b", True, True),
    ("auxiliary_a", "enterprise_a", True, False),
    ("auxiliary_a", "enterprise_b", False, False),
    ("assistant_a", "enterprise_a", True, False),  # village assistant of 湖上村
    ("assistant_a", "enterprise_b", False, False),
    ("enterprise_user_a", "enterprise_a", True, False),
    ("enterprise_user_a", "enterprise_b", False, False),
    ("discipline", "enterprise_a", True, False),
    ("discipline", "enterprise_b", True, False),
    ("leader", "enterprise_a", True, False),
    ("leader", "enterprise_b", True, False),
]


@pytest.mark.parametrize(("who", "which", "view", "change"), MATRIX,
                         ids=[f"{w}-{e}" for w, e, *_ in MATRIX])
def test_scoping_matrix(cast, who, which, view, change):
    user, enterprise = getattr(cast, who), getattr(cast, which)
    qs = Enterprise.objects.filter(pk=enterprise.pk)
    assert restrict(qs, user, "view").exists() is view
    assert restrict(qs, user, "change").exists() is change
    assert may_change_enterprise(user, enterprise) is change


def test_inactive_and_anonymous_users_see_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert may_change_enterprise(cast.officer_a, cast.enterprise_a)
    cast.officer_a.is_active = False
    assert not restrict(Enterprise.objects.all(), cast.officer_a).exists()
    assert not restrict(Enterprise.objects.all(), AnonymousUser()).exists()
    assert not may_change_enterprise(cast.officer_a, cast.enterprise_a)
    assert not may_change_enterprise(AnonymousUser(), cast.enterprise_a)


def test_user_without_agency_or_region_sees_nothing(cast):
    cast.officer_a.agency = None
    assert not restrict(Enterprise.objects.all(), cast.officer_a).exists()


def test_scoping_through_a_relation_path(cast):
    from anzhi.registry.models import Supervision

    qs = restrict(Supervision.objects.all(), cast.officer_a, enterprise_path="enterprise")
    assert {s.enterprise for s in qs} == {cast.enterprise_a}
    qs = restrict(Supervision.objects.all(), cast.enterprise_user_a,
                  enterprise_path="enterprise")
    assert {s.enterprise for s in qs} == {cast.enterprise_a}
