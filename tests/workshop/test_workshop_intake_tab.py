"""The workshop's "Assurance-rapporten" tab: the reports whose entry names its PDF, each opened
beside its pages for the reviewer to confirm (issue 18, point 5)."""

from __future__ import annotations

from tenderkit.formats.folder_edits import copy_example
from tenderkit.workshop.app import WorkshopApp


def _tab(app: WorkshopApp, title: str):
    titles = list(app.tabs.titles)
    assert title in titles, titles
    return app.tabs.children[titles.index(title)]


def test_the_tab_opens_a_report_with_its_pdf_beside_its_fields(tmp_path):
    folder = copy_example("gemeente-zaaksysteem", tmp_path / "mijn-aanbesteding")
    app = WorkshopApp(folder, debounce=0)
    _tab(app, "Assurance-rapporten")
    labels = [label for label, value in app.intake_picker.options if value is not None]
    assert any(label.startswith("Civora NV: soc2-2026") for label in labels), labels
    choice = next(v for label, v in app.intake_picker.options if label.startswith("Civora NV"))
    app.intake_picker.value = choice
    holder = _tab(app, "Assurance-rapporten").children[1]
    (review,) = holder.children
    page = review.children[1]
    assert page.value[:8] == b"\x89PNG\r\n\x1a\n"  # the PDF page shown beside the fields


def test_a_bundled_example_is_not_written_into(tmp_path):
    app = WorkshopApp(debounce=0)
    assert "eigen kopie" in _tab(app, "Assurance-rapporten").value


def test_a_tender_without_report_pdfs_says_how_to_read_one_in(tmp_path):
    folder = copy_example("retail-privcomp-cloud", tmp_path / "t")
    for bid in (folder / "bids").glob("*.yaml"):
        text = bid.read_text("utf-8")
        if "source:" in text:  # drop the example's PDF reference
            lines = text.splitlines(keepends=True)
            start = next(i for i, line in enumerate(lines) if line.strip() == "source:")
            indent = len(lines[start]) - len(lines[start].lstrip())
            end = start + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            bid.write_text("".join(lines[:start] + lines[end:]), "utf-8")
    app = WorkshopApp(folder, debounce=0)
    assert "tenderkit intake" in _tab(app, "Assurance-rapporten").value


def test_a_refused_pdf_is_said_in_the_tenders_language(tmp_path):
    """A report's PDF replaced after loading (here by a zip file) is refused by intake's safety
    check: the tab says so in Dutch, as `tenderkit intake` would, instead of failing."""
    folder = copy_example("gemeente-zaaksysteem", tmp_path / "mijn-aanbesteding")
    app = WorkshopApp(folder, debounce=0)
    _tab(app, "Assurance-rapporten")
    choice = next(v for label, v in app.intake_picker.options if label.startswith("Civora NV"))
    choice[0].write_bytes(b"PK\x03\x04 a zip file")
    app.intake_picker.value = choice
    (message,) = _tab(app, "Assurance-rapporten").children[1].children
    assert "is geen PDF" in message.value and "not a PDF" not in message.value
