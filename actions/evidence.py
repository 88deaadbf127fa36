"""Evidence files live in the database (actions.EvidenceFile), not on one web server's disk: every server reaches
them, `make backup` (a database dump) includes them, and nothing serves them but actions.views.evidence_file,
which checks who may read the action first. `ProgressUpdate.evidence_file` keeps Django's FileField API; this
storage is where its files are written and read."""

import mimetypes
import posixpath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.crypto import get_random_string
from django.utils.deconstruct import deconstructible


def _model():
    return apps.get_model("actions", "EvidenceFile")


@deconstructible(path="actions.evidence.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows of actions.EvidenceFile: the bytes, the name, the content type and the size."""

    def _open(self, name, mode="rb"):
        row = _model().objects.filter(name=name).only("content").first()
        if row is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(row.content), name=name)

    def _save(self, name, content):
        data = content.read()
        content_type = getattr(content, "content_type", None) or mimetypes.guess_type(name)[0]
        _model().objects.create(
            name=name, content=data, size=len(data), content_type=content_type or "application/octet-stream"
        )
        return name

    def exists(self, name):
        return _model().objects.filter(name=name).exists()

    def get_available_name(self, name, max_length=None):
        """The name, or the name with a random suffix while it is taken (Storage's own rule, without a race:
        the name is also unique in the table)."""
        directory, file_name = posixpath.split(name)
        root, ext = posixpath.splitext(file_name)
        while self.exists(name) or (max_length and len(name) > max_length):
            root = root[: max(1, (max_length or 255) - len(directory) - len(ext) - 9)]
            name = posixpath.join(directory, f"{root}_{get_random_string(7)}{ext}")
        return name

    def delete(self, name):
        _model().objects.filter(name=name).delete()

    def size(self, name):
        return _model().objects.filter(name=name).values_list("size", flat=True).first() or 0

    def url(self, name):
        raise NotImplementedError("Evidence files have no public URL: actions:evidence serves them.")

    def listdir(self, path):
        names = _model().objects.filter(name__startswith=path).values_list("name", flat=True)
        return [], [posixpath.relpath(n, path) for n in names]


def evidence_storage():
    return DatabaseStorage()
