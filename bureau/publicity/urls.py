from django.urls import path
from django.views.generic import TemplateView

app_name = "publicity"
# Placeholder views until the app's pages land; the names are the interface.
_placeholder = TemplateView.as_view(template_name="base.html")
urlpatterns = [
    path("", _placeholder, name="list"),
    path("<int:pk>/", _placeholder, name="detail"),
    path("staff/", _placeholder, name="staff-list"),
    path("staff/<int:pk>/", _placeholder, name="staff-detail"),
]
