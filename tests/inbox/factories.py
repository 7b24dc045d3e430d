"""Factories of the inbox: messages and to-dos."""

import factory

from bureau.inbox.models import Message, Todo
from tests.factories import UserFactory


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"您的申报材料已受理（{n}）")
    body = "株洲测试科技有限公司提交的材料已受理，请留意后续审核结果。"
    url = "/workbench/"


class TodoFactory(factory.django.DjangoModelFactory):
    """A to-do; pass ``users=[...]`` for named addressees or ``role=...`` for a role."""

    class Meta:
        model = Todo
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"审核科技型中小企业评价申请（{n}）")
    url = "/workbench/"

    @factory.post_generation
    def users(self, create, extracted, **kwargs):
        if create and extracted:
            self.users.set(extracted)
