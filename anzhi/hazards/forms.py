"""Page forms: they parse input only; the rules are in services.py."""

from django import forms

from anzhi.accounts.selectors import visible_agencies, visible_officers
from anzhi.core.forms import BootstrapForm
from anzhi.regions.models import code_range

from .choices import DutyKind, Level, ListingLevel, Source, Status


def any_of(what: str) -> list[tuple[str, str]]:
    """The empty choice of a filter-bar select, which has no label beside it: it says what
    the select filters (five selects all reading "全部" could not be told apart)."""
    return [("", what)]


DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; their type and size are checked by the service (uploads.py)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def files_field(label: str) -> forms.Field:
    return MultipleFileField(label=label, required=False,
                           widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
                           help_text="图片（JPG、PNG、GIF、WEBP）或 PDF，单个不超过 10 MB")


class LedgerFilterForm(BootstrapForm):
    status = forms.ChoiceField(label="状态", required=False,
                               choices=any_of("全部状态") + [("open", "未销号")]
                               + list(Status.choices))
    level = forms.ChoiceField(label="级别", required=False,
                              choices=any_of("全部级别") + list(Level.choices))
    overdue = forms.NullBooleanField(label="是否逾期", required=False, widget=forms.Select(
        choices=any_of("是否逾期") + [("true", "已逾期"), ("false", "未逾期")]))
    region = forms.CharField(label="区划代码", required=False)
    agency = forms.TypedChoiceField(label="监管机构", required=False, coerce=int,
                                    empty_value=None)
    source = forms.ChoiceField(label="来源", required=False,
                               choices=any_of("全部来源") + list(Source.choices))
    enterprise = forms.IntegerField(label="企业编号", required=False, widget=forms.HiddenInput)

    MAX_AGENCIES = 300

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = visible_agencies(user)
        region = (self.data.get("region") or "").strip() if self.is_bound else ""
        if region.isdecimal():
            # Within a region filter, offer that region's agencies (and those above it).
            lo, hi = code_range(region[:6])
            agencies = agencies.filter(region_id__gte=lo, region_id__lt=hi)
        chosen = self.data.get("agency") if self.is_bound else None
        options = list(agencies.order_by("name")[:self.MAX_AGENCIES])
        if chosen and str(chosen).isdecimal() and all(a.pk != int(chosen) for a in options):
            options += list(visible_agencies(user).filter(pk=int(chosen)))
        self.fields["agency"].choices = any_of("全部监管机构") + [(a.pk, str(a)) for a in options]
        for f in self.fields.values():
            f.widget.attrs.setdefault("aria-label", f.label)


class HazardForm(BootstrapForm):
    enterprise = forms.IntegerField(label="企业编号", widget=forms.HiddenInput)
    level = forms.ChoiceField(label="隐患级别", choices=Level.choices)
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.INSPECTION)
    criterion = forms.CharField(label="判定依据", max_length=500,
                                help_text="检查表条目或重大事故隐患判定标准条款")
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label="隐患部位", max_length=200, required=False)
    found_on = forms.DateField(label="发现日期", widget=DATE)
    rectify_due = forms.DateField(label="整改期限", required=False, widget=DATE)
    on_site_rectified = forms.CharField(
        label="现场立即整改情况", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="一般隐患已在现场当即整改的，填写整改情况，登记后即销号")
    photos = files_field("隐患照片")


class SelfReportForm(BootstrapForm):
    level = forms.ChoiceField(label="隐患级别", choices=Level.choices)
    criterion = forms.CharField(label="判定依据", max_length=500,
                                help_text="对照的检查表条目或重大事故隐患判定标准条款")
    description = forms.CharField(label="隐患描述", widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label="隐患部位", max_length=200, required=False)
    found_on = forms.DateField(label="发现日期", widget=DATE)
    rectify_due = forms.DateField(label="计划整改完成日期", widget=DATE)
    photos = files_field("隐患照片")


class PlanForm(BootstrapForm):
    responsible_person = forms.CharField(label="整改责任人", max_length=50)
    responsible_phone = forms.CharField(label="责任人电话", max_length=20, required=False)
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    funds = forms.DecimalField(label="整改资金（元）", required=False, min_value=0)
    deadline = forms.DateField(label="整改时限", widget=DATE)
    emergency_plan = forms.CharField(label="整改期间应急预案", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(BootstrapForm):
    description = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    money_spent = forms.DecimalField(label="投入资金（元）", required=False, min_value=0)
    before = files_field("整改前照片")
    after = files_field("整改后照片")


class ReviewForm(BootstrapForm):
    passed = forms.TypedChoiceField(label="复查结论", coerce=lambda v: v == "1",
                                    choices=[("1", "合格，予以销号"), ("0", "不合格，继续整改")])
    opinion = forms.CharField(label="复查意见", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    on_site = forms.BooleanField(label="现场复查", required=False)
    officers = forms.TypedMultipleChoiceField(label="复查人员", coerce=int,
                                              widget=forms.CheckboxSelectMultiple)
    reviewed_on = forms.DateField(label="复查日期", widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = [
            (u.pk, f"{u.display_name}（{u.agency}）") for u in visible_officers(user)]


class ReopenForm(BootstrapForm):
    reason = forms.CharField(label="复现情况", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    rectify_due = forms.DateField(label="新的整改期限", widget=DATE)


class ListingForm(BootstrapForm):
    level = forms.ChoiceField(label="挂牌层级", choices=ListingLevel.choices)
    agency = forms.TypedChoiceField(label="督办机构", coerce=int)
    document_number = forms.CharField(label="挂牌督办文书号", max_length=80)
    deadline = forms.DateField(label="督办期限", widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, str(a)) for a in
                                         visible_agencies(user).order_by("name")]
        if user.agency_id:
            self.fields["agency"].initial = user.agency_id


class ExtensionForm(BootstrapForm):
    to_due = forms.DateField(label="延期至", widget=DATE)
    reason = forms.CharField(label="延期理由", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DutyRecordForm(BootstrapForm):
    duty = forms.ChoiceField(label="类别", choices=DutyKind.choices)
    held_on = forms.DateField(label="日期", widget=DATE)
    title = forms.CharField(label="内容", max_length=200)
    leader_name = forms.CharField(label="带队/组织人", max_length=50,
                                  help_text="自查应由主要负责人带队")
    participants = forms.IntegerField(label="参加人数", min_value=0, required=False)
    summary = forms.CharField(label="情况记录", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
