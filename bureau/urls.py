"""Root URLs: public portal, workbench, apps, API and admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from bureau.core import views as core_views

admin.site.site_header = _("科技政务服务平台 · 系统管理")
admin.site.site_title = _("系统管理")
admin.site.index_title = _("管理首页")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("workbench/", core_views.workbench, name="workbench"),
    path("workbench/role/", core_views.switch_role, name="switch-role"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("bureau.accounts.urls")),
    path("notices/", include("bureau.notices.urls")),
    path("publicity/", include("bureau.publicity.urls")),
    path("inbox/", include("bureau.inbox.urls")),
    path("progress/", include("bureau.core.urls")),
    path("jobs/", include("bureau.core.job_urls")),
    path("enterprises/", include("enterprises.urls")),
    path("certification/", include("enterprises.certification.urls")),
    path("contracts/", include("contracts.urls")),
    path("projects/", include("projects.urls")),
    path("talent/", include("talent.urls")),
    path("reports/", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("bureau.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
