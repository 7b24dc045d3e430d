"""Pages of certification (included at /certification/)."""

from django.urls import path

from . import views

app_name = "certification"
urlpatterns = [
    # SME evaluation (科技型中小企业评价)
    path("sme/", views.sme_list, name="sme-list"),
    path("sme/new/", views.sme_start, name="sme-start"),
    path("sme/<int:pk>/", views.sme_detail, name="sme-detail"),
    path("sme/<int:pk>/edit/", views.sme_edit, name="sme-edit"),
    path("sme/<int:pk>/preview/", views.sme_preview, name="sme-preview"),
    path("sme/<int:pk>/review/", views.sme_review, name="sme-review"),
    path("sme/<int:pk>/withdraw/", views.sme_withdraw, name="sme-withdraw"),
    path("sme/<int:pk>/number/", views.sme_number, name="sme-number"),
    path("sme/<int:pk>/revoke/", views.sme_revoke, name="sme-revoke"),
    path("staff/sme/", views.sme_staff_list, name="sme-staff-list"),
    path("staff/sme/export/", views.sme_export, name="sme-export"),
    path("staff/sme/batch/", views.sme_batch_new, name="sme-batch-new"),
    # High-tech enterprise (高新技术企业)
    path("hightech/", views.hightech_home, name="hightech-home"),
    path("hightech/new/", views.hightech_start, name="hightech-start"),
    path("hightech/<int:pk>/", views.hightech_detail, name="hightech-detail"),
    path("hightech/<int:pk>/edit/", views.hightech_edit, name="hightech-edit"),
    path("hightech/<int:pk>/upload/", views.attachment_upload, name="attachment-upload"),
    path("hightech/<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment-download"),
    path("hightech/<int:pk>/files/<int:attachment_pk>/delete/", views.attachment_delete, name="attachment-delete"),
    path("hightech/<int:pk>/review/", views.hightech_review, name="hightech-review"),
    path("hightech/<int:pk>/withdraw/", views.hightech_withdraw, name="hightech-withdraw"),
    path("hightech/<int:pk>/result/", views.hightech_result, name="hightech-result"),
    path("staff/hightech/", views.hightech_staff_list, name="hightech-staff-list"),
    path("staff/hightech/export/", views.hightech_export, name="hightech-export"),
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/new/", views.certificate_new, name="certificate-new"),
    path("certificates/export/", views.certificate_export, name="certificate-export"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/cancel/", views.certificate_cancel, name="certificate-cancel"),
    path("certificates/<int:pk>/annual-report/", views.annual_report, name="annual-report"),
    # Cultivation (梯度培育), queue, imports
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/export/", views.pipeline_export, name="pipeline-export"),
    path("pipeline/refresh/", views.pipeline_refresh, name="pipeline-refresh"),
    path("reserve/", views.reserve_list, name="reserve-list"),
    path("reserve/add/", views.reserve_add, name="reserve-add"),
    path("reserve/<int:pk>/remove/", views.reserve_remove, name="reserve-remove"),
    path("staff/queue/", views.queue, name="queue"),
    path("staff/import/", views.import_lists, name="import"),
    path("staff/import/template/<str:kind>/", views.import_template, name="import-template"),
]
