"""Reading images members upload: by content, never by name, with the pixel
count checked before anything is decoded.

Avatars (accounts.images) and post images (forum.images) share this; each
decides what to make of the picture.
"""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def check_size(upload, *, limit: int) -> None:
    """Refuse an upload of more than `limit` bytes, saying the limit."""
    if upload.size > limit:
        raise ValidationError(
            _("The image is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )


def open_image(upload, *, max_pixels: int) -> Image.Image:
    """Open `upload` lazily (nothing decoded yet). Use inside `decoding()`."""
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow warns above its own limit; ours, below, is lower and refuses.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = Image.open(upload)
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."), code="format")
    width, height = image.size
    if width * height > max_pixels:
        raise Image.DecompressionBombError
    return image


@contextmanager
def decoding() -> Iterator[None]:
    """Pillow signals a malformed file with many kinds of exception; each one
    means the same to the member."""
    try:
        yield
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels") from exc
    except Exception as exc:
        raise ValidationError(_("This file is not an image we can read."), code="invalid") from exc


def to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels with an embedded colour profile (a phone's Display P3)
    to sRGB, so the colours survive the profile being dropped; an unreadable
    profile is ignored."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image
    return converted if converted is not None else image


def without_metadata(image: Image.Image) -> Image.Image:
    """Forget EXIF, XMP, ICC and comments: encoders copy some of them from
    `info` unless told otherwise."""
    image.info = {}
    return image
