"""Pages of the reports app (included at /reports/)."""

app_name = "reports"
urlpatterns: list = []
