"""Factories for tests. The cast of users lives in conftest.py (fixtures)."""

from datetime import date, timedelta

import factory

from anzhi.accounts.models import Agency, Certificate, Role, User
from anzhi.law import idcard, uscc
from anzhi.regions.models import Region
from anzhi.registry.choices import PersonRole
from anzhi.registry.models import Enterprise, EnterprisePerson, Sector, Supervision

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(region_code: str, serial: int) -> str:
    """A valid USCC (legal person, enterprise) registered in ``region_code``."""
    org = f"{serial:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(org, weights, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(check, str(check))
    first17 = "91" + region_code[:6] + org
    return first17 + uscc.check_char(first17)


def make_id_number(region_code: str, born: date, serial: int) -> str:
    first17 = f"{region_code[:6]}{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + idcard.check_char(first17)


def region(code: str, name: str, level: int, parent: Region | None = None) -> Region:
    prefix_len = {1: 2, 2: 4, 3: 6, 4: 9, 5: 12}[level]
    obj, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent,
                             "prefix": code[:prefix_len], "full_name": name})
    return obj


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"第{n}机构")
    kind = Agency.Kind.EMERGENCY
    has_enforcement_power = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", "pw-anzhi-test")

    @factory.post_generation
    def save_after(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"闽执{n:08d}")
    issuing_authority = "福建省人民政府"
    valid_until = factory.LazyFunction(lambda: date.today() + timedelta(days=365))


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"安溪县湖上乡测试{n}号茶厂有限公司")
    uscc = factory.LazyAttributeSequence(lambda o, n: make_uscc(o.region.code, 10_000_000 + n))
    address = "湖上村"

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            Supervision.objects.create(enterprise=obj, agency=extracted, is_lead=True)
            obj.lead_agency = extracted
            obj.save(update_fields=["lead_agency"])


def add_person(enterprise: Enterprise, role=PersonRole.PRINCIPAL, name="张三", serial=1):
    return EnterprisePerson.objects.create(
        enterprise=enterprise, role=role, name=name,
        id_number=make_id_number("350524", date(1980, 5, 17), serial), phone="13905951234")


def sector(code: str, name: str, high_risk=False) -> Sector:
    return Sector.objects.get_or_create(code=code, defaults={"name": name,
                                                             "high_risk": high_risk})[0]
