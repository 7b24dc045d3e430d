"""Pages of the enterprises app (included at /enterprises/)."""

from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    # Registration and invitations
    path("register/", views.register, name="register"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    # The applicant's own profile (企业服务)
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile-edit"),
    path("profile/switch/", views.switch_organization, name="switch-organization"),
    path("profile/years/", views.year_list, name="years"),
    path("profile/years/<int:year>/", views.year_edit, name="year-edit"),
    path("profile/ip/", views.ip_list, name="ip-list"),
    path("profile/ip/new/", views.ip_edit, name="ip-new"),
    path("profile/ip/<int:pk>/", views.ip_edit, name="ip-edit"),
    path("profile/ip/<int:pk>/delete/", views.ip_delete, name="ip-delete"),
    path("profile/qualifications/", views.qualification_list, name="qualifications"),
    path("profile/qualifications/new/", views.qualification_edit, name="qualification-new"),
    path("profile/qualifications/<int:pk>/", views.qualification_edit, name="qualification-edit"),
    path("profile/qualifications/<int:pk>/delete/", views.qualification_delete, name="qualification-delete"),
    path("profile/members/", views.members, name="members"),
    path("profile/members/<int:pk>/", views.member_action, name="member-action"),
    path("profile/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    # Staff (创新主体)
    path("orgs/", views.org_list, name="org-list"),
    path("orgs/pending/", views.org_pending, name="org-pending"),
    path("orgs/export/", views.org_export, name="org-export"),
    path("orgs/import/", views.org_import, name="org-import"),
    path("orgs/<int:pk>/", views.org_detail, name="org-detail"),
    path("orgs/<int:pk>/verify/", views.org_verify, name="org-verify"),
    path("orgs/<int:pk>/licence/", views.org_licence, name="org-licence"),
    path("orgs/<int:pk>/integrity/", views.integrity_add, name="integrity-add"),
]
