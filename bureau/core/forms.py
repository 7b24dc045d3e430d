"""Form helpers shared by every app."""


class BootstrapFormMixin:
    """Give every widget the Bootstrap class its type needs, and mark invalid fields.

    Invalid fields are marked after validation (in ``full_clean``), not in ``__init__``:
    reading ``errors`` there would validate a bound form before a subclass has set its
    choices and messages.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", None)
            if kind in ("checkbox", "radio"):
                css = "form-check-input"
            elif widget.__class__.__name__ in ("Select", "SelectMultiple", "NullBooleanSelect"):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "")
            if css not in classes.split():
                widget.attrs["class"] = f"{classes} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is None:
                continue
            attrs = field.widget.attrs
            if "is-invalid" not in attrs.get("class", "").split():
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
