import pytest

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded avatars land in a throwaway folder, not the data folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(db):
    return UserFactory(username="ada", display_name="Ada Lovelace", city="London")


@pytest.fixture
def other_member(db):
    return UserFactory(username="grace")


@pytest.fixture
def staff(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)
