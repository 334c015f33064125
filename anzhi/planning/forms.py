"""Page forms: parse input only; the rules are in services.py."""

from django import forms

from anzhi.accounts.selectors import visible_agencies
from anzhi.core.errors import ValidationFailed
from anzhi.core.followups import KIND_LABELS
from anzhi.registry.choices import RiskGrade
from anzhi.registry.models import Sector

from .choices import KEY_FLAGS, CampaignMetric

BLANK = [("", "全部")]
PHASES_PLACEHOLDER = "动员部署 2026-04-01 2026-04-15\n集中推进 2026-04-16 2026-09-30"


class ServiceErrorsMixin:
    def show_errors(self, exc: ValidationFailed) -> None:
        for field, message in exc.errors.items():
            name = field.split(".")[0]
            self.add_error(name if name in self.fields else None, message)


def _agency_choices(user, enforcing_only=True):
    qs = visible_agencies(user).order_by("region_id", "name")
    if enforcing_only:
        qs = qs.filter(has_enforcement_power=True)
    return [(a.pk, str(a)) for a in qs]


class PlanCreateForm(ServiceErrorsMixin, forms.Form):
    agency = forms.TypedChoiceField(label="执法机构", coerce=int)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(user)


class RulesForm(ServiceErrorsMixin, forms.Form):
    freq_A = forms.IntegerField(label="A级（次/年）", min_value=0, max_value=52)
    freq_B = forms.IntegerField(label="B级（次/年）", min_value=0, max_value=52)
    freq_C = forms.IntegerField(label="C级（次/年）", min_value=0, max_value=52)
    freq_D = forms.IntegerField(label="D级（次/年）", min_value=0, max_value=52)
    key_sectors = forms.MultipleChoiceField(label="全覆盖的重点行业领域", required=False,
                                            widget=forms.CheckboxSelectMultiple)
    key_flags = forms.MultipleChoiceField(label="全覆盖的重点企业", required=False,
                                          choices=list(KEY_FLAGS.items()),
                                          widget=forms.CheckboxSelectMultiple)
    random_ratio = forms.DecimalField(label="双随机抽查比例", max_digits=5, decimal_places=4,
                                      help_text="不低于 0.05（5%）")
    reason = forms.CharField(label="修改理由", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_sectors"].choices = [(s.code, s.name) for s in Sector.objects.all()]

    @staticmethod
    def initial_for(rules: dict) -> dict:
        initial = {f"freq_{g}": rules["frequency"].get(g, 0) for g in RiskGrade.values}
        initial.update(key_sectors=rules["key_sectors"], key_flags=rules["key_flags"],
                       random_ratio=rules["random_ratio"])
        return initial

    def rules(self) -> dict:
        d = self.cleaned_data
        return {"frequency": {g: d[f"freq_{g}"] for g in RiskGrade.values},
                "key_sectors": d["key_sectors"], "key_flags": d["key_flags"],
                "random_ratio": str(d["random_ratio"])}

    def show_errors(self, exc: ValidationFailed) -> None:
        for field, message in exc.errors.items():
            name = field.replace("frequency.", "freq_")
            self.add_error(name if name in self.fields else None, message)


class DrawForm(ServiceErrorsMixin, forms.Form):
    agency = forms.TypedChoiceField(label="组织抽取的执法机构", coerce=int)
    title = forms.CharField(label="名称", max_length=200)
    region = forms.CharField(label="区划代码", required=False, max_length=12)
    sector = forms.ChoiceField(label="行业领域", required=False)
    risk_grade = forms.ChoiceField(label="风险等级", required=False,
                                   choices=BLANK + list(RiskGrade.choices))
    count = forms.IntegerField(label="抽取数量（家）", required=False, min_value=1)
    ratio = forms.DecimalField(label="或抽取比例", required=False, max_digits=5,
                               decimal_places=4, help_text="如 0.05 表示 5%")
    officers_per_enterprise = forms.IntegerField(label="每户执法人员数", initial=2, min_value=2,
                                                 max_value=10)
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    campaign = forms.TypedChoiceField(label="专项行动", required=False, coerce=int,
                                      empty_value=None)

    def __init__(self, *args, user, campaigns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = _agency_choices(user)
        self.fields["sector"].choices = BLANK + [(s.code, s.name) for s in Sector.objects.all()]
        self.fields["campaign"].choices = [("", "无")] + [(c.pk, c.title) for c in campaigns]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"agency": d["agency"], "title": d["title"],
                "filters": {k: d[k] for k in ("region", "sector", "risk_grade") if d[k]},
                "count": d["count"], "ratio": str(d["ratio"]) if d["ratio"] is not None else None,
                "officers_per_enterprise": d["officers_per_enterprise"],
                "plan": d["plan"], "campaign": d["campaign"]}


class EntropyForm(forms.Form):
    witness_entropy = forms.CharField(label="见证人随机串（每行一条，可不填）", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def entropy(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["witness_entropy"].splitlines()
                if line.strip()]


class CampaignForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label="行动名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=80, required=False)
    issuing_agency = forms.TypedChoiceField(label="发文机关", coerce=int)
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    sectors = forms.MultipleChoiceField(label="行业领域", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    reporting_day = forms.IntegerField(label="每月报送日", required=False, min_value=1,
                                       max_value=28)
    description = forms.CharField(label="行动内容", required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    phases = forms.CharField(
        label="行动阶段（每行：名称 开始日期 结束日期）", required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": PHASES_PLACEHOLDER}))
    targets = forms.CharField(
        label="行动目标（每行：指标 目标值，指标为 检查次数/检查企业家数/发现问题数）",
        required=False, widget=forms.Textarea(attrs={"rows": 2, "placeholder": "检查企业家数 200"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_agency"].choices = _agency_choices(user, enforcing_only=False)
        self.fields["sectors"].choices = [(s.code, s.name) for s in Sector.objects.all()]

    def service_data(self) -> dict:
        d = dict(self.cleaned_data)
        phases = []
        for line in d.pop("phases").splitlines():
            parts = line.split()
            if parts:
                phases.append({"name": parts[0], "starts_on": parts[1] if len(parts) > 1 else "",
                               "ends_on": parts[2] if len(parts) > 2 else ""})
        by_label = {label: value for value, label in CampaignMetric.choices}
        targets = []
        for line in d.pop("targets").splitlines():
            parts = line.split()
            if parts:
                value = parts[1] if len(parts) > 1 else ""
                targets.append({"metric": by_label.get(parts[0], parts[0]), "label": parts[0],
                                "target": int(value) if value.isdecimal() else value})
        d["phases"], d["targets"] = phases, targets
        return d


class RotationForm(ServiceErrorsMixin, forms.Form):
    organiser = forms.TypedChoiceField(label="组织单位", coerce=int)
    title = forms.CharField(label="名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    per_team = forms.IntegerField(label="每组检查企业数（2–5）", initial=3)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = _agency_choices(user, enforcing_only=False)


class HandoverForm(ServiceErrorsMixin, forms.Form):
    enterprise = forms.TypedChoiceField(label="被检查单位", coerce=int)
    problem = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="依据", required=False, max_length=300)
    suggestion = forms.CharField(label="处理建议", required=False, max_length=300)
    is_major = forms.BooleanField(label="重大事故隐患", required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [(e.pk, e.name) for e in enterprises]


class ActForm(ServiceErrorsMixin, forms.Form):
    disposition = forms.ChoiceField(label="处理方式", choices=list(KIND_LABELS.items()))
    action_taken = forms.CharField(label="处理情况", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="整改期限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
