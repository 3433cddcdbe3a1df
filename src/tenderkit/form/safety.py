"""The first look at a bidder's form file: refuse what is not a plain, sane .xlsx.

The file comes from a supplier, so it is untrusted. Before openpyxl sees it: macro-enabled
workbooks are refused (by extension, by a `vbaProject.bin` inside, or by a macro content type),
and so is anything that is not a zip of sane size (a zip bomb declares or holds far more than a
form ever needs). openpyxl then opens it read-only, keeps no external links and evaluates nothing,
and no more cells are copied out than a form can hold.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tenderkit.errors import Both, Problem
from tenderkit.form.labels import LABELS
from tenderkit.form.values import norm
from tenderkit.formats.limits import MAX_XLSX_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES
from tenderkit.formats.read_once import note_read
from tenderkit.formatting import number

MAX_FILE_BYTES = MAX_XLSX_BYTES
"""Largest form file accepted, compressed (tenderkit.formats.limits holds every limit)."""
MAX_UNCOMPRESSED_BYTES = MAX_XLSX_UNCOMPRESSED_BYTES
MAX_ZIP_MEMBERS = 2_000
MAX_CELLS = 200_000
"""Most cells read over all sheets (rows x MAX_COLUMNS), against sheets inflated by accident."""
MAX_COLUMNS = 40
"""Columns read per sheet; the widest sheet of the form (Assurance) has 24."""
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".xlsb"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def safe_bytes(path: Path, display: str) -> tuple[bytes, list[Problem]]:
    """The file's bytes when it may be opened as a form; else every reason it may not.

    Each problem is a catalogue text (texts/validation.yaml), told in the tender's language.
    """

    def problem(key: str, **values: Any) -> tuple[bytes, list[Problem]]:
        return b"", [Problem.of(display, "", key, **values)]

    if path.suffix.lower() in MACRO_SUFFIXES:
        return problem("form_macro_suffix", suffix=path.suffix)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return problem(
                "form_too_large", size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES)
            )
        content = path.read_bytes()
    except OSError as exc:
        return problem("cannot_read", detail=exc.strerror or exc)
    if content.startswith(OLE_MAGIC):
        return problem("form_old_excel")
    problems = zip_problems(content, display)
    if not problems:
        note_read(path, content)  # the loader hashes these very bytes (formats/read_once.py)
    return content, problems


def _megabytes(size: int) -> Both:
    """A size in whole MB, as the messages state it."""
    return _whole(round(size / 1e6))


def _whole(value: int) -> Both:
    """A whole number as each language writes it (`200.000`, `200,000`)."""
    return Both(number(value, "nl", 0), number(value, "en", 0))


def zip_problems(content: bytes, display: str) -> list[Problem]:
    """Why `content` is not a plain, sane .xlsx (macros, a zip bomb, another kind of file)."""

    def problem(key: str, **values: Any) -> list[Problem]:
        return [Problem.of(display, "", key, **values)]

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return problem("form_too_many_parts", count=_whole(len(members)))
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                return problem(
                    "form_zip_bomb",
                    size=_megabytes(total),
                    limit=_megabytes(MAX_UNCOMPRESSED_BYTES),
                )
            names = {member.filename.lower() for member in members}
            if any(name.endswith("vbaproject.bin") for name in names):
                return problem("form_has_macros")
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                return problem("form_not_xlsx")
            types = archive.read("[Content_Types].xml")
            if b"macroenabled" in types.lower():
                return problem("form_macro_type")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        return problem("form_not_xlsx")
    except (NotImplementedError, RuntimeError):  # unsupported compression, encrypted member
        return problem("form_not_xlsx")
    return []


@dataclass
class Grid:
    """The cells of one sheet as read: non-empty rows by row number, (value, data type) each."""

    name: str
    rows: dict[int, tuple[tuple[Any, str], ...]] = field(default_factory=dict)


def read_grids(
    content: bytes, display: str, sheets: Iterable[str]
) -> tuple[dict[str, Grid], list[Problem]]:
    """Open the workbook read-only and copy out the cells of `sheets` (keys of the form's sheets,
    found by their name in either language), never more than MAX_CELLS cells in all."""
    from openpyxl import load_workbook

    problems: list[Problem] = []
    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    except Exception:  # untrusted file: any failure to parse is the file's problem
        return {}, [_unreadable(display)]
    grids: dict[str, Grid] = {}
    try:
        names = {norm(name): name for name in workbook.sheetnames}
        budget = MAX_CELLS
        for key in sheets:
            wanted = list(dict.fromkeys(LABELS[lang]["sheets"][key] for lang in LABELS))
            name = next((names[norm(w)] for w in wanted if norm(w) in names), None)
            if name is None:
                quoted = [repr(w) for w in wanted]
                problems.append(
                    Problem.of(
                        display,
                        "",
                        "form_no_sheet",
                        wanted=Both(" of ".join(quoted), " or ".join(quoted)),
                        found=", ".join(workbook.sheetnames),
                    )
                )
                continue
            worksheet = workbook[name]
            worksheet.reset_dimensions()  # do not trust the declared size
            grid = Grid(name)
            for number, row in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS), start=1):
                budget -= len(row)
                if budget < 0:
                    return {}, [
                        Problem.of(
                            display,
                            f"sheet {name}",
                            "form_too_many_cells",
                            limit=_whole(MAX_CELLS),
                            columns=MAX_COLUMNS,
                        )
                    ]
                cells = tuple((cell.value, getattr(cell, "data_type", "n")) for cell in row)
                if any(value is not None and value != "" for value, _ in cells):
                    grids.setdefault(key, grid).rows[number] = cells
            grids.setdefault(key, grid)
    except Exception:  # a damaged sheet inside a valid zip
        return {}, [_unreadable(display)]
    finally:
        workbook.close()
    return grids, problems


def _unreadable(display: str) -> Problem:
    """The file is damaged, said in the tender's language and with what to do. openpyxl's own
    English ("There is no item named 'xl/sharedStrings.xml' in the archive") is not passed on:
    a procurement officer cannot act on it."""
    return Problem.of(display, "", "form_unreadable")
