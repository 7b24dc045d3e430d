from django.urls import path

from . import progress

app_name = "core"
urlpatterns = [path("", progress.lookup, name="lookup")]
