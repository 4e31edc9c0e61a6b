import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocreate.accounts import images

from .uploads import fake_image_upload, image_bytes, image_upload, noise_upload


def _open(content_file) -> Image.Image:
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_make_avatar_files_accepts_each_supported_format(fmt):
    files = images.make_avatar_files(image_upload(f"me.{fmt.lower()}", fmt))

    assert _open(files.avatar).size == (512, 512)
    assert _open(files.thumbnail).size == (96, 96)


def test_make_avatar_files_reencodes_into_the_output_format():
    files = images.make_avatar_files(image_upload("me.jpg", "JPEG"))

    assert _open(files.avatar).format == images.OUTPUT_FORMAT
    assert files.avatar_name.endswith(f".{images.OUTPUT_FORMAT.lower()}")
    assert files.thumbnail_name == files.avatar_name.replace(".", "-96.")


def test_make_avatar_files_strips_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Inc."  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    upload = image_upload("me.jpg", "JPEG", exif=exif.tobytes())

    avatar = _open(images.make_avatar_files(upload).avatar)

    assert not avatar.getexif()
    assert b"Secret Camera" not in avatar.tobytes()


def test_make_avatar_files_turns_the_photo_upright_by_its_exif_orientation():
    # given a landscape photo, red on the left and blue on the right, that the
    # camera marks as "rotate 90° clockwise to view"
    photo = Image.new("RGB", (400, 200), (255, 0, 0))
    photo.paste((0, 0, 255), (200, 0, 400, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")

    # when
    avatar = _open(images.make_avatar_files(upload).avatar).convert("RGB")

    # then red is on top and blue below, as the member saw it
    top_red, _g, top_blue = avatar.getpixel((256, 60))
    bottom_red, _g, bottom_blue = avatar.getpixel((256, 450))
    assert top_red > 200 and top_blue < 60
    assert bottom_blue > 200 and bottom_red < 60


def test_make_avatar_files_crops_the_centre_of_a_wide_image():
    photo = Image.new("RGB", (900, 300), (0, 0, 0))
    photo.paste((0, 255, 0), (300, 0, 600, 300))
    buffer = io.BytesIO()
    photo.save(buffer, format="PNG")
    upload = SimpleUploadedFile("wide.png", buffer.getvalue(), content_type="image/png")

    avatar = _open(images.make_avatar_files(upload).avatar).convert("RGB")

    assert avatar.getpixel((10, 256))[1] > 200
    assert avatar.getpixel((500, 256))[1] > 200


def test_make_avatar_files_keeps_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (200, 200), (0, 0, 0, 0)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("clear.png", buffer.getvalue(), content_type="image/png")

    assert _open(images.make_avatar_files(upload).avatar).mode == "RGBA"


def test_check_image_rejects_a_text_file_named_like_an_image():
    with pytest.raises(ValidationError) as error:
        images.check_image(fake_image_upload())

    assert error.value.code == "invalid"


def test_check_image_rejects_a_truncated_image():
    content = image_bytes("PNG")[:200]
    upload = SimpleUploadedFile("cut.png", content, content_type="image/png")

    with pytest.raises(ValidationError) as error:
        images.check_image(upload)

    assert error.value.code == "invalid"


def test_check_image_rejects_formats_other_than_the_four_allowed():
    with pytest.raises(ValidationError) as error:
        images.check_image(image_upload("me.bmp", "BMP"))

    assert error.value.code == "format"


def test_check_image_rejects_a_file_over_the_size_limit(settings):
    settings.AVATAR_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as error:
        images.check_image(noise_upload(size=(32, 32)))

    assert error.value.code == "too_large"
    assert "1.0 KB" in error.value.message


def test_check_image_rejects_a_decompression_bomb_before_decoding_it(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)

    with pytest.raises(ValidationError) as error:
        images.check_image(image_upload(size=(101, 100)))

    assert error.value.code == "too_many_pixels"
