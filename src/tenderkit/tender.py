"""The validated tender: every file of a tender folder read, checked and tied together.

`tenderkit.loader.load_tender` builds it; `evaluate(tender)` takes it. It sits beside the
`Result` in the core: the evaluation needs this model, not the code that reads folders.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tenderkit.catalogues.models import Measure
from tenderkit.formats.bid import Bid
from tenderkit.formats.freeze import FreezeRecord
from tenderkit.formats.panel import ConsensusScore, PanelScore
from tenderkit.formats.panel_columns import PanelColumns
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile
from tenderkit.i18n import text


@dataclass(frozen=True)
class Tender:
    """A validated tender: every file read, checked, and tied together. Input of `evaluate`."""

    config: TenderFile
    requirement_set: RequirementSet
    scoring: ScoringModel
    bids: dict[str, Bid]
    panel: tuple[PanelScore, ...] | PanelColumns = ()
    """the evaluators' own scores; the loader gives them as columns (formats/panel_columns.py),
    a sequence of PanelScore like a tuple"""
    consensus: tuple[ConsensusScore, ...] = ()
    inputs: dict[str, str] = field(default_factory=dict)
    lock: str = ""
    lock_scheme: str = "content"
    """`content` (the award rules as data, tender.yaml's award keys included) or `bytes` (a lock
    made before: the two files' bytes only); see tenderkit.formats.award_lock."""
    directory: Path | None = field(default=None, compare=False)
    measures: tuple[Measure, ...] = field(default=(), compare=False)
    """The tender's own compensating measures (`measures:` in tender.yaml), beside tenderkit's."""
    freeze: FreezeRecord | None = field(default=None, compare=False)
    """panel/freeze.yaml when the panel froze the quality scores (and its lifted freezes)."""

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def evaluators(self) -> list[str]:
        if isinstance(self.panel, PanelColumns):  # as loaded: no model built per score
            return self.panel.evaluators
        return sorted({score.evaluator for score in self.panel})

    def replace(self, **changes: Any) -> Tender:
        """A copy with some parts swapped, e.g. for a what-if in the workshop."""
        return replace(self, **changes)

    def to_dataframe(self) -> Any:
        """The bids as a pandas DataFrame, one row per bid, for analysts in a notebook."""
        import pandas as pd

        rows = [
            {
                "id": bid_id,
                "bidder": bid.bidder,
                "price": bid.price,
                "answers": len(bid.answers),
                "assurance_reports": len(bid.assurance),
                "subprocessors": len(bid.subprocessors),
            }
            for bid_id, bid in sorted(self.bids.items())
        ]
        return pd.DataFrame(rows).set_index("id")

    def __repr__(self) -> str:
        return (
            f"<Tender {self.id!r}: {self.config.title!r}, "
            f"{len(self.requirement_set.requirements)} requirements, {len(self.bids)} bids, "
            f"{len(self.panel)} panel scores>"
        )

    def _repr_html_(self) -> str:
        """The notebook's preview, in the tender's language (texts/report.yaml `preview_*`)."""

        from tenderkit.markup import html, join

        def t(key: str, **values: Any) -> str:
            return text("report", key, self.language, **values)

        rows = join(html("<tr><td>{}</td></tr>", b.bidder) for b in self.bids.values())
        counts = t(
            "preview_tender",
            requirements=len(self.requirement_set.requirements),
            bids=len(self.bids),
        )
        return html(
            "<b>{}</b>, {}<table><tr><th>{}</th></tr>{}</table>",
            self.config.title,
            counts,
            t("col_bid"),
            rows,
        )
