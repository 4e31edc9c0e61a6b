import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from cocreate.accounts import actions
from cocreate.accounts.models import ApiToken, User
from cocreate.accounts.tokens import create_api_token
from cocreate.core.activity import record
from cocreate.core.models import Activity

from .uploads import fake_image_upload, image_upload

pytestmark = pytest.mark.django_db


def _verbs(user) -> list[str]:
    return list(Activity.objects.filter(actor=user).order_by("id").values_list("verb", flat=True))


def test_set_language_saves_the_choice_and_records_it(member):
    assert actions.set_language(member, actor=member, language="zh-hans")

    member.refresh_from_db()
    assert member.language == "zh-hans"
    assert _verbs(member) == ["account.language_changed"]


def test_update_profile_saves_changed_fields_and_records_which(member):
    changed = actions.update_profile(
        member, actor=member, display_name="Ada", bio="Hi", city="London", language=""
    )

    member.refresh_from_db()
    assert changed == ["display_name", "bio"]
    assert (member.display_name, member.bio) == ("Ada", "Hi")
    activity = Activity.objects.get(verb="account.profile_updated")
    assert activity.target == member
    assert activity.data == {"fields": ["display_name", "bio"]}


def test_update_profile_without_changes_records_nothing(member):
    assert actions.update_profile(member, actor=member, city="London") == []
    assert _verbs(member) == []


def test_update_profile_refuses_fields_that_are_not_profile_fields(member):
    with pytest.raises(TypeError):
        actions.update_profile(member, actor=member, is_staff=True)


def test_set_avatar_stores_a_reencoded_avatar_and_thumbnail(member):
    actions.set_avatar(member, actor=member, upload=image_upload())

    member.refresh_from_db()
    assert default_storage.exists(member.avatar.name)
    assert default_storage.exists(member.avatar_thumbnail.name)
    assert member.avatar.name.startswith("avatars/")
    assert _verbs(member) == ["account.avatar_changed"]


def test_set_avatar_deletes_the_old_files_once_committed(
    member, django_capture_on_commit_callbacks
):
    actions.set_avatar(member, actor=member, upload=image_upload())
    old = [member.avatar.name, member.avatar_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        actions.set_avatar(member, actor=member, upload=image_upload(color=(0, 0, 255)))

    assert not any(default_storage.exists(name) for name in old)
    assert default_storage.exists(member.avatar.name)


def test_set_avatar_with_a_fake_image_changes_nothing(member):
    with pytest.raises(ValidationError):
        actions.set_avatar(member, actor=member, upload=fake_image_upload())

    member.refresh_from_db()
    assert not member.avatar
    assert _verbs(member) == []


def test_remove_avatar_clears_the_fields_and_deletes_the_files(
    member, django_capture_on_commit_callbacks
):
    actions.set_avatar(member, actor=member, upload=image_upload())
    names = [member.avatar.name, member.avatar_thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remove_avatar(member, actor=member)

    member.refresh_from_db()
    assert not member.avatar and not member.avatar_thumbnail
    assert not any(default_storage.exists(name) for name in names)
    assert actions.remove_avatar(member, actor=member) is False


def test_export_account_returns_the_data_and_records_the_export(member):
    data = actions.export_account(member, actor=member)

    assert data["profile"]["username"] == "ada"
    assert _verbs(member) == ["account.exported"]


def test_delete_account_anonymises_the_member(member, django_capture_on_commit_callbacks):
    # given a member with an avatar, a token, a second factor and a social login
    actions.set_avatar(member, actor=member, upload=image_upload())
    avatar_names = [member.avatar.name, member.avatar_thumbnail.name]
    create_api_token(member, actor=member, name="laptop")
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
    SocialAccount.objects.create(user=member, provider="oidc", uid="ada-1")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_account(member, actor=member)

    # then nothing identifies or admits them any more
    member.refresh_from_db()
    assert member.username == f"deleted-{member.pk}"
    assert member.name == "deleted member"
    assert (member.email, member.display_name, member.bio, member.city) == ("", "", "", "")
    assert not member.avatar and not any(default_storage.exists(n) for n in avatar_names)
    assert not member.has_usable_password()
    assert not member.is_active and member.deleted_at is not None
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not SocialAccount.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not ApiToken.objects.active().filter(user=member).exists()
    assert Activity.objects.filter(verb="account.deleted", target_id=member.pk).exists()


def test_delete_account_keeps_what_the_member_did(member):
    record(actor=member, verb="idea.created", public=True, title="Better lids")

    actions.delete_account(member, actor=member)

    activity = Activity.objects.get(verb="idea.created")
    assert activity.actor == member
    assert activity.actor.name == "deleted member"
    assert activity.data == {"title": "Better lids"}


def test_delete_account_forgets_the_addresses_in_security_notices(member):
    actions.record_email_change(
        member, actor=member, previous_email="old@example.com", email=member.email
    )

    actions.delete_account(member, actor=member)

    assert Activity.objects.get(verb="account.email_changed").data == {}


def test_delete_account_takes_away_staff_powers(staff):
    actions.delete_account(staff, actor=staff)

    staff.refresh_from_db()
    assert not staff.is_staff and not staff.is_superuser


def test_record_password_change_emails_a_security_notice(member, commit_and_work, mailoutbox):
    with commit_and_work():
        actions.record_password_change(member, actor=member)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "password of your account was changed" in mailoutbox[0].body


def test_record_email_change_tells_the_old_address_too(member, commit_and_work, mailoutbox):
    with commit_and_work():
        actions.record_email_change(
            member, actor=member, previous_email="old@example.com", email=member.email
        )

    assert mailoutbox[0].to == [member.email, "old@example.com"]
    assert "e-mail address of your account was changed" in mailoutbox[0].body


def test_record_mfa_change_emails_a_security_notice(member, commit_and_work, mailoutbox):
    with commit_and_work():
        actions.record_mfa_change(member, actor=member, change="totp_activated")

    assert "two-factor authentication" in mailoutbox[0].body
    assert Activity.objects.get(verb="account.mfa_changed").data == {"change": "totp_activated"}


def test_deleted_members_get_no_security_notices(member, commit_and_work, mailoutbox):
    with commit_and_work():
        actions.record_password_change(member, actor=member)
        actions.delete_account(member, actor=member)

    assert mailoutbox == []
    assert User.objects.get(pk=member.pk).deleted_at
