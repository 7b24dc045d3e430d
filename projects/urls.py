"""Pages of the projects app (included at /projects/)."""

app_name = "projects"
urlpatterns: list = []
