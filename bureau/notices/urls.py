from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/new/", views.staff_create, name="staff-create"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/transition/", views.staff_transition, name="staff-transition"),
    path("staff/<int:pk>/attachments/", views.staff_attachment_add, name="staff-attachment-add"),
    path(
        "staff/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.staff_attachment_delete,
        name="staff-attachment-delete",
    ),
]
