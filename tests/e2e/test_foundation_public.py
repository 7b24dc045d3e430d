"""Browser journeys of the foundation's public side: the home page and the API documentation.

The English switch has its own journey (test_i18n_switch.py).
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from bureau.accounts.models import Role
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.factories import DepartmentFactory, UserFactory
from tests.notices.factories import CallFactory, NoticeFactory
from tests.publicity.conftest import publish_list

pytestmark = pytest.mark.django_db(transaction=True)

# A name that is not "localhost", as in production: Swagger UI, for one, leaves out its
# online-validator badge (a request to validator.swagger.io) for localhost addresses only.
DOCS_HOST = "docs.portal.test"
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
    .map(e => e.outerHTML.slice(0, 120))"""


@dataclass
class Docs:
    """A page that reaches the live server as ``docs.portal.test`` and what it requested."""

    page: object
    requested: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    #: Stopped inside the browser by the page's Content-Security-Policy: never sent.
    blocked: list[str] = field(default_factory=list)

    def on_failed(self, request):
        (self.blocked if request.failure == "csp" else self.failed).append(request.url)

    def shot(self, name: str):
        """Save the first screen only: the whole of ReDoc is some 60,000 pixels tall."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def elsewhere(self) -> list[str]:
        """Return the requests sent anywhere but the portal's own host (CDNs, web fonts, validators)."""
        local = ("data:", "blob:http://" + DOCS_HOST)  # inline images, ReDoc's web worker
        return [
            url
            for url in self.requested
            if urlsplit(url).hostname != DOCS_HOST and not url.startswith(local) and url not in self.blocked
        ]


@pytest.fixture
def docs(browser, live_server, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, DOCS_HOST]
    port = urlsplit(live_server.url).port
    # A browser of its own, to map the name onto the live server.
    own = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {DOCS_HOST} 127.0.0.1"]
    )
    context = own.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=f"http://{DOCS_HOST}:{port}"
    )
    docs = Docs(context.new_page())
    docs.page.set_default_timeout(15_000)
    docs.page.on("request", lambda request: docs.requested.append(request.url))
    docs.page.on("requestfailed", docs.on_failed)
    yield docs
    own.close()


def test_home_page_shows_notices_open_calls_and_public_notices(page, screenshot):
    staff = UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(name="高新技术科"))
    NoticeFactory(published=True, title="关于开展2026年度企业研发投入统计填报工作的通知")
    NoticeFactory(title="尚未发布的通知草稿")
    CallFactory(published=True, title="关于组织申报2027年度株洲市科技计划项目的通知")
    publish_list(staff, lines=3, title="2026年第四批科技型中小企业入库名单公示")

    page.goto("/")
    expect(page).to_have_title("首页 · 株洲市科学技术局")
    expect(page.get_by_role("banner")).to_contain_text("株洲市科学技术局")
    expect(page.get_by_role("banner")).to_contain_text("科技政务服务平台")

    notices = page.get_by_role("region", name="通知公告")
    expect(notices.get_by_role("link", name="关于开展2026年度企业研发投入统计填报工作的通知")).to_be_visible()
    expect(notices).not_to_contain_text("尚未发布的通知草稿")
    calls = page.get_by_role("region", name="正在申报")
    expect(calls.get_by_role("link", name="关于组织申报2027年度株洲市科技计划项目的通知")).to_be_visible()
    expect(calls).to_contain_text("还剩 20 天")
    publicity = page.get_by_role("region", name="正在公示")
    expect(publicity.get_by_role("link", name="2026年第四批科技型中小企业入库名单公示")).to_be_visible()
    expect(publicity).to_contain_text("个工作日")

    # An anonymous visitor is offered the way in, and every field has a label.
    expect(page.get_by_role("banner").get_by_role("link", name="登录", exact=True)).to_be_visible()
    expect(page.get_by_test_id("home-login")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
    expect(page.get_by_role("contentinfo")).to_contain_text("主办单位：株洲市科学技术局")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("foundation-home-1366")

    page.get_by_test_id("home-login").click()
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    assert page.evaluate(UNLABELLED) == []
    screenshot("foundation-login-1366")


def test_swagger_ui_is_served_by_the_portal_itself(docs):
    docs.page.goto("/api/docs/")
    ui = docs.page.locator("#swagger-ui")
    expect(ui.locator(".info .title")).to_contain_text("科技政务服务平台 API")
    # The operations come from /api/schema/, grouped by resource.
    expect(ui.locator(".opblock-tag-section").first).to_be_visible()
    expect(ui.get_by_text("/api/v1/notices/", exact=True).first).to_be_visible()
    docs.page.wait_for_load_state("networkidle")
    assert any(urlsplit(url).path == "/api/schema/" for url in docs.requested)
    assert docs.elsewhere() == []
    assert docs.failed == []
    docs.shot("foundation-api-swagger")


def test_redoc_is_served_by_the_portal_itself(docs):
    docs.page.goto("/api/redoc/")
    # ReDoc renders the whole schema before showing anything: give it time.
    title = docs.page.get_by_role("heading", level=1).first
    expect(title).to_contain_text("科技政务服务平台 API", timeout=20_000)
    expect(docs.page.get_by_text("/api/v1/notices/").first).to_be_attached()
    docs.page.wait_for_load_state("networkidle")
    assert any(urlsplit(url).path == "/api/schema/" for url in docs.requested)
    assert docs.elsewhere() == []
    assert docs.failed == []
    docs.shot("foundation-api-redoc")


@pytest.mark.django_db
def test_schema_is_openapi_3(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "科技政务服务平台 API"
    assert schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    for path in ("/api/v1/notices/", "/api/v1/regions/", "/api/v1/me/", "/api/v1/auth/token/"):
        assert path in schema["paths"], path
    # Both ways in that the API accepts are documented.
    schemes = schema["components"]["securitySchemes"]
    assert {"cookieAuth", "tokenAuth"} <= set(schemes)
    # The default format is YAML, as drf-spectacular serves it.
    assert client.get("/api/schema/")["Content-Type"].startswith("application/vnd.oai.openapi")
