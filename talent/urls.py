"""Pages of the talent app (included at /talent/)."""

app_name = "talent"
urlpatterns: list = []
