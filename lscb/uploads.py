"""Request bodies are capped in the app, as well as at the proxy: a 60 MB upload was spooled in full before the
form refused it. Two guards, both at MAX_REQUEST_BODY_BYTES (settings):

- RequestBodyLimitMiddleware answers 413 to a request whose Content-Length says more, before anything reads
  its body (nothing else in the app reads a body before it);
- CappedUploadHandler, first of FILE_UPLOAD_HANDLERS, stops a multipart body being read past the limit whatever
  its Content-Length said (a server that does not enforce it).

Fields that are not files are capped by Django's own DATA_UPLOAD_MAX_MEMORY_SIZE."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse


def _megabytes(count):
    return f"{count / 1024 / 1024:.1f} MB"


def _too_big(length):
    return (
        f"The request is {_megabytes(length)}; the limit is {_megabytes(settings.MAX_REQUEST_BODY_BYTES)}. "
        "Nothing was saved: upload a smaller file."
    )


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(_too_big(length), status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class CappedUploadHandler(FileUploadHandler):
    """Counts the file data of a multipart body as it arrives; past the limit the request is refused (400)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 (Django's)
        if content_length > settings.MAX_REQUEST_BODY_BYTES:
            raise RequestDataTooBig(_too_big(content_length))
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BODY_BYTES:
            raise RequestDataTooBig(_too_big(self.received))
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file
