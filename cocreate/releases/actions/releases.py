from collections.abc import Iterable

from ..enums import CreditRole
from ..models import Release, ReleaseCredit


def credit_members(release: Release, *, member_ids: Iterable[int], role: CreditRole) -> int:
    """Credit members as co-creators of `release` in `role`; crediting one
    twice changes nothing. Returns how many rows were new. Call inside the
    caller's transaction."""
    ids = set(member_ids)
    existing = set(
        ReleaseCredit.objects.filter(release=release, role=role, member_id__in=ids).values_list(
            "member_id", flat=True
        )
    )
    new = [
        ReleaseCredit(release=release, member_id=member_id, role=role)
        for member_id in sorted(ids - existing)
    ]
    ReleaseCredit.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
