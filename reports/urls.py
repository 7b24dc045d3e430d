"""Pages of the reports app (included at /reports/)."""

from django.urls import path

from .views import dashboard

app_name = "reports"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("export/", dashboard.dashboard_export, name="dashboard-export"),
    path("drill/", dashboard.drill, name="drill"),
]
