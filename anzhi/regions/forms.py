"""Page forms for the region tree. They parse input only; rules live in services.py."""

from django import forms

from anzhi.core.errors import ValidationFailed

from .divisions import URBAN_RURAL_CODES


class RegionAddForm(forms.Form):
    code = forms.CharField(label="区划代码", max_length=20,
                           help_text="乡镇9位、村12位统计用区划代码")
    name = forms.CharField(label="名称", max_length=64)
    urban_rural_code = forms.ChoiceField(
        label="城乡分类代码", required=False,
        choices=[("", "（不填）")] + [(k, f"{k} {v}") for k, v in URBAN_RURAL_CODES.items()])

    def show_errors(self, exc: ValidationFailed) -> None:
        for key, message in exc.errors.items():
            self.add_error(key if key in self.fields else None, message)


class DivisionImportForm(forms.Form):
    file = forms.FileField(label="统计用区划代码表",
                           help_text="Excel（.xlsx）或 CSV 文件，含“统计用区划代码”“名称”列，"
                                     "可含“城乡分类代码”列")
