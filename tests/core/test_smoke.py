import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_renders_in_chinese(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "株洲市科学技术局" in response.content.decode()
    assert response.headers["Content-Language"] == "zh-hans"
