"""Every write to a member's account goes through these functions."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cocreate.core.activity import record
from cocreate.core.models import Activity
from cocreate.core.pagecache import bump

from . import queries
from .images import make_avatar_files
from .models import User

PROFILE_FIELDS = ("display_name", "bio", "city", "language")


@transaction.atomic
def welcome_member(user: User) -> bool:
    """Announce a member once their first e-mail address is confirmed (the
    public "joined" line on the home page); returns whether it was new."""
    already = Activity.objects.filter(
        verb="account.joined",
        target_type=ContentType.objects.get_for_model(User),
        target_id=user.pk,
    ).exists()
    if already:
        return False
    record(actor=user, verb="account.joined", target=user, public=True)
    bump("members")
    return True


@transaction.atomic
def set_language(user: User, *, actor: User, language: str) -> bool:
    """Save the member's preferred language; returns whether it changed."""
    if user.language == language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    record(actor=actor, verb="account.language_changed", target=user, language=language)
    return True


@transaction.atomic
def update_profile(user: User, *, actor: User, **fields: str) -> list[str]:
    """Save the given profile fields; returns the names of those that changed."""
    if unknown := set(fields) - set(PROFILE_FIELDS):
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(user, name, fields[name])
    user.save(update_fields=changed)
    record(actor=actor, verb="account.profile_updated", target=user, fields=changed)
    bump("members")
    return changed


@transaction.atomic
def set_avatar(user: User, *, actor: User, upload) -> None:
    """Re-encode `upload` into the member's avatar and thumbnail, replacing the
    old files. Raises ValidationError, changing nothing, for a bad image."""
    files = make_avatar_files(upload)
    _delete_files_on_commit(user)
    user.avatar.save(files.avatar_name, files.avatar, save=False)
    user.avatar_thumbnail.save(files.thumbnail_name, files.thumbnail, save=False)
    user.save(update_fields=["avatar", "avatar_thumbnail"])
    record(actor=actor, verb="account.avatar_changed", target=user)
    bump("members")


@transaction.atomic
def remove_avatar(user: User, *, actor: User) -> bool:
    """Remove the member's avatar; returns whether there was one."""
    if not user.avatar:
        return False
    _delete_files_on_commit(user)
    user.avatar = user.avatar_thumbnail = None
    user.save(update_fields=["avatar", "avatar_thumbnail"])
    record(actor=actor, verb="account.avatar_removed", target=user)
    bump("members")
    return True


@transaction.atomic
def export_account(user: User, *, actor: User) -> dict:
    """Everything the site holds about the member, for them to download."""
    data = queries.export_account_data(user)
    record(actor=actor, verb="account.exported", target=user)
    return data


@transaction.atomic
def delete_account(user: User, *, actor: User) -> None:
    """Anonymise the member. What they wrote stays, signed "deleted member";
    everything that identifies them, or lets anyone sign in as them, goes."""
    now = timezone.now()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    # Security notices keep the addresses they were about; those go too.
    Activity.objects.filter(
        target_type=ContentType.objects.get_for_model(User),
        target_id=user.pk,
        verb__startswith="account.",
    ).update(data={})
    user.groups.clear()
    user.user_permissions.clear()
    _delete_files_on_commit(user)
    user.username = f"deleted-{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.display_name = user.bio = user.city = user.language = ""
    user.avatar = user.avatar_thumbnail = None
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.deleted_at = now
    user.save()
    record(actor=actor, verb="account.deleted", target=user)
    bump("members")


@transaction.atomic
def record_password_change(user: User, *, actor: User) -> None:
    """Note that the password was changed, set or reset; the member is e-mailed."""
    record(actor=actor, verb="account.password_changed", target=user)


@transaction.atomic
def record_email_change(user: User, *, actor: User, previous_email: str, email: str) -> None:
    """Note a new primary address; both the old and the new one are e-mailed."""
    record(
        actor=actor,
        verb="account.email_changed",
        target=user,
        previous_email=previous_email,
        email=email,
    )


@transaction.atomic
def record_mfa_change(user: User, *, actor: User, change: str) -> None:
    """Note a change to two-factor authentication (`change` says which, e.g.
    "totp_activated"); the member is e-mailed."""
    record(actor=actor, verb="account.mfa_changed", target=user, change=change)


def _delete_files_on_commit(user: User) -> None:
    """Delete the member's current avatar files once the change that replaces
    them is committed; a rolled-back change keeps them."""
    storage = user.avatar.storage
    names = [f.name for f in (user.avatar, user.avatar_thumbnail) if f.name]

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
