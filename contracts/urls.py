"""Pages of the contracts app (included at /contracts/)."""

app_name = "contracts"
urlpatterns: list = []
