"""Factories of notices (drafts by default; ``published=True`` publishes through the service)."""

from datetime import timedelta

import factory
from django.utils import timezone

from bureau.notices.models import Notice


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"关于开展第{n}批科技工作的通知")
    category = Notice.Category.NOTICE
    body = "各县市区科技主管部门：\n\n现将有关事项通知如下。\n\n一、请按时报送。"

    class Params:
        published = factory.Trait(status=Notice.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
        withdrawn = factory.Trait(
            status=Notice.Status.WITHDRAWN,
            published_at=factory.LazyFunction(timezone.now),
            withdrawn_at=factory.LazyFunction(timezone.now),
        )


class CallFactory(NoticeFactory):
    title = factory.Sequence(lambda n: f"关于组织申报第{n}批科技计划项目的通知")
    category = Notice.Category.CALL
    apply_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    apply_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
