"""Venue photos through HTTP and the services: hostile files refused with nothing stored, the rest cleaned.

Every test stores into its own MEDIA_ROOT (tmp_path), so "nothing stored" is checked by listing it.
"""

import io

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.test import Client
from PIL import Image

from core.errors import PermissionRefused
from tests.factories import MembershipFactory, OrganizationFactory, RoomFactory, VenueFactory
from tests.venues.imagedata import (
    PHP_AS_JPG,
    SVG_WITH_SCRIPT,
    jpeg_with_gps,
    png_bomb,
    truncated_jpeg,
    upload,
)
from venues.images import ImageRejected
from venues.models import Membership, VenuePhoto
from venues.services.venues import VenueError, photo_add, photo_delete, room_delete

pytestmark = pytest.mark.django_db

PHOTOS = "/en/leader/venues/perhekeskus-a/photos/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def org():
    return OrganizationFactory(slug="org-a")


@pytest.fixture
def venue(org):
    return VenueFactory(organization=org, slug="perhekeskus-a", name_fi="Perhekeskus A")


@pytest.fixture
def leader(org):
    return MembershipFactory(organization=org, role=Membership.Role.LEADER).user


@pytest.fixture
def as_leader(leader):
    client = Client()
    client.force_login(leader)
    return client


def post_photo(client, name, content, content_type="image/jpeg", **fields):
    data = {
        "image": upload(name, content, content_type),
        "alt_text_fi": "Sisäänkäynti, luiska vasemmalla",
        "kind": "entrance",
    }
    return client.post(PHOTOS, {**data, **fields})


# --- through HTTP ---------------------------------------------------------------------------------------


def test_the_upload_form_is_multipart_with_limits(as_leader, venue):
    response = as_leader.get(PHOTOS)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'accept="image/jpeg,image/png,image/webp"' in body
    assert "at most 15 MB" in body
    assert '<label for="id_alt_text_fi">' in body


def test_a_jpeg_with_gps_is_stored_without_any_exif(as_leader, venue, media_root):
    response = post_photo(as_leader, "IMG_0001.jpg", jpeg_with_gps())
    assert response.status_code == 302
    assert response["Location"] == PHOTOS
    photo = VenuePhoto.objects.get(venue=venue)
    assert (photo.kind, photo.alt_text_fi, photo.alt_text_sv) == (
        "entrance",
        "Sisäänkäynti, luiska vasemmalla",
        None,
    )
    assert photo.image.name.startswith("venues/photos/")
    assert "IMG_0001" not in photo.image.name
    assert (photo.width, photo.height) == (900, 1200)
    assert set(photo.renditions) == {"480"}
    assert stored_files(media_root) == sorted([photo.image.name, photo.renditions["480"]])
    for name in (photo.image.name, photo.renditions["480"]):
        with default_storage.open(name) as handle:
            data = handle.read()
        stored = Image.open(io.BytesIO(data))
        assert dict(stored.getexif()) == {}
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(stored.info)
        assert b"PhoneMaker" not in data
        assert b"GPS" not in data
    page = as_leader.get(PHOTOS).content.decode()
    assert photo.renditions["480"] in page
    assert "Sisäänkäynti, luiska vasemmalla" in page


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("lapset.png", png_bomb(), "image/png", "The photo is too large"),
        ("kuva.jpg", PHP_AS_JPG, "image/jpeg", "This file is not a photo we can read."),
        ("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml", "This file is not a photo we can read."),
        ("kuva.jpg", truncated_jpeg(), "image/jpeg", "The photo file is damaged or incomplete."),
    ],
    ids=["png-bomb", "php-as-jpg", "svg", "truncated-jpeg"],
)
def test_hostile_and_broken_files_are_refused_and_nothing_is_stored(
    as_leader, venue, media_root, name, content, content_type, message
):
    if name == "lapset.png":
        assert len(content) <= 12 * 1024
    response = post_photo(as_leader, name, content, content_type)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'aria-describedby="id_image_helptext id_image_error"' in body
    assert not VenuePhoto.objects.exists()
    assert stored_files(media_root) == []


def test_the_refusal_is_in_the_users_language(as_leader, venue, media_root):
    from django.utils import translation
    from django.utils.translation import gettext

    response = as_leader.post(
        "/fi/leader/venues/perhekeskus-a/photos/",
        {"image": upload("kuva.jpg", PHP_AS_JPG), "alt_text_fi": "Kuva", "kind": "general"},
    )
    assert response.status_code == 400
    with translation.override("fi"):
        expected = gettext("This file is not a photo we can read. Upload a JPEG, PNG or WebP photo.")
    assert expected in response.content.decode()
    assert stored_files(media_root) == []


def test_missing_finnish_alt_text_is_refused_and_nothing_is_stored(as_leader, venue, media_root):
    response = post_photo(as_leader, "kuva.jpg", jpeg_with_gps(), alt_text_fi="", alt_text_en="Entrance")
    assert response.status_code == 400
    assert response.context["form"].errors["alt_text_fi"]
    assert not VenuePhoto.objects.exists()
    assert stored_files(media_root) == []


def test_an_oversized_file_is_refused_by_the_form(as_leader, venue, media_root, monkeypatch):
    monkeypatch.setattr("venues.forms.MAX_UPLOAD_BYTES", 1024)
    response = post_photo(as_leader, "kuva.jpg", jpeg_with_gps())
    assert response.status_code == 400
    assert response.context["form"].errors["image"]
    assert not VenuePhoto.objects.exists()
    assert stored_files(media_root) == []


def test_a_room_of_another_venue_cannot_be_chosen(as_leader, venue, media_root):
    elsewhere = RoomFactory()
    response = post_photo(as_leader, "kuva.jpg", jpeg_with_gps(), room=str(elsewhere.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["room"]
    assert stored_files(media_root) == []


def test_a_coordinator_of_another_organization_cannot_upload(venue, media_root):
    client = Client()
    client.force_login(MembershipFactory(role=Membership.Role.COORDINATOR).user)
    response = post_photo(client, "kuva.jpg", jpeg_with_gps())
    assert response.status_code == 404
    assert not VenuePhoto.objects.exists()
    assert stored_files(media_root) == []


def test_a_photo_is_deleted_after_confirmation_with_its_files(
    as_leader, venue, media_root, django_capture_on_commit_callbacks
):
    post_photo(as_leader, "kuva.jpg", jpeg_with_gps(size=(1800, 2400)))
    photo = VenuePhoto.objects.get()
    assert len(stored_files(media_root)) == 1 + 3
    confirm = as_leader.get(f"{PHOTOS}{photo.pk}/delete/")
    assert confirm.status_code == 200
    assert "Delete this photo" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_leader.post(f"{PHOTOS}{photo.pk}/delete/")
    assert response.status_code == 302
    assert not VenuePhoto.objects.exists()
    assert stored_files(media_root) == []


def test_a_photo_of_another_venue_is_not_found_here(as_leader, venue, media_root):
    other = VenueFactory()
    photo = photo_add(
        actor=MembershipFactory(organization=other.organization, role=Membership.Role.LEADER).user,
        venue=other,
        upload=upload("kuva.jpg", jpeg_with_gps()),
        alt_text_fi="Muualla",
    )
    assert as_leader.post(f"{PHOTOS}{photo.pk}/delete/").status_code == 404
    assert VenuePhoto.objects.filter(pk=photo.pk).exists()


# --- the services ---------------------------------------------------------------------------------------


def test_photo_add_checks_rights_before_reading_the_file(venue, media_root):
    stranger = MembershipFactory(role=Membership.Role.COORDINATOR).user
    with pytest.raises(PermissionRefused) as error:
        photo_add(actor=stranger, venue=venue, upload=upload("x.jpg", PHP_AS_JPG), alt_text_fi="Kuva")
    assert error.value.code == "forbidden"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"alt_text_fi": "   "}, "alt_text_required"),
        ({"kind": "selfie"}, "invalid_kind"),
    ],
)
def test_photo_add_refuses_bad_data_before_storing(leader, venue, media_root, kwargs, code):
    arguments = {"alt_text_fi": "Kuva", **kwargs}
    with pytest.raises(VenueError) as error:
        photo_add(actor=leader, venue=venue, upload=upload("x.jpg", jpeg_with_gps()), **arguments)
    assert error.value.code == code
    assert stored_files(media_root) == []


def test_photo_add_refuses_a_room_elsewhere(leader, venue, media_root):
    with pytest.raises(VenueError) as error:
        photo_add(
            actor=leader,
            venue=venue,
            upload=upload("x.jpg", jpeg_with_gps()),
            alt_text_fi="Kuva",
            room=RoomFactory(),
        )
    assert error.value.code == "invalid_room"


def test_photo_add_passes_on_image_refusals(leader, venue, media_root):
    with pytest.raises(ImageRejected) as error:
        photo_add(
            actor=leader, venue=venue, upload=upload("x.png", png_bomb(), "image/png"), alt_text_fi="Kuva"
        )
    assert error.value.code == "too_many_pixels"
    assert stored_files(media_root) == []


def test_written_files_are_removed_when_the_database_write_fails(leader, venue, media_root, monkeypatch):
    def fail(*args, **kwargs):
        assert len(stored_files(media_root)) == 1 + 3  # the files were written first
        raise DatabaseError("disk full")

    monkeypatch.setattr(VenuePhoto, "save", fail)
    with pytest.raises(DatabaseError):
        photo_add(
            actor=leader,
            venue=venue,
            upload=upload("x.jpg", jpeg_with_gps(size=(1800, 2400))),
            alt_text_fi="Kuva",
        )
    assert stored_files(media_root) == []


def test_photos_are_numbered_in_upload_order(leader, venue, media_root):
    photos = [
        photo_add(actor=leader, venue=venue, upload=upload("x.jpg", jpeg_with_gps()), alt_text_fi=f"Kuva {n}")
        for n in range(3)
    ]
    assert [photo.position for photo in photos] == [0, 1, 2]


def test_photo_delete_removes_the_files_only_on_commit(
    leader, venue, media_root, django_capture_on_commit_callbacks
):
    photo = photo_add(actor=leader, venue=venue, upload=upload("x.jpg", jpeg_with_gps()), alt_text_fi="Kuva")
    assert len(stored_files(media_root)) == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo_delete(actor=leader, photo=photo)
    assert not VenuePhoto.objects.exists()
    assert len(stored_files(media_root)) == 2  # not before the commit
    for callback in callbacks:
        callback()
    assert stored_files(media_root) == []


def test_photo_delete_is_refused_to_others(venue, leader, media_root):
    photo = photo_add(actor=leader, venue=venue, upload=upload("x.jpg", jpeg_with_gps()), alt_text_fi="Kuva")
    stranger = MembershipFactory(role=Membership.Role.COORDINATOR).user
    with pytest.raises(PermissionRefused):
        photo_delete(actor=stranger, photo=photo)
    assert VenuePhoto.objects.filter(pk=photo.pk).exists()
    assert len(stored_files(media_root)) == 2


def test_deleting_a_room_removes_its_photos_files(
    leader, venue, media_root, django_capture_on_commit_callbacks
):
    room = RoomFactory(venue=venue)
    photo_add(
        actor=leader, venue=venue, upload=upload("x.jpg", jpeg_with_gps()), alt_text_fi="Sali", room=room
    )
    kept = photo_add(actor=leader, venue=venue, upload=upload("y.jpg", jpeg_with_gps()), alt_text_fi="Ovi")
    with django_capture_on_commit_callbacks(execute=True):
        room_delete(actor=leader, room=room)
    assert list(VenuePhoto.objects.all()) == [kept]
    assert stored_files(media_root) == sorted([kept.image.name, kept.renditions["480"]])
