"""Request bodies, caching and the import's package check. The penetration test found a 60 MB upload spooled in
full before it was refused, authenticated pages and exports without Cache-Control: no-store, and a DOCX part
named word/main.bin declaring a DTD passing the pre-check (it read only parts named *.xml and *.rels)."""

import io
import zipfile

import pytest
from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from lscb.uploads import CappedUploadHandler
from plans.models import PlanImport
from tests.helpers import page_text, row_counts
from tests.import_files import kingston_docx
from tests.test_import_fuzz import manager_client, post_upload  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SIXTY_MB = 60 * 1024 * 1024
BOUNDARY = "lscbboundary"


class SixtyMegabyteUpload(io.RawIOBase):
    """A multipart body of one 60 MB file, made as it is read, counting what the server reads of it."""

    def __init__(self):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="plan.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        self.read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        remaining = SIXTY_MB - self.read_so_far
        count = min(len(buffer), remaining)
        start = self.read_so_far
        chunk = (self.head[start:] + b"x" * count)[:count] if start < len(self.head) else b"x" * count
        buffer[: len(chunk)] = chunk
        self.read_so_far += len(chunk)
        return len(chunk)


def test_a_60_mb_upload_is_refused_before_it_is_read(login, manager):
    body = SixtyMegabyteUpload()
    before = row_counts()
    response = login(manager).post(
        reverse("imports:start", args=["kingston"]),
        data=b"",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(SIXTY_MB),
        **{"wsgi.input": io.BufferedReader(body)},
    )
    assert response.status_code == 413
    assert response.content.decode() == (
        "The request is 60.0 MB; the limit is 12.0 MB. Nothing was saved: upload a smaller file."
    )
    assert body.read_so_far == 0
    assert row_counts() == before


def test_the_upload_handler_stops_reading_a_multipart_body_past_the_limit(rf):
    """Whatever reads the body (a server that does not check Content-Length), the parser stops at the limit."""
    body = SixtyMegabyteUpload()
    meta = {"CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(SIXTY_MB)}
    request = rf.post("/")
    parser = MultiPartParser(meta, io.BufferedReader(body), [CappedUploadHandler(request)])
    with pytest.raises(RequestDataTooBig, match="the limit is 12.0 MB"):
        parser.parse()
    assert body.read_so_far == 0
    # and counting: a body that claims to be small is still stopped once its file data passes the limit
    body = SixtyMegabyteUpload()
    meta["CONTENT_LENGTH"] = str(SIXTY_MB - 1)
    handler = CappedUploadHandler(request)
    handler.handle_raw_input(None, meta, 1000, BOUNDARY)
    with pytest.raises(RequestDataTooBig):
        for _ in range(20):
            handler.receive_data_chunk(b"x" * 1024 * 1024, 0)


def test_signed_in_pages_exports_and_downloads_are_never_stored(login, auditor, kingston, monkeypatch):
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    client = login(auditor)
    plan = kingston.plans.get()
    for url in (
        reverse("home"),
        reverse("reporting:plan", args=[plan.pk]),
        reverse("reporting:print_pdf", args=[plan.pk]),
        reverse("reporting:find_export_csv"),
        reverse("reporting:find_export_xlsx"),
        reverse("reporting:plan", args=[999999]),  # a 404 names nothing, but is not stored either
    ):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def docx_with_a_part(name, content):
    source = zipfile.ZipFile(io.BytesIO(kingston_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(info.filename, source.read(info))
        package.writestr(name, content)
    return buffer.getvalue()


BODY = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><w:document>&a;</w:document>'
DTD = f'<?xml version="1.0"?>{BODY}'


@pytest.mark.parametrize(
    "name, content",
    [
        ("word/main.bin", DTD),
        ("word/media/image1.png", "\ufeff" + DTD),  # named as an image, with a byte order mark
        ("word/main.bin", "\n  " + BODY),  # white space first, no declaration
        ("word/main.bin", DTD.encode("utf-16")),
    ],
    ids=["main.bin", "named as an image", "white space first", "UTF-16"],
)
def test_a_part_with_a_dtd_is_refused_whatever_it_is_named(kingston, manager_client, name, content):  # noqa: F811
    before = row_counts()
    response = post_upload(manager_client, "plan.docx", docx_with_a_part(name, content))
    assert response.status_code == 200
    assert f"plan.docx is refused: its part {name} declares a DTD or entities" in page_text(response)
    assert row_counts() == before and not PlanImport.objects.exists()


def test_a_real_image_part_is_not_parsed_and_the_file_imports(kingston, manager_client):  # noqa: F811
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response = post_upload(manager_client, "plan.docx", docx_with_a_part("word/media/image1.png", png))
    assert response.status_code == 302
