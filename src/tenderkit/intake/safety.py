"""Decide whether a supplier's PDF may be read at all, before any text extractor touches it.

A bidder's PDF is untrusted. Before pdfium parses it, this module refuses, with one
line a procurement officer understands: a file that is not a PDF, an encrypted one, one carrying
JavaScript, launch actions or embedded files, one with more pages than any assurance report has,
and a decompression bomb (a stream that inflates to gigabytes). It inflates every Flate stream
itself with a hard output limit, so the later extractors only ever see streams already measured.
Nothing in the file is executed: pypdf only parses, and the check refuses active content outright.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from tenderkit.errors import Both, Invalid, TenderkitError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PAGES = 2_000
"""The longest SOC 2 reports run to some 400 pages; beyond this a file is no assurance report."""
MAX_OBJECTS = 400_000
MAX_STREAM_BYTES = 64 * 1024 * 1024
"""Inflated size of one stream: a page's content or one scanned page image stays far below."""
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000
"""A 600 dpi A3 scan is some 70 M pixels in colour only when stored oddly; 60 M is plenty."""

_ACTIVE_KEYS = {"/JS": "javascript", "/JavaScript": "javascript", "/EmbeddedFiles": "embedded"}
_ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/ImportData": "import",
    "/RichMediaExecute": "media",
}
_ACTIVE_TYPES = {"/EmbeddedFile": "embedded", "/Filespec": "embedded"}
_ACTIVE_SUBTYPES = {"/FileAttachment": "embedded", "/RichMedia": "media"}
"""What a PDF carries, by the catalogue text that names it (`intake_active_<name>`)."""


class Refused(Invalid, TenderkitError):
    """The file is not read: one line said to the user after the file's name, a catalogue text
    of texts/validation.yaml (`intake_*`) told in the tender's language by `text(language)`.
    `reason` is its English text, for logs and for code that reads refusals."""

    @property
    def reason(self) -> str:
        return str(self)


def _active(what: str) -> Refused:
    """The refusal of a PDF that carries active or attached content (`what`, a catalogue name)."""
    return Refused("intake_active", what=Both.of(f"intake_active_{what}"))


@dataclass(frozen=True)
class CheckedPdf:
    path: Path
    data: bytes
    pages: int


def check_pdf(path: Path) -> CheckedPdf:
    """Read the file and return it when it is safe to hand to the extractors; else `Refused`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise Refused("file_not_found") from None
    except OSError:
        raise Refused("intake_unreadable") from None
    if not path.is_file():
        raise Refused("intake_not_a_file")
    if size > MAX_FILE_BYTES:
        raise Refused("intake_too_large", size=size // 2**20, limit=MAX_FILE_BYTES // 2**20)
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise Refused("intake_not_pdf")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise Refused("intake_encrypted")
        pages = _page_count(reader)
        _check_objects(reader)
    except Refused:
        raise
    except LimitReachedError:
        raise Refused("intake_bomb_stream") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        raise Refused("intake_damaged") from None
    if pages == 0:
        raise Refused("intake_no_pages")
    return CheckedPdf(path, data, pages)


def _page_count(reader: PdfReader) -> int:
    root = reader.trailer["/Root"].get_object()
    declared = root["/Pages"].get_object().get("/Count", 0)
    if not isinstance(declared, int) or declared > MAX_PAGES:
        raise Refused("intake_too_many_pages", pages=declared, limit=MAX_PAGES)
    pages = len(reader.pages)
    if pages > MAX_PAGES:
        raise Refused("intake_too_many_pages", pages=pages, limit=MAX_PAGES)
    return pages


def _check_objects(reader: PdfReader) -> None:
    """Visit every object once: refuse active content, measure every stream."""
    ids = [(num, gen) for gen, nums in reader.xref.items() for num in nums]
    ids += [(num, 0) for num in getattr(reader, "xref_objStm", {})]
    if len(ids) > MAX_OBJECTS:
        raise Refused("intake_too_many_objects", count=len(ids))
    root = reader.trailer["/Root"].get_object()
    _check_dict(root)
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        for key, what in (("/JavaScript", "javascript"), ("/EmbeddedFiles", "embedded")):
            if key in names:
                raise _active(what)
    if "/AcroForm" in root and "/XFA" in root["/AcroForm"].get_object():
        raise Refused("intake_xfa")
    total = 0
    for num, gen in sorted(set(ids)):
        try:
            obj = reader.get_object(IndirectObject(num, gen, reader))
        except (PyPdfError, ValueError, KeyError, TypeError, OSError):
            continue  # a broken object: the extractors skip it as well
        if isinstance(obj, DictionaryObject):
            _check_dict(obj)
        if isinstance(obj, StreamObject):
            total += _stream_size(obj)
            if total > MAX_TOTAL_BYTES:
                raise Refused("intake_bomb_total")


def _check_dict(obj: DictionaryObject) -> None:
    for key, what in _ACTIVE_KEYS.items():
        if key in obj:
            raise _active(what)
    kind = obj.get("/Type")
    if kind in _ACTIVE_TYPES and ("/EF" in obj or kind == "/EmbeddedFile"):
        raise _active(_ACTIVE_TYPES[kind])
    subtype = obj.get("/Subtype")
    if subtype in _ACTIVE_SUBTYPES:
        raise _active(_ACTIVE_SUBTYPES[subtype])
    action = obj.get("/S")
    if isinstance(action, NameObject) and action in _ACTIVE_ACTIONS:
        raise _active(_ACTIVE_ACTIONS[action])


def _filters(stream: StreamObject) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    if isinstance(value, ArrayObject):
        return [str(v.get_object()) for v in value]
    return [str(value)]


def _stream_size(stream: StreamObject) -> int:
    """Inflated size of one stream, measured without ever holding more than the limit."""
    width, height = stream.get("/Width", 0), stream.get("/Height", 0)
    if isinstance(width, int) and isinstance(height, int) and width * height > MAX_IMAGE_PIXELS:
        raise Refused("intake_bomb_image", width=width, height=height)
    raw = stream._data  # the encoded bytes as stored in the file
    filters = _filters(stream)
    if not filters:
        return len(raw)
    if filters[0] in ("/FlateDecode", "/Fl"):
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(raw, MAX_STREAM_BYTES + 1)
        except zlib.error:
            return len(raw)  # undecodable: pdfminer and pdfium skip it too
        if len(out) > MAX_STREAM_BYTES or inflater.unconsumed_tail:
            raise Refused("intake_bomb_stream")
        return len(out)
    if {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"} & set(filters):
        size = len(stream.get_data())  # pypdf caps these decoders itself
        if size > MAX_STREAM_BYTES:
            raise Refused("intake_bomb_stream")
        return size
    return len(raw)  # images (DCT, JPX, CCITT, JBIG2) stay compressed until rendered
