"""``/api/v1/``: every app registers its viewsets on this one router."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

# Each module has ``register(router)``; the order only affects the API root listing.
API_MODULES = [
    "bureau.accounts.api",
    "bureau.regions.api",
    "bureau.notices.api",
    "bureau.publicity.api",
    "bureau.inbox.api",
    "bureau.core.api_views",
    "enterprises.api",
    "enterprises.certification.api",
    "contracts.api",
    "projects.api",
    "talent.api",
    "reports.api",
]

router = DefaultRouter()
for module in API_MODULES:
    import_module(module).register(router)

urlpatterns = router.urls
