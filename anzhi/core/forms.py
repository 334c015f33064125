"""What every page form shares: Bootstrap's classes on its widgets, and a service's
ValidationFailed put back on the matching fields."""

from django import forms

from .errors import ValidationFailed


class BootstrapForm(forms.Form):
    """Bootstrap 5 classes on every widget; ``control_size = "sm"`` for compact forms (the
    forms beside a case's records). Checkbox and radio lists are styled in templates."""

    control_size = ""
    prefix_of_errors = ""  # e.g. "violation." when the service names fields that way

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = f" form-select-{self.control_size}" if self.control_size else ""
        control = f" form-control-{self.control_size}" if self.control_size else ""
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            elif isinstance(w, forms.Select):  # SelectMultiple too
                w.attrs.setdefault("class", "form-select" + size)
            else:
                w.attrs.setdefault("class", "form-control" + control)

    def show_errors(self, exc: ValidationFailed) -> None:
        for key, message in exc.errors.items():
            name = key.removeprefix(self.prefix_of_errors)
            self.add_error(name if name in self.fields else None, message)
