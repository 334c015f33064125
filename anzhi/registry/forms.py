"""Page forms. They only parse input; the rules live in validation.py and services.py."""

import copy
from functools import partial

from django import forms
from django.utils.choices import BaseChoiceIterator

from anzhi.accounts.models import Agency
from anzhi.accounts.scoping import jurisdiction_prefix
from anzhi.accounts.selectors import visible_agencies
from anzhi.core.errors import ValidationFailed
from anzhi.core.memo import Memo

from .choices import FLAGS, EnterpriseStatus, MajorHazardLevel, PersonRole, RiskGrade
from .filters import SORT_LABELS, EnterpriseFilters
from .models import Sector

_sectors = Memo(300).forget_on(Sector)
_agencies = Memo(60).forget_on(Agency)


def sector_choices() -> list[tuple[str, str]]:
    return _sectors.get("all", lambda: [(s.code, s.name) for s in Sector.objects.all()])


def agency_filter_choices(user) -> list[tuple[int, str]]:
    """What the list filter offers ``user``; the key holds everything the choice depends on."""
    key = (user.pk, user.role, user.agency_id, user.region_id, user.enterprise_id,
           user.is_superuser)
    return _agencies.get(key, lambda: [(a.pk, str(a)) for a in
                                       filter_agencies(user).order_by("name")])


def _all_sectors() -> list[tuple[str, str]]:
    return [("", "全部行业领域"), *sector_choices()]


def _all_agencies(user) -> list[tuple]:
    return [("", "全部监管机构"), *agency_filter_choices(user)]


class _MemoChoices(BaseChoiceIterator):
    """Choices read (from a memo) each time they are iterated, already as (value, label)
    pairs: Django normalises a callable's choices again on every pass."""

    def __init__(self, read):
        self.read = read

    def __iter__(self):
        return iter(self.read())


class _SharedChoices:
    """A choice field whose form copies share its list of choices. Django deep-copies every
    choice into each form; the list filter's choices are only ever replaced whole, and
    copying them for each list request cost more than the rest of parsing the filters."""

    def __deepcopy__(self, memo):
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.copy(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


class _Choice(_SharedChoices, forms.ChoiceField):
    pass


class _TypedChoice(_SharedChoices, forms.TypedChoiceField):
    pass


class _MultipleChoice(_SharedChoices, forms.MultipleChoiceField):
    pass


class FilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False)
    region = forms.CharField(label="区划代码", required=False)
    sector = _Choice(label="行业领域", required=False)
    risk_grade = _Choice(label="风险等级", required=False,
                         choices=[("", "全部风险等级"), *RiskGrade.choices])
    status = _Choice(label="经营状态", required=False,
                     choices=[("", "全部经营状态"), *EnterpriseStatus.choices])
    flags = _MultipleChoice(label="特征", required=False, choices=list(FLAGS.items()))
    agency = _TypedChoice(label="监管机构", required=False, coerce=int, empty_value=None)
    sort = _Choice(label="排序", required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _MemoChoices(_all_sectors)
        self.fields["agency"].choices = _MemoChoices(partial(_all_agencies, user))

    def filters(self) -> EnterpriseFilters:
        if not self.is_valid():
            return EnterpriseFilters()
        d = self.cleaned_data
        return EnterpriseFilters(q=d["q"], region=d["region"], sector=d["sector"],
                                 risk_grade=d["risk_grade"], status=d["status"],
                                 flags=d["flags"], agency=d["agency"], sort=d["sort"] or "name")


def filter_agencies(user):
    """Agencies offered in the list filter: the user's level and one below. A provincial
    user filtering by one of a thousand township stations filters by region instead."""
    prefix = jurisdiction_prefix(user)
    qs = visible_agencies(user)
    if prefix is None:
        return qs
    level = {2: 1, 4: 2, 6: 3, 9: 4, 12: 5}[len(prefix)]
    return qs.filter(region__level__lte=level + 1)


class EnterpriseForm(forms.Form):
    name = forms.CharField(label="单位名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=40)
    region = forms.CharField(label="所在区划代码", max_length=12,
                             help_text="县、乡镇或行政村的区划代码")
    address = forms.CharField(label="地址", max_length=200, required=False)
    industry = forms.CharField(label="国民经济行业代码", max_length=4, required=False,
                               help_text="GB/T 4754-2017 门类字母或两位大类代码")
    sectors = forms.MultipleChoiceField(label="重点行业领域", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    employee_count = forms.IntegerField(label="从业人数", min_value=0, required=False)
    above_scale = forms.BooleanField(label="规模以上", required=False)
    risk_grade = forms.ChoiceField(label="风险等级", choices=RiskGrade.choices)
    major_hazard_level = forms.ChoiceField(label="重大危险源等级", required=False,
                                           choices=[("", "无")] + list(MajorHazardLevel.choices))
    latitude = forms.DecimalField(label="纬度", required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label="经度", required=False, max_digits=9, decimal_places=6)
    lead_agency = forms.TypedChoiceField(label="主责监管机构", coerce=int)
    assisting_agencies = forms.TypedMultipleChoiceField(
        label="协管机构", coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    legal_rep_name = forms.CharField(label="法定代表人", max_length=50, required=False)
    legal_rep_id = forms.CharField(label="法定代表人身份证号", max_length=30, required=False)
    legal_rep_phone = forms.CharField(label="法定代表人电话", max_length=20, required=False)
    principal_name = forms.CharField(label="主要负责人", max_length=50, required=False)
    principal_id = forms.CharField(label="主要负责人身份证号", max_length=30, required=False)
    principal_phone = forms.CharField(label="主要负责人电话", max_length=20, required=False)
    safety_name = forms.CharField(label="安全管理人员", max_length=50, required=False)
    safety_id = forms.CharField(label="安全管理人员身份证号", max_length=30, required=False)
    safety_phone = forms.CharField(label="安全管理人员电话", max_length=20, required=False)

    PEOPLE = [("legal_rep", PersonRole.LEGAL_REPRESENTATIVE),
              ("principal", PersonRole.PRINCIPAL), ("safety", PersonRole.SAFETY_MANAGER)]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for flag, label in FLAGS.items():
            self.fields[flag] = forms.BooleanField(label=label, required=False)
        self.fields["sectors"].choices = [(s.code, s.name) for s in Sector.objects.all()]
        agencies = [(a.pk, str(a)) for a in visible_agencies(user).order_by("name")]
        self.fields["lead_agency"].choices = [("", "请选择")] + agencies
        self.fields["assisting_agencies"].choices = agencies

    @classmethod
    def initial_for(cls, enterprise) -> dict:
        initial = {f: getattr(enterprise, f) for f in (
            "name", "uscc", "address", "employee_count", "above_scale", "risk_grade",
            "major_hazard_level", "latitude", "longitude", *FLAGS)}
        initial["region"] = enterprise.region_id
        initial["industry"] = enterprise.industry_id or ""
        initial["sectors"] = [s.code for s in enterprise.sectors.all()]
        initial["lead_agency"] = enterprise.lead_agency_id
        initial["assisting_agencies"] = list(enterprise.supervisions.filter(
            is_lead=False).values_list("agency_id", flat=True))
        for prefix, role in cls.PEOPLE:
            person = enterprise.people.filter(is_current=True, role=role).first()
            if person:
                initial.update({f"{prefix}_name": person.name, f"{prefix}_id": person.id_number,
                                f"{prefix}_phone": person.phone})
        return initial

    def service_data(self) -> dict:
        d = dict(self.cleaned_data)
        people = []
        for prefix, role in self.PEOPLE:
            name = d.pop(f"{prefix}_name", "")
            number, phone = d.pop(f"{prefix}_id", ""), d.pop(f"{prefix}_phone", "")
            if name or number or phone:
                people.append({"role": role, "name": name, "id_number": number, "phone": phone})
        d["people"] = people
        if d.get("employee_count") is None:
            d["employee_count"] = 0
        d["has_major_hazard_source"] = bool(d.get("major_hazard_level")) or d.get(
            "has_major_hazard_source", False)
        return d

    PERSON_FIELDS = {"legal_rep": "legal_rep", "principal": "principal",
                     "safety_manager": "safety"}

    def show_errors(self, exc: ValidationFailed) -> None:
        """Put a service's errors on the matching form fields."""
        people = self.service_data()["people"]
        for key, message in exc.errors.items():
            field = key
            if key.startswith("people["):
                index = int(key[7:key.index("]")])
                attr = key.rsplit(".", 1)[-1]
                prefix = self.PERSON_FIELDS.get(people[index]["role"], "legal_rep")
                field = f"{prefix}_{'id' if attr == 'id_number' else attr}"
            self.add_error(field if field in self.fields else None, message)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label="新状态", choices=EnterpriseStatus.choices)
    order_number = forms.CharField(label="决定文书号", max_length=80)
    order_date = forms.DateField(label="决定日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}),
                             required=False)


