"""System checks for settings that would only fail later, at the worst time."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def vendor_assets_installed(app_configs, **kwargs):
    """Warn when the npm packages (Bootstrap, htmx, ECharts) have not been installed."""
    missing = [
        str(path)
        for entry in settings.STATICFILES_DIRS
        for path in [entry[1] if isinstance(entry, tuple) else entry]
        if not path.exists()
    ]
    if missing:
        return [
            checks.Warning(
                "前端依赖未安装：" + ", ".join(missing),
                hint="运行 make install（或 npm ci）安装 Bootstrap、htmx 与 ECharts。",
                id="bureau.W001",
            )
        ]
    return []
