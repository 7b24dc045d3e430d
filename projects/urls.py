"""Pages of the projects app (included at /projects/)."""

from django.urls import path

from .views import applicant, calls, public, staff

app_name = "projects"
urlpatterns = [
    path("calls/", public.call_list, name="call-list"),
    path("calls/<int:pk>/", public.call_detail, name="call-detail"),
    path("mine/new/<int:call_pk>/", applicant.application_create, name="application-create"),
    path("mine/", applicant.my_applications, name="my-applications"),
    path("applications/", staff.application_list, name="application-list"),
    path("applications/export/", staff.application_export, name="application-export"),
    path("applications/<int:pk>/", staff.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applicant.application_edit, name="application-edit"),
    path("applications/<int:pk>/submit/", applicant.application_submit, name="application-submit"),
    path("applications/<int:pk>/withdraw/", applicant.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/act/", staff.application_act, name="application-act"),
    path("applications/<int:pk>/approve/", staff.application_approve, name="application-approve"),
    path("manage/calls/", calls.call_manage_list, name="call-manage-list"),
    path("manage/calls/new/", calls.call_create, name="call-create"),
    path("manage/calls/<int:pk>/edit/", calls.call_edit, name="call-edit"),
    path("manage/calls/<int:pk>/publish/", calls.call_publish, name="call-publish"),
]
