"""Page forms of the case page. They only parse input: every rule (catalogue entry, party
kind, ID number, circumstances, state, permission) is checked by services.py, whose Chinese
messages are put back on the matching fields."""

from __future__ import annotations

from django import forms

from anzhi.core.forms import BootstrapForm
from anzhi.law import discretion, statutes

from .choices import PartyKind


class _AnyChoice(forms.ChoiceField):
    """A select whose value the service validates (and names the field in its message)."""

    def valid_value(self, value) -> bool:
        return True


class _AnyChoices(forms.MultipleChoiceField):
    def valid_value(self, value) -> bool:
        return True


class CaseForm(BootstrapForm):
    """Compact Bootstrap fields, and the service's errors ("violation.entry_id") on them."""

    control_size = "sm"


def statute_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue grouped by article; a paragraph with items is offered as its items,
    under the paragraph's own title, so the basis chosen is the precise item. Entries the
    current law superseded (条例 Art 37, 38) are left out: only the current basis is picked."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for e in statutes.entries():
        if e.children or e.superseded_by:  # superseded: its successor is offered
            continue
        head = f"{e.law_name}第{e.article}条"
        label = head
        if e.parent:
            parent = statutes.get(e.parent)
            label = f"{parent.citation} {parent.title}"
        rest = e.citation.removeprefix(head)
        groups.setdefault(label, []).append((e.id, f"{rest} {e.title}".strip()))
    return [("", "请选择罚则条目"), *groups.items()]


class ViolationForm(CaseForm):
    prefix_of_errors = "violation."

    entry_id = _AnyChoice(label="违法行为（罚则条目）", required=False)
    facts = forms.CharField(label="违法事实", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    overdue = forms.BooleanField(label="责令改正后逾期未改正", required=False)
    accident = forms.BooleanField(label="导致发生生产安全事故", required=False)
    circumstances = _AnyChoices(label="裁量情节", required=False,
                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry_id"].choices = statute_choices()
        self.fields["entry_id"].widget.attrs["required"] = True  # the browser's hint only
        self.fields["circumstances"].choices = list(discretion.CIRCUMSTANCES.items())

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class PartyForm(CaseForm):
    """A person of 一案双罚: typed in, or taken from the enterprise's dossier (一企一档)."""

    prefix_of_errors = "party."

    kind = _AnyChoice(label="当事人身份", required=False,
                      choices=[(v, lb) for v, lb in PartyKind.choices if v != PartyKind.UNIT])
    person = _AnyChoice(label="从企业档案选择人员", required=False)
    name = forms.CharField(label="姓名", required=False, max_length=200)
    id_number = forms.CharField(label="身份证号码", required=False, max_length=40,
                                help_text="18位公民身份号码，按 GB 11643 校验")
    position = forms.CharField(label="职务", required=False, max_length=50)
    last_year_income = forms.CharField(
        label="上一年年收入（元）", required=False, max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="按安全生产法第95条、第96条、第110条以上一年年收入的比例罚款时必填")

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        people = enterprise.people.filter(is_current=True)
        self.fields["person"].choices = [("", "不选择，手工填写")] + [
            (str(p.pk), f"{p.get_role_display()} {p.name}") for p in people]

    def service_data(self) -> dict:
        d = dict(self.cleaned_data)
        person = str(d.pop("person") or "")
        if person.isdecimal():
            d["person"] = int(person)
        elif person:
            d["person"] = -1  # not a person of this enterprise: the service says so
        return d


class FactsForm(CaseForm):
    facts = forms.CharField(label="案件事实", required=False,
                            widget=forms.Textarea(attrs={"rows": 5}))
    is_serious = forms.BooleanField(label="重大复杂案件（须经负责人集体讨论决定）", required=False)
