"""Filter sets shared by every app's lists."""

import django_filters


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose form widgets carry Bootstrap's small control classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = field.widget.__class__.__name__ in ("Select", "NullBooleanSelect")
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"
