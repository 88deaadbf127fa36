"""Reading PDFs back in tests: poppler's `pdfinfo` and `pdftotext -raw` (content-stream order), per page."""

import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def norm(text):
    """Whitespace folded to single spaces."""
    return " ".join(str(text).split())


def squash(text):
    """All whitespace removed: for text that may wrap inside a word-free run (a URL)."""
    return "".join(str(text).split())


def _poppler(*args):
    # fixed programs, our own arguments and temporary file: nothing untrusted reaches the command line
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout  # noqa: S603


def _with_file(content, run):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        return run(str(path))


def _pages(path):
    return int(re.search(r"^Pages:\s+(\d+)", _poppler(PDFINFO, path), re.M).group(1))


def page_count(content):
    return _with_file(content, _pages)


def pdf_pages(content):
    """The text of each page, in order (pdftotext -raw -f N -l N), whitespace folded."""
    return _with_file(
        content,
        lambda path: [
            norm(_poppler(PDFTOTEXT, "-raw", "-f", str(n), "-l", str(n), path, "-")) for n in range(1, _pages(path) + 1)
        ],
    )


def pdf_text(content):
    """The whole document's text (pdftotext -raw), whitespace folded."""
    return _with_file(content, lambda path: norm(_poppler(PDFTOTEXT, "-raw", path, "-")))


def pdf_bytes_and_streams(content):
    """The PDF's bytes followed by every stream it holds, inflated where it is Flate-compressed: so that a
    search for '/EmbeddedFile' also looks inside compressed object streams."""
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return b"\n".join(chunks)
