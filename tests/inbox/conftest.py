import pytest

from tests.factories import UserFactory


def saved_user(**kwargs):
    """Create a user whose password is saved too.

    ``tests.factories.UserFactory`` skips the post-generation save, so without roles the
    password set by ``set_password`` never reaches the database and a forced login is
    dropped on the next request (the session hash no longer matches).
    """
    user = UserFactory(**kwargs)
    user.save()
    return user


@pytest.fixture
def user(db):
    return saved_user()


@pytest.fixture
def other_user(db):
    return saved_user()
