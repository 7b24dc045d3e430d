"""Pages of the talent app (included at /talent/).

The list URL names and their GET parameters are linked to by the KPI drill-downs:
``selection-list`` (program, year, region, q), ``expert-list`` (region, status, title,
field, q), ``commissioner-list`` (region, kind, year, state, q).
"""

from django.urls import path
from django.views.generic import RedirectView

from .views import commissioners, experts, programs, selections

app_name = "talent"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="talent:program-list"), name="index"),
    path("programs/", programs.program_list, name="program-list"),
    path("selections/", selections.selection_list, name="selection-list"),
    path("selections/new/", selections.selection_edit, name="selection-new"),
    path("selections/import/", selections.selection_import, name="selection-import"),
    path("selections/import/template/", selections.selection_import_template, name="selection-import-template"),
    path("selections/<int:pk>/", selections.selection_detail, name="selection-detail"),
    path("selections/<int:pk>/edit/", selections.selection_edit, name="selection-edit"),
    path("experts/", experts.expert_list, name="expert-list"),
    path("experts/new/", experts.expert_edit, name="expert-new"),
    path("experts/mine/", experts.expert_mine, name="expert-mine"),
    path("experts/<int:pk>/", experts.expert_detail, name="expert-detail"),
    path("experts/<int:pk>/edit/", experts.expert_edit, name="expert-edit"),
    path("experts/<int:pk>/status/", experts.expert_status, name="expert-status"),
    path("commissioners/", commissioners.commissioner_list, name="commissioner-list"),
    path("commissioners/new/", commissioners.commissioner_edit, name="commissioner-new"),
    path("commissioners/<int:pk>/", commissioners.commissioner_detail, name="commissioner-detail"),
    path("commissioners/<int:pk>/edit/", commissioners.commissioner_edit, name="commissioner-edit"),
    path("commissioners/<int:pk>/logs/", commissioners.commissioner_log_add, name="commissioner-log-add"),
    path("commissioners/<int:pk>/end/", commissioners.commissioner_end, name="commissioner-end"),
]
