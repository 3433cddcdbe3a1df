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

from tenderkit.errors import Problem
from tenderkit.form.labels import LABELS
from tenderkit.form.values import norm
from tenderkit.formats.limits import MAX_XLSX_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES

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
    def problem(message: str) -> tuple[bytes, list[Problem]]:
        return b"", [Problem(display, "", message)]

    if path.suffix.lower() in MACRO_SUFFIXES:
        return problem(
            f"is a macro-enabled or binary workbook ({path.suffix}); tenderkit does not open "
            "those. Save the form as 'Excel Workbook (.xlsx)' and hand that in"
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return problem(
                f"is {size / 1e6:.0f} MB, larger than any filled-in form "
                f"(limit {MAX_FILE_BYTES / 1e6:.0f} MB); remove pictures or other added content"
            )
        content = path.read_bytes()
    except OSError as exc:
        return problem(f"cannot be read ({exc.strerror or exc})")
    if content.startswith(OLE_MAGIC):
        return problem(
            "is an old Excel file (.xls) or protected with a password to open; save it as "
            "'Excel Workbook (.xlsx)' without a password"
        )
    return content, zip_problems(content, display)


def zip_problems(content: bytes, display: str) -> list[Problem]:
    def problem(message: str) -> list[Problem]:
        return [Problem(display, "", message)]

    not_xlsx = (
        "is not an Excel workbook (.xlsx); save the form from Excel as 'Excel Workbook (.xlsx)'"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return problem(f"holds {len(members)} parts, far more than an Excel form")
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                return problem(
                    f"unpacks to {total / 1e6:.0f} MB (limit {MAX_UNCOMPRESSED_BYTES / 1e6:.0f} "
                    "MB); a filled-in form is far smaller, so it was not opened (possible zip "
                    "bomb)"
                )
            names = {member.filename.lower() for member in members}
            if any(name.endswith("vbaproject.bin") for name in names):
                return problem(
                    "contains macros (VBA); tenderkit does not open workbooks with macros. "
                    "Save the form as 'Excel Workbook (.xlsx)' and hand that in"
                )
            if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
                return problem(not_xlsx)
            types = archive.read("[Content_Types].xml")
            if b"macroenabled" in types.lower():
                return problem(
                    "is a macro-enabled workbook; save the form as 'Excel Workbook (.xlsx)'"
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        return problem(not_xlsx)
    except (NotImplementedError, RuntimeError):  # unsupported compression, encrypted member
        return problem(not_xlsx)
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
    except Exception as exc:  # untrusted file: any failure to parse is the file's problem
        return {}, [_unreadable(display, exc)]
    grids: dict[str, Grid] = {}
    try:
        names = {norm(name): name for name in workbook.sheetnames}
        budget = MAX_CELLS
        for key in sheets:
            wanted = list(dict.fromkeys(LABELS[lang]["sheets"][key] for lang in LABELS))
            name = next((names[norm(w)] for w in wanted if norm(w) in names), None)
            if name is None:
                problems.append(
                    Problem(
                        display,
                        "",
                        f"has no sheet {' or '.join(repr(w) for w in wanted)}; use the form as "
                        f"tenderkit wrote it (sheets found: {', '.join(workbook.sheetnames)})",
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
                        Problem(
                            display,
                            f"sheet {name}",
                            f"holds more than {MAX_CELLS} cells (rows x {MAX_COLUMNS} columns), "
                            "far more than the form; was something pasted far below the form?",
                        )
                    ]
                cells = tuple((cell.value, getattr(cell, "data_type", "n")) for cell in row)
                if any(value is not None and value != "" for value, _ in cells):
                    grids.setdefault(key, grid).rows[number] = cells
            grids.setdefault(key, grid)
    except Exception as exc:  # a damaged sheet inside a valid zip
        return {}, [_unreadable(display, exc)]
    finally:
        workbook.close()
    return grids, problems


def _unreadable(display: str, exc: Exception) -> Problem:
    return Problem(display, "", f"cannot be read as an Excel workbook ({short_error(exc)})")


def short_error(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 120 else text[:119] + "…"
