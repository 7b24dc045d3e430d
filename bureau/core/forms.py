"""Form helpers shared by every app."""


class BootstrapFormMixin:
    """Give every widget the Bootstrap class its type needs, and mark invalid fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            kind = getattr(widget, "input_type", None)
            if kind in ("checkbox", "radio"):
                css = "form-check-input"
            elif widget.__class__.__name__ in ("Select", "SelectMultiple"):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "")
            if self.is_bound and name in self.errors:
                css += " is-invalid"
                widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] = f"{classes} {css}".strip()
