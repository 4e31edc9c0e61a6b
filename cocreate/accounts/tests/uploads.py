"""Image files for upload tests, made with Pillow."""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt: str = "PNG", size=(600, 400), color=(200, 30, 30), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def image_upload(name: str = "me.png", fmt: str = "PNG", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=f"image/{fmt.lower()}")


def fake_image_upload(name: str = "me.png") -> SimpleUploadedFile:
    """A text file wearing an image's name and content type."""
    return SimpleUploadedFile(name, b"this is not an image, only a name", content_type="image/png")


def noise_upload(name: str = "noise.png", size=(900, 900)) -> SimpleUploadedFile:
    """A real PNG that does not compress: about 3 bytes a pixel."""
    noise = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
