"""Page forms: parse input only; the services validate and write."""

from django import forms
from django.utils import timezone

from anzhi.accounts.selectors import visible_officers
from anzhi.core import followups
from anzhi.core.errors import ValidationFailed

from .choices import Mode, Result, SignatureKind
from .models import Checklist

DISPOSITION_CHOICES = [("", "（暂不处置）"), *followups.KIND_LABELS.items()]


class ServiceErrorsMixin:
    def show_errors(self, exc: ValidationFailed) -> None:
        for key, message in exc.errors.items():
            field = key.rsplit(".", 1)[-1]
            self.add_error(field if field in self.fields else None, message)


class StartForm(ServiceErrorsMixin, forms.Form):
    enterprise = forms.IntegerField(label="被检查单位", widget=forms.HiddenInput)
    mode = forms.ChoiceField(label="检查方式", choices=Mode.choices, initial=Mode.PLANNED)
    officers = forms.MultipleChoiceField(label="执法人员（至少两名）",
                                         widget=forms.CheckboxSelectMultiple, required=False)
    checklist = forms.ChoiceField(label="检查表", required=False)
    campaign = forms.ChoiceField(label="专项行动", required=False)
    place = forms.CharField(label="检查地点", required=False, max_length=200)
    started_at = forms.DateTimeField(
        label="检查开始时间", required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from anzhi.planning.models import Campaign

        officers = visible_officers(user)
        if user.agency_id:
            officers = officers.filter(agency_id=user.agency_id)
        self.fields["officers"].choices = [(str(u.pk), u.display_name) for u in officers[:200]]
        self.fields["checklist"].choices = [("", "（不使用检查表）")] + [
            (c.code, c.title) for c in Checklist.objects.filter(is_active=True).order_by("code")]
        self.fields["campaign"].choices = [("", "（无）")] + [
            (str(c.pk), c.title) for c in Campaign.objects.order_by("-starts_on")[:50]]
        if not self.is_bound:
            self.initial.setdefault("officers", [str(user.pk)])
            self.initial.setdefault("started_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {"enterprise": d["enterprise"], "mode": d["mode"], "officers": d["officers"],
                "checklist": d["checklist"], "campaign": d["campaign"] or None,
                "place": d["place"], "started_at": d["started_at"]}


class FindingForm(ServiceErrorsMixin, forms.Form):
    client_id = forms.CharField(widget=forms.HiddenInput, required=False)
    item = forms.ChoiceField(label="对应检查项", required=False)
    description = forms.CharField(label="问题描述", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label="法律依据", required=False)
    standard_basis = forms.CharField(label="标准依据", required=False)
    is_major = forms.BooleanField(label="重大事故隐患", required=False)
    raised_by = forms.ChoiceField(label="问题提出人员", required=False)
    kind = forms.ChoiceField(label="执法处置意见", choices=DISPOSITION_CHOICES, required=False)
    deadline = forms.DateField(label="期限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text="责令限期整改的整改期限；移交其他部门的回复期限")
    note = forms.CharField(label="处置说明", required=False, max_length=500,
                           help_text="移交其他部门时写明接收部门")

    def __init__(self, *args, items=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "（无）")] + [
            (str(i.pk), f"{i.seq}. {i.content[:30]}") for i in items]
        self.fields["raised_by"].choices = [("", "（未指定）")] + [
            (str(m.user_id), m.name) for m in members if m.user_id]

    def service_data(self) -> dict:
        d = self.cleaned_data
        dispositions = []
        if d["kind"]:
            dispositions.append({"kind": d["kind"], "deadline": d["deadline"],
                                 "note": d["note"]})
        return {"client_id": d["client_id"], "item": d["item"] or None,
                "description": d["description"], "legal_basis": d["legal_basis"],
                "standard_basis": d["standard_basis"], "is_major": d["is_major"],
                "raised_by": d["raised_by"] or None, "dispositions": dispositions}


class AnswerForm(forms.Form):
    result = forms.ChoiceField(choices=[("", ""), *Result.choices], required=False)
    note = forms.CharField(required=False, max_length=4000)


class SignForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(choices=SignatureKind.choices)
    signer = forms.IntegerField(required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput)
    name = forms.CharField(required=False, max_length=50)
    statement = forms.CharField(required=False, max_length=2000)
    drawing = forms.CharField(required=False, widget=forms.HiddenInput)
    witness = forms.CharField(required=False, max_length=50)


class ChecklistItemForm(forms.Form):
    section = forms.CharField(label="检查项目", required=False, max_length=60)
    content = forms.CharField(label="检查内容", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label="法律依据", required=False)
    standard_basis = forms.CharField(label="标准依据", required=False)
    is_major = forms.BooleanField(label="重大隐患判定项", required=False)
    statute_entry = forms.CharField(label="罚则目录编号", required=False, max_length=40)


ChecklistItemFormSet = forms.formset_factory(ChecklistItemForm, extra=2, can_delete=True)
