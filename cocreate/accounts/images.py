"""Avatar uploads: checked by content, size-limited, and re-encoded.

Nothing a member uploads is stored as sent. The file must decode as one of a
few image formats; it is then EXIF-oriented, cropped to a centred square and
written afresh (no metadata survives) as a large image and a thumbnail.
"""

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, features

from cocreate.core.images import check_size, decoding, open_image

MAX_PIXELS = 40_000_000  # beyond any camera; refuses decompression bombs before decoding
AVATAR_SIZE = 512
THUMBNAIL_SIZE = 96
OUTPUT_FORMAT = "WEBP" if features.check("webp") else "PNG"


@dataclass(frozen=True)
class AvatarFiles:
    avatar_name: str
    avatar: ContentFile
    thumbnail_name: str
    thumbnail: ContentFile


def check_image(upload) -> None:
    """Raise ValidationError unless `upload` is a small, well-formed image."""
    check_size(upload, limit=settings.AVATAR_MAX_BYTES)
    with decoding():
        _open(upload).verify()


def make_avatar_files(upload) -> AvatarFiles:
    """Check `upload` and re-encode it into a square avatar and its thumbnail."""
    check_image(upload)
    with decoding():
        image = ImageOps.exif_transpose(_open(upload))
        mode = "RGBA" if image.has_transparency_data else "RGB"
        size = (AVATAR_SIZE, AVATAR_SIZE)
        square = ImageOps.fit(image.convert(mode), size, Image.Resampling.LANCZOS)
    thumbnail = square.resize((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    stem, extension = secrets.token_hex(8), OUTPUT_FORMAT.lower()
    return AvatarFiles(
        avatar_name=f"{stem}.{extension}",
        avatar=_encode(square),
        thumbnail_name=f"{stem}-{THUMBNAIL_SIZE}.{extension}",
        thumbnail=_encode(thumbnail),
    )


def _open(upload) -> Image.Image:
    return open_image(upload, max_pixels=MAX_PIXELS)


def _encode(image: Image.Image) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format=OUTPUT_FORMAT, quality=85)  # PNG ignores quality
    return ContentFile(buffer.getvalue())
