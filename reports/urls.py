"""Pages of the reports app (included at /reports/)."""

from django.urls import path

from .views import campaigns, dashboard, indicators

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
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_edit, name="campaign-new"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path("campaigns/<int:pk>/export/", campaigns.campaign_export, name="campaign-export"),
    path("campaigns/<int:pk>/<slug:action>/", campaigns.campaign_action, name="campaign-action"),
    path("my-campaigns/", campaigns.my_campaigns, name="my-campaigns"),
    path("answers/<int:pk>/", campaigns.answer, name="answer"),
    path("answers/<int:pk>/confirm/", campaigns.answer_confirm, name="answer-confirm"),
]
