"""Pages of the reports app (included at /reports/)."""

from django.urls import path

from .views import dashboard, indicators

app_name = "reports"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export/", dashboard.dashboard_export, name="dashboard-export"),
    path("drill/", dashboard.drill, name="drill"),
    path("indicators/", indicators.catalogue, name="catalogue"),
    path("indicators/refresh/", indicators.refresh_now, name="refresh"),
    path("targets/", indicators.targets, name="targets"),
    path("entered/", indicators.entered, name="entered"),
    path("ranks/", indicators.ranks, name="ranks"),
    path("import/<slug:kind>/", indicators.import_page, name="import"),
    path("import/<slug:kind>/template/", indicators.import_template, name="import-template"),
    path("summary/", indicators.summary, name="summary"),
]
