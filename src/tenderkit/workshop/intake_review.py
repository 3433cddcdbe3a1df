"""The workshop's intake review: extracted fields beside their page, and the open ones to confirm.

    from tenderkit.workshop.intake_review import IntakeReview
    IntakeReview("tender/reports/soc2.pdf", "tender/bids/civora.yaml", report_id="soc2-2026")

Left, every field intake read with its value, page and the words it was read from; clicking a
page shows that page of the PDF. Below, one input per field listed under `confirm`, the
reviewer's name and a button that writes the entry into the bid atomically, with who confirmed
which fields and when (`source.confirmed`). The logic lives in `tenderkit.intake` (reading,
`confirm.confirmed_entry`, `into_bid.write_into_bid`); this module only lays out widgets.
Supplier text is shown escaped, never as live HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from tenderkit.errors import InvalidInput, catalogue_text
from tenderkit.i18n import catalogue
from tenderkit.i18n import text as _text
from tenderkit.intake import read_report
from tenderkit.intake.confirm import confirmed_entry
from tenderkit.intake.into_bid import bid_entry, write_into_bid
from tenderkit.intake.output import default_id

PAGE_WIDTH_PX = 620


def t(key: str, language: str, **values: Any) -> str:
    return _text("workshop", key, language, **values)


def page_png(pdf: Path, page: int, width: int = PAGE_WIDTH_PX) -> bytes:
    """One page of the (already checked) PDF as PNG, for display beside the fields."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        handle = document[page - 1]
        scale = width / handle.get_width()
        image = handle.render(scale=scale).to_pil()
        handle.close()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class IntakeReview:
    """Confirm or correct what intake could not establish, then write it into the bid."""

    def __init__(
        self,
        pdf: str | Path,
        bid: str | Path,
        report_id: str | None = None,
        language: str = "nl",
    ):
        self.pdf, self.bid = Path(pdf), Path(bid)
        self.language = language
        self.intake = read_report(self.pdf)
        self.report_id = report_id or default_id(self.intake)
        self.entry = bid_entry(self.intake, self.report_id, self.pdf, self.bid.parent.parent)
        self.page = widgets.Image(format="png", layout=widgets.Layout(width=f"{PAGE_WIDTH_PX}px"))
        self.inputs = {
            name: widgets.Textarea(
                description=name,
                placeholder=_hint(name, language),
                layout=widgets.Layout(width="95%"),
            )
            for name in self.intake.confirm
        }
        self.reviewer = widgets.Text(description=t("intake_confirmed_by", language))
        self.force = widgets.Checkbox(description=t("intake_replace", language), value=False)
        self.save = widgets.Button(description=t("intake_write", language), button_style="primary")
        self.message = widgets.HTML()
        self.save.on_click(lambda _: self.write())
        self.widget = widgets.HBox([self._fields(), self.page])
        first = next(iter(self.intake.found.values()), None)
        if first:
            self.show_page(first["pages"][0])

    def _fields(self) -> widgets.Widget:
        rows: list[widgets.Widget] = []
        for name, found in self.intake.found.items():
            value = self.intake.entry.get(name, "")
            button = widgets.Button(description=f"p. {', '.join(map(str, found['pages']))}")
            button.on_click(lambda _, page=found["pages"][0]: self.show_page(page))
            text = (
                f"<b>{html.escape(name)}</b>: {html.escape(str(value))}<br>"
                f"<i>“{html.escape(found['quote'])}”</i>"
            )
            rows.append(widgets.HBox([button, widgets.HTML(text)]))
        open_fields = [
            widgets.HTML(f"<b>{html.escape(t('intake_to_confirm', self.language))}</b>"),
            *self.inputs.values(),
        ]
        controls = [self.reviewer, self.force, self.save, self.message]
        return widgets.VBox([*rows, *open_fields, *controls], layout=widgets.Layout(width="50%"))

    def show_page(self, page: int) -> None:
        self.page.value = page_png(self.pdf, page)

    def write(self, now: dt.datetime | None = None) -> bool:
        """Write the confirmed entry into the bid; True when written, else problems shown."""
        answers = {name: box.value for name, box in self.inputs.items()}
        at = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
        entry, problems = confirmed_entry(
            self.entry, answers, self.reviewer.value, at, str(self.bid)
        )
        try:
            if entry is None:
                raise InvalidInput(problems)
            done = write_into_bid(self.bid, entry, force=self.force.value, language=self.language)
        except InvalidInput as exc:  # in the reviewer's language, from texts/validation.yaml
            told = (p.describe(self.language) for p in exc.problems)
            self.message.value = "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in told)
            self.message.value += "</ul>"
            return False
        values = {"file": self.bid.name, "id": self.report_id, "pdf": self.pdf.name}
        self.message.value = html.escape(catalogue_text(f"intake_{done}", self.language, values))
        return True

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _hint(name: str, language: str = "nl") -> str:
    """What to type for a field left open: its form (as confirm.py reads it) in plain words."""
    key = f"intake_hint_{name}"
    return t(key if key in catalogue("workshop") else "intake_hint_other", language)
