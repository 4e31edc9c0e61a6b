"""What an entry's images and files become before they are stored.

Images are decoded and re-encoded by the forum's shared pipeline (content,
pixel budget, EXIF orientation, sRGB, no metadata): a large image of at
most LARGE_SIDE pixels and a gallery thumbnail cropped to 4:3. Files are
recognised by their first bytes, never by their name: PDF, ZIP, PNG, JPEG
and UTF-8 text (.txt, .md). SVG is refused (it can carry script). Names
are reduced to safe characters with the extension of the detected type.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from cocreate.forum.images import PostImageFile, decode_upload, encode_image

LARGE_SIDE = 2000
THUMB_SIZE = (600, 450)  # 4:3, the gallery's cards
IMAGE_MAX_BYTES = getattr(settings, "CHALLENGE_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
FILE_MAX_BYTES = getattr(settings, "CHALLENGE_FILE_MAX_BYTES", 20 * 1024 * 1024)
NAME_MAX = 150

# First bytes → (content type, extension).
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"PK\x03\x04", "application/zip", "zip"),
    (b"PK\x05\x06", "application/zip", "zip"),  # an empty archive
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]
TEXT_EXTENSIONS = {"txt": "text/plain", "md": "text/markdown"}


@dataclass(frozen=True)
class EntryImageFiles:
    large: PostImageFile
    thumbnail: PostImageFile


@dataclass(frozen=True)
class EntryFileIn:
    name: str
    content: ContentFile
    size: int
    content_type: str


def make_entry_image(upload) -> EntryImageFiles:
    """Check `upload` and make its large image and thumbnail; raises ValidationError."""
    image = decode_upload(upload, limit=IMAGE_MAX_BYTES, max_side=LARGE_SIDE)
    thumbnail = ImageOps.fit(image, THUMB_SIZE, Image.Resampling.LANCZOS)
    return EntryImageFiles(large=encode_image(image), thumbnail=encode_image(thumbnail))


def make_entry_file(upload) -> EntryFileIn:
    """Check `upload`'s size and type by content; raises ValidationError."""
    if upload.size > FILE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is too large: at most %(limit)s.")
            % {"name": upload.name, "limit": filesizeformat(FILE_MAX_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    content_type, extension = _detect(data, PurePath(upload.name or "").suffix.lower().lstrip("."))
    stem = get_valid_filename(PurePath(upload.name or "file").stem)[: NAME_MAX - 8] or "file"
    return EntryFileIn(
        name=f"{stem}.{extension}",
        content=ContentFile(data),
        size=len(data),
        content_type=content_type,
    )


def _detect(data: bytes, extension: str) -> tuple[str, str]:
    for magic, content_type, detected in SIGNATURES:
        if data.startswith(magic):
            return content_type, detected
    if extension in TEXT_EXTENSIONS and b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return TEXT_EXTENSIONS[extension], extension
    raise ValidationError(
        _("Attach PDF, ZIP, PNG or JPEG files, or plain text (.txt, .md)."), code="file_type"
    )
