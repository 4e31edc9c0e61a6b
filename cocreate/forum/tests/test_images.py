import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from cocreate.accounts.tests.uploads import fake_image_upload, image_upload, noise_upload
from cocreate.forum import images


def _open(prepared) -> Image.Image:
    prepared.content.seek(0)
    return Image.open(io.BytesIO(prepared.content.read()))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_make_post_image_reencodes_each_supported_format(fmt):
    prepared = images.make_post_image(image_upload(f"photo.{fmt.lower()}", fmt, size=(640, 480)))

    image = _open(prepared)
    assert image.format == images.OUTPUT_FORMAT
    assert (prepared.width, prepared.height) == image.size == (640, 480)
    assert prepared.name.endswith(".webp")
    assert "photo" not in prepared.name


def test_make_post_image_strips_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Inc."  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    upload = image_upload("photo.jpg", "JPEG", exif=exif.tobytes(), icc_profile=b"")

    prepared = images.make_post_image(upload)

    image = _open(prepared)
    assert not image.getexif()
    assert "icc_profile" not in image.info and "xmp" not in image.info
    prepared.content.seek(0)
    assert b"Secret Camera" not in prepared.content.read()


def test_make_post_image_turns_the_photo_upright_by_its_exif_orientation():
    photo = Image.new("RGB", (400, 200), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")

    prepared = images.make_post_image(upload)

    assert (prepared.width, prepared.height) == (200, 400)


def test_make_post_image_shrinks_a_large_image_to_the_longest_side():
    prepared = images.make_post_image(image_upload("wide.png", "PNG", size=(4000, 1000)))

    assert (prepared.width, prepared.height) == (2000, 500)
    assert _open(prepared).size == (2000, 500)


def test_make_post_image_keeps_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("clear.png", buffer.getvalue(), content_type="image/png")

    assert _open(images.make_post_image(upload)).mode == "RGBA"


def test_make_post_image_keeps_the_first_frame_of_an_animation():
    frames = [Image.new("RGB", (60, 40), color) for color in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    upload = SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")

    image = _open(images.make_post_image(upload))

    assert getattr(image, "n_frames", 1) == 1
    red, _green, blue = image.convert("RGB").getpixel((30, 20))
    assert red > 200 and blue < 50


def test_make_post_image_refuses_a_file_that_is_not_an_image():
    with pytest.raises(ValidationError) as refusal:
        images.make_post_image(fake_image_upload("photo.png"))

    assert refusal.value.code == "invalid"


def test_make_post_image_refuses_an_unsupported_format():
    with pytest.raises(ValidationError, match="JPEG, PNG, GIF or WebP"):
        images.make_post_image(image_upload("photo.bmp", "BMP"))


def test_make_post_image_refuses_a_file_over_the_size_limit(settings):
    settings.FORUM_IMAGE_MAX_BYTES = 10_000

    with pytest.raises(ValidationError, match="too large") as refusal:
        images.make_post_image(noise_upload(size=(100, 100)))

    assert refusal.value.code == "too_large"


def test_make_post_image_refuses_a_decompression_bomb_before_decoding_it(monkeypatch):
    # given a tiny file that claims a huge picture
    upload = image_upload(size=(101, 100))
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self))

    # when / then
    with pytest.raises(ValidationError, match="too many pixels"):
        images.make_post_image(upload)
    assert decoded == []


def test_make_post_image_refuses_a_real_bomb_within_the_byte_limit():
    # 10000 × 10000 of one colour compresses to a few kilobytes
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")

    with pytest.raises(ValidationError) as refusal:
        images.make_post_image(upload)

    assert refusal.value.code == "too_many_pixels"


def test_make_post_image_refuses_a_truncated_image():
    data = image_upload("photo.jpg", "JPEG").read()
    upload = SimpleUploadedFile("photo.jpg", data[: len(data) // 2], content_type="image/jpeg")

    with pytest.raises(ValidationError):
        images.make_post_image(upload)
