"""Pages of the enterprises app (included at /enterprises/)."""

app_name = "enterprises"
urlpatterns: list = []
