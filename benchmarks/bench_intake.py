"""Time `tenderkit intake` on a 100-page text report, a scanned certificate and hostile files.

The reports are built with the tests' generator (tests/intake/pdfgen.py): a SOC 2 Type II in the
one-column layout with 88 pages of system description and a tests table of 60 controls (about
100 pages), and a two-page ISO 27001 certificate rendered to images (no text layer, read by
tesseract). Hostile files: a 10,000-page PDF and a 256 MiB decompression bomb, which must be
refused within seconds.

Run: `PYTHONPATH=src .venv/bin/python benchmarks/bench_intake.py`. Targets: the 100-page report
under 3 s, OCR under 3 s a page, each refusal under 3 s. One run of each (the machine is shared).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "intake"))

from pdfgen import Spec, as_scan, build_certificate, build_report  # noqa: E402
from pypdf import PdfWriter  # noqa: E402
from pypdf.generic import NameObject, StreamObject  # noqa: E402

from tenderkit.intake import Refused, read_report  # noqa: E402

TARGET_TEXT = 3.0
TARGET_OCR_PAGE = 3.0
TARGET_REFUSAL = 3.0


def _cpu() -> float:
    """CPU seconds of this process and its finished children (tesseract runs as a child)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(path: Path):
    """(wall seconds, CPU seconds, result or refusal reason). On a shared machine the wall time
    grows with the load of others; the CPU time is what intake itself spends."""
    start, cpu = time.perf_counter(), _cpu()
    try:
        result = read_report(path)
    except Refused as exc:
        return time.perf_counter() - start, _cpu() - cpu, exc.reason
    return time.perf_counter() - start, _cpu() - cpu, result


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        controls = [f"CC{a}.{b}" for a in range(1, 10) for b in range(1, 8)][:60]
        spec = Spec(kind="soc2_type2", layout="classic", filler_pages=88, controls=controls,
                    exceptions={"CC6.2": "Two of 25 sampled leavers kept access."})  # fmt: skip
        big = build_report(spec).write(folder / "big.pdf")
        seconds, cpu, result = _timed(big)
        pages = result.pages
        print(f"text report, {pages} pages: {seconds:.2f} s wall, {cpu:.2f} s CPU "
              f"({seconds / pages * 1000:.0f} ms/page); {len(result.entry)} fields, "
              f"confirm {result.confirm}")  # fmt: skip
        if seconds > TARGET_TEXT:
            failures.append(f"text report {seconds:.2f} s > {TARGET_TEXT} s")

        scan = as_scan(build_certificate(Spec(kind="iso27001", language="nl", excluded=[])))
        seconds, cpu, result = _timed(scan.write(folder / "scan.pdf"))
        per_page = seconds / result.pages
        print(f"scanned certificate, {result.pages} pages by OCR: {seconds:.2f} s wall, "
              f"{cpu:.2f} s CPU ({per_page:.2f} s/page)")  # fmt: skip
        if per_page > TARGET_OCR_PAGE:
            failures.append(f"OCR {per_page:.2f} s/page > {TARGET_OCR_PAGE} s")

        writer = PdfWriter()
        for _ in range(10_000):
            writer.add_blank_page(width=595, height=842)
        with (folder / "pages.pdf").open("wb") as handle:
            writer.write(handle)
        squeezer = zlib.compressobj(1)
        packed = b"".join(squeezer.compress(b" " * 2**24) for _ in range(16)) + squeezer.flush()
        writer = PdfWriter()
        page = writer.add_blank_page(width=595, height=842)
        stream = StreamObject()
        stream._data = packed
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        page[NameObject("/Contents")] = writer._add_object(stream)
        with (folder / "bomb.pdf").open("wb") as handle:
            writer.write(handle)
        for name in ("pages.pdf", "bomb.pdf"):
            seconds, _, reason = _timed(folder / name)
            print(f"{name}: refused in {seconds:.2f} s: {reason}")
            if seconds > TARGET_REFUSAL or not isinstance(reason, str):
                failures.append(f"{name}: {seconds:.2f} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
