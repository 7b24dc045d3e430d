"""Pages of the contracts app (included at /contracts/)."""

from django.urls import path

from . import views
from .views import brokers as broker_views
from .views import statistics as statistics_views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_new, name="new"),
    path("queue/", views.queue, name="queue"),
    path("overdue/", views.overdue, name="overdue"),
    path("export/", views.export_contracts, name="export"),
    path("import/", views.import_contracts, name="import"),
    path("import/template/", views.import_template, name="import-template"),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("income/", views.income_list, name="income-list"),
    path("income/<int:pk>/", views.income_detail, name="income-detail"),
    path("brokers/", broker_views.broker_list, name="broker-list"),
    path("brokers/new/", broker_views.broker_edit, name="broker-new"),
    path("brokers/<int:pk>/", broker_views.broker_detail, name="broker-detail"),
    path("brokers/<int:pk>/edit/", broker_views.broker_edit, name="broker-edit"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/edit/", views.contract_edit, name="edit"),
    path("<int:pk>/act/", views.contract_act, name="act"),
    path("<int:pk>/certificate/", views.certificate, name="certificate"),
    path("<int:pk>/scans/<int:attachment_pk>/", views.scan, name="scan"),
    path("<int:pk>/income/new/", views.income_new, name="income-new"),
]
