"""Images in posts: checked by content, size-limited, and re-encoded.

Nothing a member uploads is stored as sent. The file must decode as JPEG,
PNG, GIF or WebP within a pixel budget checked before decoding; it is turned
upright by its EXIF orientation, converted to sRGB, shrunk to at most
MAX_SIDE pixels on its longer side, and written afresh as WebP without any
metadata. An animated GIF or WebP keeps only its first frame (see
docs/decisions.md).
"""

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, features

from cocreate.core.images import check_size, decoding, open_image, to_srgb, without_metadata

# A 25-megapixel camera; larger images are refused before decoding, which
# keeps a worker's memory for one image under about 100 MB.
MAX_PIXELS = 25_000_000
MAX_SIDE = 2000
QUALITY = 85
OUTPUT_FORMAT = "WEBP" if features.check("webp") else "JPEG"


@dataclass(frozen=True)
class PostImageFile:
    name: str
    content: ContentFile
    width: int
    height: int


def make_post_image(upload) -> PostImageFile:
    """Check `upload` and re-encode it for a post; raises ValidationError."""
    return encode_image(
        decode_upload(upload, limit=settings.FORUM_IMAGE_MAX_BYTES, max_side=MAX_SIDE)
    )


def decode_upload(upload, *, limit: int, max_side: int) -> Image.Image:
    """Check `upload` and decode it upright, in sRGB (RGB, or RGBA where
    there is transparency), at most `max_side` pixels on its longer side;
    raises ValidationError. Post images and challenge entries share it."""
    check_size(upload, limit=limit)
    with decoding():
        image = open_image(upload, max_pixels=MAX_PIXELS)
        if image.format == "JPEG":
            image.draft("RGB", (max_side, max_side))  # decode at a fraction of the size
        image.seek(0)  # an animation keeps its first frame
        image.load()
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        image = to_srgb(image)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def encode_image(image: Image.Image) -> PostImageFile:
    """Write a decoded image afresh, without metadata, under a random name."""
    has_alpha = image.mode == "RGBA"
    return PostImageFile(
        name=f"{secrets.token_hex(10)}.{_extension(has_alpha)}",
        content=_encode(without_metadata(image), has_alpha),
        width=image.width,
        height=image.height,
    )


def _format(has_alpha: bool) -> str:
    # Without WebP, JPEG for photographs and PNG where there is transparency.
    if OUTPUT_FORMAT == "WEBP" or not has_alpha:
        return OUTPUT_FORMAT
    return "PNG"


def _extension(has_alpha: bool) -> str:
    return {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}[_format(has_alpha)]


def _encode(image: Image.Image, has_alpha: bool) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, format=_format(has_alpha), quality=QUALITY)  # PNG ignores quality
    return ContentFile(buffer.getvalue())
