"""Page input of the quick reference. Parsing only: the answers come from reference.py,
the calendar rules from services.py."""

from __future__ import annotations

import datetime as dt

from django import forms

from anzhi.core.errors import ValidationFailed

from .calendar import DayLine, parse_days


def flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "on", "yes", "是")


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据文号", max_length=100,
                             help_text="国务院办公厅关于该年部分节假日安排的通知的文号")
    holidays = forms.CharField(
        label="休息日", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一个日期或日期范围，可在后面写说明，如：2027-02-06~2027-02-12 春节。"
                  "范围内的周末也会列为休息日。")
    workdays = forms.CharField(
        label="调休上班日", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="通知中“上班”的周六、周日，每行一个，如：2027-02-14 春节调休上班")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="修改理由", required=False, max_length=200,
                             help_text="修改已录入的年份时填写")

    def _days(self, name: str, label: str) -> list[DayLine]:
        try:
            return parse_days(self.cleaned_data.get(name) or "", field=name, label=label)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.errors[name]) from None

    def clean_holidays(self) -> list[DayLine]:
        return self._days("holidays", "休息日")

    def clean_workdays(self) -> list[DayLine]:
        return self._days("workdays", "调休上班日")

    def show_errors(self, exc: ValidationFailed) -> None:
        for key, message in exc.errors.items():
            self.add_error(key if key in self.fields else None, message)


def start_of(date_text: str | None, time_text: str | None) -> str:
    """The calculator's start as text for reference.parse_start ("" if no date)."""
    date_text = (date_text or "").strip()
    time_text = (time_text or "").strip()
    if date_text and time_text:
        try:
            dt.time.fromisoformat(time_text)
        except ValueError:
            return f"{date_text}T{time_text}"  # parse_start names it as malformed
        return f"{date_text}T{time_text}"
    return date_text
