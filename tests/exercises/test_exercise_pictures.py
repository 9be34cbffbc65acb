"""A clinic's picture of an exercise: uploaded, checked, stripped of its metadata, replaced and
removed on the exercise page; seen by that clinic only; shown on the client's phone for an
exercise of the active programme, and for no other."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from PIL import ExifTags, Image

from clinic.lib import pictures
from exercises.models import ExerciseImage, PictureLicence
from exercises.services import prescription_stop, programme_link_issue, programme_link_revoke
from tests.exercises.conftest import shipped
from tests.factories import ExerciseFactory, ExerciseImageFactory, PrescriptionFactory

DETAILS = {
    "alt_text": "Lying on the side, knees bent, lifting the top knee.",
    "licence": PictureLicence.OWN_WORK,
    "author": "Northside Physio",
}


def picture_bytes(
    format_: str = "JPEG", size: tuple[int, int] = (60, 40), *, gps: bool = False, **save
) -> bytes:
    image = Image.new("RGB", size, "teal")
    if gps:
        exif = image.getexif()
        exif[ExifTags.Base.Orientation] = 6  # taken with the phone turned: shown rotated
        exif[ExifTags.Base.Make] = "PhoneCo"
        location = exif.get_ifd(ExifTags.IFD.GPSInfo)
        location[ExifTags.GPS.GPSLatitudeRef] = "N"
        location[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
        save["exif"] = exif
    buffer = io.BytesIO()
    image.save(buffer, format_, **save)
    return buffer.getvalue()


def upload(http, exercise, content: bytes, name: str = "IMG_0042.jpg", **details):
    data = DETAILS | details | {"image": SimpleUploadedFile(name, content)}
    return http.post(f"/exercises/{exercise.pk}/picture/upload/", data)


def stored(picture: ExerciseImage) -> Image.Image:
    with default_storage.open(picture.image.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


@pytest.fixture
def own(northside):
    return ExerciseFactory(clinic=northside, name="Clam shell")


# Uploading.


@pytest.mark.parametrize(
    ("format_", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_a_jpeg_png_or_webp_picture_is_stored_under_a_random_name_and_served(
    alice_http, own, format_, content_type
):
    response = upload(alice_http, own, picture_bytes(format_), name="ana-souza-knee.jpg")
    assert response.status_code == 302
    assert response["Location"] == f"/exercises/{own.pk}/#picture"
    picture = ExerciseImage.objects.get()
    assert (picture.width, picture.height) == (60, 40)
    assert "ana-souza" not in picture.image.name
    assert picture.image.name.startswith("exercise-pictures/")
    assert stored(picture).format == format_
    served = alice_http.get(f"/exercises/{own.pk}/picture/")
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["Cache-Control"] == "no-store, private"
    page = alice_http.get(f"/exercises/{own.pk}/").content.decode()
    assert f'alt="{DETAILS["alt_text"]}"' in page
    assert 'width="60" height="40"' in page
    assert "Picture: Northside Physio, Own work of the clinic" in page


def test_a_picture_of_a_shipped_exercise_is_the_clinics_own(alice_http, charlie_http, alice):
    bridge = shipped("glute-bridge")
    assert upload(alice_http, bridge, picture_bytes()).status_code == 302
    assert ExerciseImage.objects.get().clinic == alice.clinic
    assert alice_http.get(f"/exercises/{bridge.pk}/picture/").status_code == 200
    # Another clinic reads the same shipped exercise without the picture.
    assert charlie_http.get(f"/exercises/{bridge.pk}/picture/").status_code == 404
    page = charlie_http.get(f"/exercises/{bridge.pk}/").content.decode()
    assert DETAILS["alt_text"] not in page
    assert "the shipped catalog carries none" in page


def test_the_location_and_every_other_exif_field_are_stripped_and_the_turn_applied(alice_http, own):
    original = picture_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert upload(alice_http, own, original).status_code == 302
    picture = ExerciseImage.objects.get()
    image = stored(picture)
    assert not image.getexif()
    assert "exif" not in image.info
    with default_storage.open(picture.image.name, "rb") as handle:
        assert b"PhoneCo" not in handle.read()
    # The phone was turned: the stored picture is upright, 40 wide and 60 high.
    assert (image.width, image.height) == (picture.width, picture.height) == (40, 60)


def test_a_phones_mpo_picture_is_stored_as_a_plain_jpeg(alice_http, own):
    second = Image.new("RGB", (60, 40), "navy")
    content = picture_bytes("MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(content)).format == "MPO"
    assert upload(alice_http, own, content).status_code == 302
    assert stored(ExerciseImage.objects.get()).format == "JPEG"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", pictures.EMPTY),
        (b"Ana Souza, knee pain since March\n", pictures.NOT_A_PICTURE),
        (picture_bytes("GIF"), pictures.NOT_A_PICTURE),
        (picture_bytes("BMP"), pictures.NOT_A_PICTURE),
        (picture_bytes(size=(600, 400))[:900], pictures.DAMAGED),
        (picture_bytes("PNG", size=(4001, 10)), pictures.TOO_MANY_PIXELS),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, pictures.NOT_A_PICTURE),
    ],
    ids=["empty", "text-named-jpg", "gif", "bmp", "truncated", "too-many-pixels", "png-header"],
)
def test_a_file_that_is_not_a_picture_to_keep_is_refused_beside_the_field(
    alice_http, own, content, message
):
    response = upload(alice_http, own, content)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_image_error"' in page
    assert message.replace("'", "&#x27;") in page
    # What was typed stays in the form.
    assert f'value="{DETAILS["author"]}"' in page
    assert not ExerciseImage.objects.exists()


def test_a_picture_past_its_pixel_budget_is_refused_however_pillow_notices(alice_http, own):
    # A decompression bomb: a small file that would unpack into a huge picture.
    content = picture_bytes("PNG", size=(4000, 4000), optimize=True)
    assert len(content) < pictures.MAX_BYTES
    Image.MAX_IMAGE_PIXELS, before = 1000, Image.MAX_IMAGE_PIXELS
    try:
        response = upload(alice_http, own, content)
    finally:
        Image.MAX_IMAGE_PIXELS = before
    assert pictures.TOO_MANY_PIXELS in response.content.decode()
    assert not ExerciseImage.objects.exists()


def test_a_file_over_5_mb_is_refused_beside_the_field(alice_http, own):
    content = picture_bytes() + b"\x00" * (pictures.MAX_BYTES + 1)
    response = upload(alice_http, own, content)
    assert response.status_code == 200
    assert pictures.TOO_LARGE in response.content.decode()
    assert not ExerciseImage.objects.exists()


def test_a_body_far_over_the_limit_is_refused_before_any_view(alice_http, own):
    response = upload(alice_http, own, b"\xff" * (3 * pictures.MAX_BYTES))
    assert response.status_code == 400
    assert not ExerciseImage.objects.exists()


def test_a_file_sent_to_any_other_form_is_still_refused(alice_http, own):
    data = {"name": "Renamed", "image": SimpleUploadedFile("a.jpg", picture_bytes())}
    assert alice_http.post(f"/exercises/{own.pk}/edit/", data).status_code == 400


@pytest.mark.parametrize("missing", ["alt_text", "author", "licence"])
def test_what_the_picture_shows_its_author_and_licence_are_required(alice_http, own, missing):
    response = upload(alice_http, own, picture_bytes(), **{missing: ""})
    assert response.status_code == 200
    assert f'id="id_{missing}_error"' in response.content.decode()
    assert not ExerciseImage.objects.exists()


def test_an_unknown_licence_is_refused(alice_http, own):
    response = upload(alice_http, own, picture_bytes(), licence="all-rights-reserved")
    assert 'id="id_licence_error"' in response.content.decode()
    assert not ExerciseImage.objects.exists()


# Replacing and removing.


def test_uploading_again_replaces_the_picture_and_its_file(
    alice_http, own, django_capture_on_commit_callbacks
):
    upload(alice_http, own, picture_bytes())
    first = ExerciseImage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        upload(alice_http, own, picture_bytes("PNG", size=(20, 30)), author="A. Author")
    second = ExerciseImage.objects.get()
    assert second.pk == first.pk
    assert (second.width, second.height, second.author) == (20, 30, "A. Author")
    assert second.image.name != first.image.name
    assert not default_storage.exists(first.image.name)
    assert default_storage.exists(second.image.name)


def test_removing_the_picture_deletes_it_and_its_file(
    alice_http, alice, django_capture_on_commit_callbacks
):
    picture = ExerciseImageFactory(clinic=alice.clinic)
    assert default_storage.exists(picture.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_http.post(f"/exercises/{picture.exercise_id}/picture/remove/")
    assert response.status_code == 302
    assert not ExerciseImage.objects.exists()
    assert not default_storage.exists(picture.image.name)
    followed = alice_http.get(response["Location"]).content.decode()
    assert "Removed the picture." in followed
    assert alice_http.get(f"/exercises/{picture.exercise_id}/picture/").status_code == 404


def test_removing_a_picture_that_is_not_there_says_so(alice_http, own):
    response = alice_http.post(f"/exercises/{own.pk}/picture/remove/", follow=True)
    assert "There was no picture to remove." in response.content.decode()


# Who may see and change it.


def test_a_read_only_member_sees_the_picture_but_cannot_upload_or_remove(bob_http, northside):
    picture = ExerciseImageFactory(clinic=northside)
    exercise = picture.exercise
    page = bob_http.get(f"/exercises/{exercise.pk}/").content.decode()
    assert picture.alt_text in page
    assert "picture/upload/" not in page and "picture/remove/" not in page
    assert bob_http.get(f"/exercises/{exercise.pk}/picture/").status_code == 200
    assert upload(bob_http, exercise, picture_bytes()).status_code == 403
    assert bob_http.post(f"/exercises/{exercise.pk}/picture/remove/").status_code == 403
    assert ExerciseImage.objects.get() == picture


def test_another_clinics_exercise_and_picture_are_not_found(charlie_http, northside):
    picture = ExerciseImageFactory(clinic=northside)
    pk = picture.exercise_id
    assert charlie_http.get(f"/exercises/{pk}/picture/").status_code == 404
    assert upload(charlie_http, picture.exercise, picture_bytes()).status_code == 404
    assert upload(charlie_http, picture.exercise, b"").status_code == 404
    assert charlie_http.post(f"/exercises/{pk}/picture/remove/").status_code == 404
    assert ExerciseImage.objects.get() == picture


def test_a_picture_whose_file_is_gone_is_not_found(alice_http, northside):
    picture = ExerciseImageFactory(clinic=northside)
    default_storage.delete(picture.image.name)
    assert alice_http.get(f"/exercises/{picture.exercise_id}/picture/").status_code == 404


def test_the_picture_urls_take_only_their_methods(alice_http, own):
    assert alice_http.post(f"/exercises/{own.pk}/picture/").status_code == 405
    assert alice_http.get(f"/exercises/{own.pk}/picture/upload/").status_code == 405
    assert alice_http.get(f"/exercises/{own.pk}/picture/remove/").status_code == 405


# On the client's phone.


@pytest.fixture
def clam(ana, northside):
    prescription = PrescriptionFactory(client=ana, exercise__clinic=northside)
    ExerciseImageFactory(clinic=northside, exercise=prescription.exercise)
    return prescription


@pytest.fixture
def token(ana, alice, clam):
    return programme_link_issue(client=ana, by=alice.user).token


def test_the_phone_page_shows_the_pictures_with_what_they_show_and_whose(token, clam):
    page = HttpClient().get(f"/home/{token}/").content.decode()
    picture = clam.exercise.images.get()
    assert f'src="/home/{token}/picture/{clam.pk}/"' in page
    assert f'alt="{picture.alt_text}"' in page
    assert 'width="40" height="30" loading="lazy"' in page
    assert "Picture: Northside Physio, Own work of the clinic" in page


def test_an_exercise_without_the_clinics_picture_shows_none(ana, southside, token, clam):
    other = PrescriptionFactory(client=ana)
    # Another clinic's picture of the same exercise is not this clinic's.
    ExerciseImageFactory(clinic=southside, exercise=other.exercise)
    page = HttpClient().get(f"/home/{token}/").content.decode()
    assert f"/picture/{clam.pk}/" in page
    assert f"/picture/{other.pk}/" not in page


def test_the_phone_gets_the_picture_with_the_private_headers(token, clam):
    response = HttpClient().get(f"/home/{token}/picture/{clam.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Image.open(io.BytesIO(response.content)).size == (40, 30)


def test_a_wrong_token_gets_no_picture(token, clam):
    response = HttpClient().get(f"/home/{'x' * 43}/picture/{clam.pk}/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, private"


def test_a_revoked_link_gets_no_picture(ana, alice, token, clam):
    programme_link_revoke(client=ana, by=alice.user)
    assert HttpClient().get(f"/home/{token}/picture/{clam.pk}/").status_code == 404


def test_a_picture_of_an_exercise_not_in_the_active_programme_is_not_found(
    ana, alice, northside, token, clam
):
    # Stopped: no longer in the programme.
    prescription_stop(prescription=clam)
    assert HttpClient().get(f"/home/{token}/picture/{clam.pk}/").status_code == 404
    # Another client's exercise, with the clinic's picture.
    theirs = PrescriptionFactory(client__clinic=northside, exercise=clam.exercise)
    assert HttpClient().get(f"/home/{token}/picture/{theirs.pk}/").status_code == 404
    # An exercise in the programme that has no picture.
    bare = PrescriptionFactory(client=ana)
    response = HttpClient().get(f"/home/{token}/picture/{bare.pk}/")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_phones_picture_takes_only_get(token, clam):
    assert HttpClient().post(f"/home/{token}/picture/{clam.pk}/").status_code == 405
