"""Media on object storage: photos and their renditions stored, served and deleted in an S3 bucket.

The S3-compatible server is moto's standalone server, started on loopback by the test; the app
talks to it through django-storages exactly as to AWS or any other S3 service. Skipped (with the
reason) where moto is not installed; under CI (CI=true) its absence fails instead.
"""

import html
import io
import json
import logging
import os
import re
import subprocess
import sys
import urllib.request

import pytest
from django.test import Client
from PIL import Image

from tests.core.test_settings import BASE_DIR, production_env
from tests.factories import MembershipFactory, OrganizationFactory, VenueFactory
from tests.venues.imagedata import jpeg_with_gps, upload
from venues.models import Membership, VenuePhoto

pytestmark = pytest.mark.django_db
BUCKET = "perhekeskus-media"
PHOTOS = "/en/leader/venues/perhekeskus-a/photos/"


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"moto[server] is required under CI: {missing}")
        pytest.skip(f"needs moto[server] (requirements/dev.txt) for an S3 server on loopback: {missing}")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path, monkeypatch):
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    # Public photos: anyone may read the objects (docs/deployment.md), nobody may list or write.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    # The same options config/settings.py builds from MEDIA_S3_* (checked in a subprocess below).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "custom_domain": None,
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the loopback S3 server
        return response.status, response.read()


def test_photos_and_renditions_are_stored_served_and_deleted_in_the_bucket(
    bucket, s3_endpoint, tmp_path, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(slug="org-a")
    VenueFactory(organization=organization, slug="perhekeskus-a", name_fi="Perhekeskus A")
    leader = MembershipFactory(organization=organization, role=Membership.Role.LEADER).user
    client = Client()
    client.force_login(leader)

    response = client.post(
        PHOTOS,
        {
            "image": upload("IMG_0001.jpg", jpeg_with_gps(size=(1800, 2400)), "image/jpeg"),
            "alt_text_fi": "Sisäänkäynti",
            "kind": "entrance",
        },
    )

    assert response.status_code == 302
    photo = VenuePhoto.objects.get()
    stored = sorted([photo.image.name, *photo.renditions.values()])
    assert len(stored) == 4  # the clean JPEG and three WebP renditions
    assert keys(bucket) == stored
    assert not (tmp_path / "media").exists(), "nothing may land on the local disk"

    # Served from the bucket: the pages link there, and the links answer with the clean bytes.
    page = client.get(PHOTOS).content.decode()
    urls = {html.unescape(url) for url in re.findall(rf'src="({re.escape(s3_endpoint)}/[^"]+)"', page)}
    assert urls, page
    for url in urls:
        status, data = fetch(url)
        assert status == 200
        Image.open(io.BytesIO(data)).verify()
    status, original = fetch(photo.image.url)
    assert photo.image.url.startswith(f"{s3_endpoint}/{BUCKET}/")
    assert status == 200
    assert dict(Image.open(io.BytesIO(original)).getexif()) == {}

    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(f"{PHOTOS}{photo.pk}/delete/")
    assert deleted.status_code == 302
    assert not VenuePhoto.objects.exists()
    assert keys(bucket) == []


SETTINGS_PROBE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def probe(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_environment_variables_choose_the_s3_backend(tmp_path):
    env = production_env(
        tmp_path,
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL="https://s3.fi-hel2.upcloudobjects.com",
        MEDIA_S3_REGION="fi-hel2",
        MEDIA_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        MEDIA_S3_SECRET_ACCESS_KEY="secret-example",
    )
    found = probe(env)
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["storage"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        BUCKET,
        "https://s3.fi-hel2.upcloudobjects.com",
        "fi-hel2",
    )
    assert (options["access_key"], options["secret_key"]) == ("AKIAEXAMPLE", "secret-example")
    assert options["querystring_auth"] is False
    # Pages may show images from the bucket, and from nowhere else new.
    assert "https://s3.fi-hel2.upcloudobjects.com" in found["img_src"]

    cdn = probe({**env, "MEDIA_S3_CUSTOM_DOMAIN": "media.perhekeskus.example.fi"})
    assert cdn["storage"]["OPTIONS"]["custom_domain"] == "media.perhekeskus.example.fi"
    assert "https://media.perhekeskus.example.fi" in cdn["img_src"]


def test_without_a_bucket_media_stays_on_the_disk(tmp_path):
    found = probe(production_env(tmp_path))
    assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["img_src"] == ["'self'", "data:"]
