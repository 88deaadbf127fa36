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


def tagged_structure(content):
    """What a tagged PDF's catalogue and structure tree hold, read with pikepdf: the catalogue's /Lang,
    /MarkInfo /Marked, /ViewerPreferences /DisplayDocTitle, the title (document information and XMP), the PDF/UA
    part the XMP metadata claims, and the structure elements in tree order (reading order) as (type, element);
    `orphan_mcids` counts marked content whose parent-tree entry is not an element of the tree (neither tagged
    nor an artifact); `artifact_text` counts, per page, the /Artifact sequences that draw text."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as document:
        root = document.Root
        info = {
            "lang": str(root.get("/Lang", "")),
            "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "display_doc_title": bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)),
            "title": str(document.docinfo.get("/Title", "")),
            "has_tree": "/StructTreeRoot" in root,
        }
        with document.open_metadata() as xmp:
            info["xmp_title"] = xmp.get("dc:title", "")
            info["pdfua_part"] = xmp.get("pdfuaid:part", "")
        elements, seen = [], set()

        def walk(node):
            kids = node.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    seen.add(kid.objgen)
                    elements.append((str(kid.S)[1:], kid))
                    walk(kid)

        if info["has_tree"]:
            walk(root.StructTreeRoot)
        info["elements"] = [(kind, _element_summary(kind, element)) for kind, element in elements]
        orphans = 0
        if info["has_tree"]:
            nums = root.StructTreeRoot.ParentTree.get("/Nums", [])
            for i in range(0, len(nums), 2):
                if isinstance(nums[i + 1], pikepdf.Array):
                    orphans += sum(1 for e in nums[i + 1] if isinstance(e, pikepdf.Dictionary) and e.objgen not in seen)
        info["orphan_mcids"] = orphans
        artifact_text = []
        for page in document.pages:
            count, depth, in_artifact, drew = 0, 0, None, False
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    depth += 1
                    if op == "BMC" and str(operands[0]) == "/Artifact" and in_artifact is None:
                        in_artifact, drew = depth, False
                elif op == "EMC":
                    if in_artifact == depth:
                        count += drew
                        in_artifact = None
                    depth -= 1
                elif op in ("Tj", "TJ") and in_artifact is not None:
                    drew = True
            artifact_text.append(count)
        info["artifact_text"] = artifact_text
    return info


def _element_summary(kind, element):
    """For a /Table: how many /TH and /TD cells it holds and how many /TH carry a scope or are referred to; for a
    /Figure: its /Alt; else None."""
    if kind == "Figure":
        return str(element.get("/Alt", "")) or None
    if kind != "Table":
        return None
    cells = {"TH": 0, "TD": 0, "TD with headers": 0}
    stack = [element]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        import pikepdf

        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                kind_of_kid = str(kid.S)[1:]
                if kind_of_kid in cells:
                    cells[kind_of_kid] += 1
                    if kind_of_kid == "TD" and len(kid.get("/A", {}).get("/Headers", [])):
                        cells["TD with headers"] += 1
                if kind_of_kid not in ("Table",):
                    stack.append(kid)
    return cells
