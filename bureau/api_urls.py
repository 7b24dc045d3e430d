"""``/api/v1/``: every app registers its viewsets on this one router."""

from rest_framework.routers import DefaultRouter

from bureau.accounts.api import register as register_accounts
from bureau.inbox.api import register as register_inbox
from bureau.notices.api import register as register_notices
from bureau.publicity.api import register as register_publicity
from bureau.regions.api import register as register_regions

router = DefaultRouter()
for register in (register_accounts, register_regions, register_notices, register_publicity, register_inbox):
    register(router)

urlpatterns = router.urls
