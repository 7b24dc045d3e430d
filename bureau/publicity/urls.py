from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("", views.publicity_list, name="list"),
    path("<int:pk>/", views.publicity_detail, name="detail"),
    path("<int:pk>/objections/<int:objection_pk>/", views.objection_receipt, name="receipt"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/withdraw/", views.staff_withdraw, name="staff-withdraw"),
]
