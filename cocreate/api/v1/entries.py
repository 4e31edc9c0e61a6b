"""Challenge entries: enter (multipart: the text fields, `images`, `files`),
list a challenge's entries, read one, score one.

The same queries, permissions and actions as the entry pages. Who may act
answers 403 (401 without credentials), what they may not see 404; a
refusal of the challenge's or the entry's state (outside the window, a
void score) 409 with its code; bad input 422.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile

from cocreate.challenges.actions import entries as actions
from cocreate.challenges.actions import scoring
from cocreate.challenges.entry_uploads import make_entry_file, make_entry_image
from cocreate.challenges.enums import TeamStatus
from cocreate.challenges.models import MAX_SCORE, Challenge, Entry
from cocreate.challenges.permissions import entries as permissions
from cocreate.challenges.permissions.visibility import can_see_challenge
from cocreate.challenges.queries import entries as queries

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut
from .ideas import token_session_or_anonymous

router = Router(tags=["challenges"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
CONFLICT = {409: ErrorOut}
STATE_CODES = frozenset({"closed", "entry_status", "void"})


class MemberOut(Schema):
    username: str
    name: str


class TeammateOut(Schema):
    member: MemberOut
    status: str
    is_author: bool
    share: Decimal | None = Field(description="Percent; seen by the team and staff only.")


class ImageOut(Schema):
    url: str
    thumbnail: str
    width: int
    height: int


class FileOut(Schema):
    name: str
    url: str
    size: int
    content_type: str


class EntryCardOut(Schema):
    id: int
    url: str
    challenge: int
    title: str
    author: MemberOut
    status: str
    thumbnail: str | None
    created_at: datetime
    score_count: int | None = Field(description="Null while scores are hidden.")
    community_score: float | None = Field(description="Bayesian average; null while hidden.")
    my_score: int | None = Field(description="Your score of it, if any.")


class EntryOut(EntryCardOut):
    description: str = Field(description="Markdown.")
    description_html: str
    images: list[ImageOut]
    files: list[FileOut]
    team: list[TeammateOut]


class EntryPageOut(Schema):
    items: list[EntryCardOut]
    page: int
    has_next: bool
    sort: str


class EntryListQuery(Schema):
    sort: str = Field("new", description="new, score (once scores show) or random (stable).")
    page: int = Field(1, ge=1, le=10000)


class ScoreIn(Schema):
    score: int = Field(ge=0, le=MAX_SCORE)


class ScoreOut(Schema):
    entry: int
    score: int
    score_count: int | None
    community_score: float | None


def _refused(refusal: ValidationError) -> ApiError:
    code = refusal.code or "invalid"
    return ApiError(409 if code in STATE_CODES else 422, code, " ".join(refusal.messages))


def _challenge(user: Any, challenge_id: int) -> Challenge:
    challenge = Challenge.objects.select_related("product").filter(pk=challenge_id).first()
    if challenge is None or not can_see_challenge(user, challenge):
        raise ApiError(404, "not_found", _("Not found."))
    return challenge


def _card(request, entry: Entry, shown: bool, mine: dict[int, int]) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "url": request.build_absolute_uri(entry.get_absolute_url()),
        "challenge": entry.challenge_id,
        "title": entry.title,
        "author": {"username": entry.author.username, "name": entry.author.name},
        "status": entry.status,
        "thumbnail": request.build_absolute_uri(entry.thumbnail.url) if entry.thumbnail else None,
        "created_at": entry.created_at,
        "score_count": entry.score_count if shown else None,
        "community_score": entry.community_score if shown else None,
        "my_score": mine.get(entry.pk),
    }


def _detail(request, entry: Entry) -> dict[str, Any]:
    user = request.auth
    shown = queries.scores_shown(user, entry.challenge)
    shares = permissions.can_see_shares(user, entry)
    team = entry.team.select_related("member").exclude(status=TeamStatus.DECLINED)
    absolute = request.build_absolute_uri
    return _card(request, entry, shown, queries.my_scores(user, [entry])) | {
        "description": entry.description,
        "description_html": entry.description_html,
        "images": [
            {
                "url": absolute(i.image.url),
                "thumbnail": absolute(i.thumbnail.url),
                "width": i.width,
                "height": i.height,
            }
            for i in entry.images.all()
        ],
        "files": [
            {
                "name": f.name,
                "url": absolute(f.file.url),
                "size": f.size,
                "content_type": f.content_type,
            }
            for f in entry.files.all()
        ],
        "team": [
            {
                "member": {"username": m.member.username, "name": m.member.name},
                "status": m.status,
                "is_author": m.is_author,
                "share": m.share if shares else None,
            }
            for m in team
        ],
    }


def _prepared(uploads: list[UploadedFile] | None, prepare, field: str) -> list[Any]:
    prepared, errors = [], []
    for upload in uploads or []:
        try:
            prepared.append(prepare(upload))
        except ValidationError as invalid:
            errors.extend(f"{upload.name}: {message}" for message in invalid.messages)
    if errors:
        raise ValidationError({field: errors})
    return prepared


@router.post("/challenges/{challenge_id}/entries", response={201: EntryOut, **ERRORS, **CONFLICT})
def submit_entry(
    request,
    challenge_id: Id,
    title: Form[str],
    description: Form[str],
    accept_terms: Form[bool] = False,
    images: File[list[UploadedFile]] = None,
    files: File[list[UploadedFile]] = None,
):
    """Enter a challenge (multipart/form-data): `title`, `description`
    (Markdown), `accept_terms` (true: you accept its IP terms), one to six
    `images` (required for a design contest; re-encoded) and up to five
    `files` (PDF, ZIP, PNG, JPEG, .txt, .md; checked by content)."""
    challenge = _challenge(request.auth, challenge_id)
    permissions.check_enter_challenge(request.auth, challenge)
    try:
        entry = actions.submit_entry(
            challenge,
            author=request.auth,
            title=title,
            description=description,
            images=_prepared(images, make_entry_image, "images"),
            files=_prepared(files, make_entry_file, "files"),
            accept_terms=accept_terms,
        )
    except ValidationError as refused:
        if hasattr(refused, "error_dict"):
            raise
        raise _refused(refused) from refused
    return Status(201, _detail(request, queries.get_entry_for(request.auth, entry.pk)))


@router.get(
    "/challenges/{challenge_id}/entries",
    auth=token_session_or_anonymous,
    response={200: EntryPageOut, **ERRORS},
)
def list_entries(request, challenge_id: Id, filters: Query[EntryListQuery]):
    """The entries you may see, a page of 24 at a time: in a design contest
    every standing entry; in a solution challenge your team's (staff and
    judges: all). Scores are null while the challenge hides them."""
    user = request.auth
    challenge = _challenge(user, challenge_id)
    sort = queries.clean_sort(filters.sort, user, challenge)
    seed = queries.random_seed(user, challenge) if sort == "random" else 0
    page = queries.gallery_page(
        queries.gallery_entries(user, challenge, sort=sort, seed=seed), filters.page
    )
    shown = queries.scores_shown(user, challenge)
    mine = queries.my_scores(user, page.entries)
    return {
        "items": [_card(request, entry, shown, mine) for entry in page.entries],
        "page": page.number,
        "has_next": page.has_next,
        "sort": sort,
    }


@router.get(
    "/entries/{entry_id}", auth=token_session_or_anonymous, response={200: EntryOut, **ERRORS}
)
def get_entry(request, entry_id: Id):
    return _detail(request, queries.get_entry_for(request.auth, entry_id))


@router.post("/entries/{entry_id}/score", response={200: ScoreOut, **ERRORS, **CONFLICT})
def score_entry(request, entry_id: Id, payload: ScoreIn):
    """Give or change your score (0–5) of an entry while its challenge is in
    the scoring window. Your own or your team's entry (`own_entry`), outside the
    window (`closed`), a withdrawn entry (`entry_status`), a voided score
    (`void`): 409."""
    entry = queries.get_entry_for(request.auth, entry_id)
    try:
        scoring.check_scoring_open(entry, timezone.now())
    except ValidationError as refused:
        raise _refused(refused) from refused
    if permissions.is_on_any_team(request.auth, entry):
        raise ApiError(409, "own_entry", _("You cannot score your own or your team's entry."))
    permissions.check_score_entry(request.auth, entry)
    try:
        scoring.score_entry(
            entry,
            member=request.auth,
            value=payload.score,
            network=scoring.network_of(request.META.get("REMOTE_ADDR", "")),
        )
    except ValidationError as refused:
        raise _refused(refused) from refused
    entry.refresh_from_db()
    shown = queries.scores_shown(request.auth, entry.challenge)
    return {
        "entry": entry.pk,
        "score": payload.score,
        "score_count": entry.score_count if shown else None,
        "community_score": entry.community_score if shown else None,
    }
