import pytest
from django.urls import reverse

from cocreate.reputation import actions
from cocreate.reputation.models import CertificationRequest, MemberStats, PointsEntry, TierChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_admin_grant_goes_through_the_action(admin_client, member, staff):
    url = reverse("admin:reputation_pointsentry_add")

    response = admin_client.post(url, {"member": member.pk, "points": 25, "reason": "Meetup"})

    assert response.status_code == 302
    entry = PointsEntry.objects.get()
    assert (entry.points, entry.granted_by, entry.verb) == (25, staff, "staff.grant")
    assert MemberStats.objects.get(member=member).points == 25


def test_admin_grant_without_reason_is_refused(admin_client, member):
    url = reverse("admin:reputation_pointsentry_add")

    response = admin_client.post(url, {"member": member.pk, "points": 25, "reason": ""})

    assert response.status_code == 200
    assert not PointsEntry.objects.exists()


def test_admin_tier_change_goes_through_the_action(admin_client, member):
    url = reverse("admin:reputation_tierchange_add")

    response = admin_client.post(url, {"member": member.pk, "tier": "moderator", "reason": "x"})
    same = admin_client.post(url, {"member": member.pk, "tier": "moderator", "reason": "x"})

    assert response.status_code == 302
    assert same.status_code == 200
    assert TierChange.objects.count() == 1
    assert MemberStats.objects.get(member=member).tier == "moderator"


def test_admin_approves_certification(admin_client, member):
    request = actions.request_certification(member)
    url = reverse("admin:reputation_certificationrequest_changelist")

    admin_client.post(url, {"action": "approve", "_selected_action": [request.pk]})

    assert CertificationRequest.objects.get().status == "approved"
    assert MemberStats.objects.get(member=member).tier == "certified"


@pytest.mark.parametrize(
    "model", ["pointsrule", "pointsentry", "memberstats", "tierchange", "medal", "medalgrant"]
)
def test_admin_lists_render(admin_client, member, model):
    actions.award_points(member.pk, points=3, verb="post.created")

    response = admin_client.get(reverse(f"admin:reputation_{model}_changelist"), {"q": "ada"})

    assert response.status_code == 200
