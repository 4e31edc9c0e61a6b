import pytest
from django.urls import reverse

from cocreate.ideas import actions
from cocreate.ideas.models import ProductIdeaSettings
from conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    return logged_in(client, staff)


@pytest.mark.parametrize("model", ["idea", "support", "tag", "productideasettings"])
def test_admin_lists_render(admin_client, idea, model):
    assert admin_client.get(reverse(f"admin:ideas_{model}_changelist")).status_code == 200


def test_an_idea_opens_read_only_with_its_timeline(admin_client, idea, staff):
    actions.change_status(idea, actor=staff, status="planned", response="Yes")

    response = admin_client.get(reverse("admin:ideas_idea_change", args=[idea.pk]))

    assert response.status_code == 200 and "Yes" in response.content.decode()
    assert "Save" not in response.content.decode()


def test_staff_set_the_support_threshold(admin_client, ideas_board, product):
    settings = ProductIdeaSettings.objects.get(product=product)

    response = admin_client.post(
        reverse("admin:ideas_productideasettings_change", args=[settings.pk]),
        {"threshold_supports": 100, "threshold_days": 45, "archive_unreached": "on"},
    )

    assert response.status_code == 302
    settings.refresh_from_db()
    assert (settings.threshold_supports, settings.threshold_days, settings.archive_unreached) == (
        100,
        45,
        True,
    )
