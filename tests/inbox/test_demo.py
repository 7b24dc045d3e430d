from io import StringIO

import pytest

from bureau.core import demo as core_demo
from bureau.inbox import demo
from bureau.inbox.models import Message

pytestmark = pytest.mark.django_db


def test_demo_welcome_messages_are_seeded_once():
    core_demo.seed(StringIO())
    core_demo.seed_accounts()
    demo.seed(StringIO())
    demo.seed(StringIO())
    assert Message.objects.filter(title=demo.WELCOME).count() == len(core_demo.ACCOUNTS)
