"""Read a tender folder into one validated `Tender`, or report every problem at once.

Loading is the only place that touches the disk before evaluation: `evaluate(tender)` then works on
plain validated models. Each file is read and validated on its own, then the files are checked
against each other (ids referenced exist, panel scores lie on the scale, the lock still matches).
Nothing stops at the first problem: all of them are collected and raised together.
"""

from __future__ import annotations

import csv
import importlib
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tenderkit.errors import InvalidInput, Problem
from tenderkit.formats.bid import Bid
from tenderkit.formats.lock import compute_lock, file_hash
from tenderkit.formats.messages import validate
from tenderkit.formats.panel import CONSENSUS_COLUMNS, PANEL_COLUMNS, ConsensusScore, PanelScore
from tenderkit.formats.report_source import check_report_sources
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile
from tenderkit.formats.yamlio import read_yaml

BidReader = Callable[[Path, str], tuple[Bid | None, list[Problem]]]
"""Reads one bid file; `display` is the name to use in messages (e.g. `bids/acme.xlsx`)."""

MAX_PANEL_BYTES = 5_000_000
PANEL_STORE = "panel.sqlite"
"""The workshop's panel database in panel/ (tenderkit.workshop.panel_store); the loader skips it."""


@dataclass(frozen=True)
class Tender:
    """A validated tender: every file read, checked, and tied together. Input of `evaluate`."""

    config: TenderFile
    requirement_set: RequirementSet
    scoring: ScoringModel
    bids: dict[str, Bid]
    panel: tuple[PanelScore, ...] = ()
    consensus: tuple[ConsensusScore, ...] = ()
    inputs: dict[str, str] = field(default_factory=dict)
    lock: str = ""
    directory: Path | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def language(self) -> str:
        return self.config.language

    @property
    def evaluators(self) -> list[str]:
        return sorted({score.evaluator for score in self.panel})

    def replace(self, **changes: Any) -> Tender:
        """A copy with some parts swapped, e.g. for a what-if in the workshop."""
        return replace(self, **changes)

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>{escape(b.bidder)}</td></tr>"
            for k, b in self.bids.items()
        )
        return (
            f"<b>{escape(self.config.title)}</b> ({escape(self.id)}), "
            f"{len(self.requirement_set.requirements)} requirements, {len(self.bids)} bids"
            f"<table><tr><th>id</th><th>bidder</th></tr>{rows}</table>"
        )


# --- bids -----------------------------------------------------------------------------------------


def read_yaml_bid(path: Path, display: str) -> tuple[Bid | None, list[Problem]]:
    data, problems = read_yaml(path, display)
    if problems:
        return None, problems
    return validate(Bid, data, display)


_BID_READERS: dict[str, BidReader | str] = {
    ".yaml": read_yaml_bid,
    ".yml": read_yaml_bid,
    ".xlsx": "tenderkit.form.reader:read_bid",
}


def register_bid_reader(suffix: str, reader: BidReader | str) -> None:
    """Let another file type carry bids (`"module:function"` strings are imported when needed)."""
    _BID_READERS[suffix.lower()] = reader


def bid_reader(suffix: str) -> BidReader | None:
    reader = _BID_READERS.get(suffix.lower())
    if isinstance(reader, str):
        module, _, name = reader.partition(":")
        try:
            reader = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            return None
        _BID_READERS[suffix.lower()] = reader
    return reader


def read_bid(path: Path, display: str | None = None) -> tuple[Bid | None, list[Problem]]:
    """Read one bid file of any supported type."""
    display = display or path.name
    reader = bid_reader(path.suffix)
    if reader is None:
        kinds = ", ".join(sorted(_BID_READERS))
        return None, [Problem(display, "", f"is not a bid file tenderkit can read ({kinds})")]
    return reader(path, display)


def _bid_files(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
    )


# --- panel CSVs -----------------------------------------------------------------------------------


def read_panel_csv(
    path: Path, display: str, consensus: bool = False
) -> tuple[list[dict[str, str]], list[Problem]]:
    """Rows of a panel CSV as dicts, with their row number under `row`.

    Excel in a Dutch locale saves CSV with semicolons; both separators are accepted.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [Problem(display, "", f"cannot be read ({exc.strerror or exc})")]
    if len(raw) > MAX_PANEL_BYTES:
        return [], [Problem(display, "", "is too large for a panel file")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(display, "", "is not UTF-8 text; save it as 'CSV UTF-8'")]
    if not text.strip():
        return [], [Problem(display, "", "is empty")]
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return [], [Problem(display, "", f"is not a valid CSV file ({exc})")]
    header = [h.strip().lower() for h in rows[0]]
    expected = CONSENSUS_COLUMNS if consensus else PANEL_COLUMNS
    problems = []
    missing = [c for c in expected if c not in header and c != "rationale"]
    if missing:
        problems.append(Problem(display, "row 1", f"missing column(s): {', '.join(missing)}"))
    unknown = [c for c in header if c and c not in expected]
    if unknown:
        problems.append(
            Problem(
                display,
                "row 1",
                f"unknown column(s): {', '.join(unknown)}; expected {', '.join(expected)}",
            )
        )
    if problems:
        return [], problems
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(Problem(display, f"row {number}", "has more cells than the header"))
            continue
        record = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        record["row"] = str(number)
        records.append(record)
    return records, problems


def _panel_scores(
    directory: Path, tender_dir: Path
) -> tuple[list[PanelScore], list[ConsensusScore], dict[str, bytes], list[Problem]]:
    panel: list[PanelScore] = []
    agreed: list[ConsensusScore] = []
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.name.startswith(PANEL_STORE):
            continue  # the workshop's panel database (and its -wal/-shm): the CSVs are its export
        display = _rel(path, tender_dir)
        if path.suffix.lower() != ".csv":
            problems.append(Problem(display, "", "is not a CSV file; panel/ holds only .csv"))
            continue
        is_consensus = path.stem == "consensus"
        records, found = read_panel_csv(path, display, consensus=is_consensus)
        problems += found
        files[display] = path.read_bytes() if path.is_file() else b""
        for record in records:
            place = f"row {record['row']}"
            if not record.get("rationale"):
                record.pop("rationale", None)
            if is_consensus:
                names = record.pop("evaluators", "")
                record["evaluators"] = [n.strip() for n in names.replace(",", ";").split(";")]
                record["evaluators"] = [n for n in record["evaluators"] if n]
                model, found = validate(ConsensusScore, record, display, place)
            else:
                model, found = validate(
                    PanelScore, {**record, "evaluator": path.stem}, display, place
                )
            problems += [_strip_row_key(p) for p in found]
            if model is not None:
                (agreed if is_consensus else panel).append(model)  # type: ignore[arg-type]
    return panel, agreed, files, problems


def _strip_row_key(problem: Problem) -> Problem:
    # "row 3.score" reads better as "row 3, column score"
    head, dot, rest = problem.place.partition(".")
    if dot:
        return Problem(problem.file, f"{head}, column {rest}", problem.message)
    return problem


# --- cross-file checks ----------------------------------------------------------------------------


def check_requirement_set(rs: RequirementSet, file: str) -> list[Problem]:
    """Checks inside a requirement set, and against the reference data."""
    problems = _duplicates([r.id for r in rs.requirements], file, "requirements", "requirement")
    problems += _duplicates([c.id for c in rs.criteria], file, "criteria", "criterion")
    criteria = set(rs.criterion_ids)
    for index, requirement in enumerate(rs.requirements, start=1):
        place = f"requirements[{index}] ({requirement.id})"
        if requirement.criterion is not None and requirement.criterion not in criteria:
            problems.append(
                Problem(
                    file,
                    f"{place}.criterion",
                    f"there is no award criterion '{requirement.criterion}'; "
                    f"known: {', '.join(sorted(criteria))}",
                )
            )
    problems += _reference_problems(rs, file)
    return problems


def _reference_problems(rs: RequirementSet, file: str) -> list[Problem]:
    """Control ids and risk ids must exist in tenderkit's reference data."""
    from tenderkit.catalogues import risks
    from tenderkit.frameworks import check_controls

    problems: list[Problem] = []
    known_risks = set(risks())
    for index, requirement in enumerate(rs.requirements, start=1):
        place = f"requirements[{index}] ({requirement.id})"
        problems += check_controls(requirement.controls.model_dump(), file, f"{place}.controls")
        for risk in requirement.risks:
            if risk not in known_risks:
                problems.append(
                    Problem(file, f"{place}.risks", f"there is no risk '{risk}' in the catalogue")
                )
    return problems


def _duplicates(ids: Iterable[str], file: str, place: str, what: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for item in ids:
        if item in seen:
            problems.append(Problem(file, place, f"the {what} id '{item}' is used more than once"))
        seen.add(item)
    return problems


def check_bid(bid: Bid, rs: RequirementSet, file: str) -> list[Problem]:
    """A bid against the requirement set: answers name real requirements, evidence real reports."""
    problems = []
    requirement_ids = set(rs.requirement_ids)
    report_ids = {r.id for r in bid.assurance}
    for requirement_id, answer in bid.answers.items():
        if requirement_id not in requirement_ids:
            problems.append(
                Problem(
                    file,
                    f"answers.{requirement_id}",
                    f"there is no requirement '{requirement_id}' in the requirement set",
                )
            )
        for evidence in answer.evidence:
            if evidence not in report_ids:
                problems.append(
                    Problem(
                        file,
                        f"answers.{requirement_id}.evidence",
                        f"there is no assurance report '{evidence}' in this bid",
                    )
                )
    for index, report in enumerate(bid.assurance, start=1):
        for sub in report.subservice:
            if sub.report is not None and (sub.report not in report_ids or sub.report == report.id):
                problems.append(
                    Problem(
                        file,
                        f"assurance[{index}] ({report.id}).subservice",
                        f"'{sub.name}' names report '{sub.report}', which is not another "
                        "report in this bid",
                    )
                )
    return problems


def check_panel(
    panel: Iterable[PanelScore],
    agreed: Iterable[ConsensusScore],
    rs: RequirementSet,
    scoring: ScoringModel,
    bids: Iterable[str],
    evaluators: list[str],
) -> list[Problem]:
    """Panel scores name real bidders and targets, lie on the scale, and appear once."""
    problems: list[Problem] = []
    bidders = set(bids)
    criteria = set(rs.criterion_ids)
    scored = {r.id for r in rs.requirements if r.kind == "scored"}
    knockouts = {r.id for r in rs.requirements if r.kind == "knockout"}
    seen: dict[tuple[str, ...], int] = {}
    scale = ", ".join(scoring.scale.labels)
    for score in [*panel, *agreed]:
        is_panel = isinstance(score, PanelScore)
        file = f"panel/{score.evaluator}.csv" if is_panel else "panel/consensus.csv"
        place = f"row {score.row}"
        if score.bidder not in bidders:
            problems.append(
                Problem(
                    file,
                    f"{place}, column bidder",
                    f"there is no bid from '{score.bidder}' (no bids/{score.bidder}.*)",
                )
            )
        if score.target in knockouts:
            problems.append(
                Problem(
                    file,
                    f"{place}, column target",
                    f"'{score.target}' is a knockout requirement; knockouts are not scored",
                )
            )
        elif score.target not in criteria and score.target not in scored:
            problems.append(
                Problem(
                    file,
                    f"{place}, column target",
                    f"'{score.target}' is neither an award criterion nor a scored requirement",
                )
            )
        if scoring.scale.fraction(score.score) is None:
            problems.append(
                Problem(
                    file, f"{place}, column score", f"'{score.score}' is not on the scale ({scale})"
                )
            )
        key = (file, score.bidder, score.target)
        if key in seen:
            problems.append(
                Problem(
                    file,
                    place,
                    f"scores {score.bidder} on {score.target} again (first in row {seen[key]})",
                )
            )
        seen.setdefault(key, score.row)
        if evaluators:
            names = [score.evaluator] if is_panel else score.evaluators
            for name in names:
                if name not in evaluators:
                    problems.append(
                        Problem(
                            file,
                            place if not is_panel else "",
                            f"'{name}' is not one of the tender's evaluators "
                            f"({', '.join(evaluators)})",
                        )
                    )
    return sorted(set(problems))


# --- the tender folder ----------------------------------------------------------------------------


def _rel(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def load_tender(directory: str | os.PathLike[str]) -> Tender:
    """Read and check every file of a tender folder; raise InvalidInput with all problems."""
    tender_dir = Path(directory)
    if not (tender_dir / "tender.yaml").is_file():
        where = str(directory)
        if not tender_dir.exists():
            raise InvalidInput([Problem(where, "", "folder not found")])
        raise InvalidInput([Problem(where, "", "holds no tender.yaml; is this a tender folder?")])
    problems: list[Problem] = []
    inputs: dict[str, bytes] = {}
    extra: dict[str, Any] = {}

    def read_model(path: Path, model: type) -> Any:
        display = _rel(path, tender_dir)
        data, found = read_yaml(path, display)
        problems.extend(found)
        if found:
            return None
        inputs[display] = path.read_bytes()
        obj, found = validate(model, data, display)
        problems.extend(found)
        return obj

    config: TenderFile | None = read_model(tender_dir / "tender.yaml", TenderFile)
    rs: RequirementSet | None = None
    scoring: ScoringModel | None = None
    if config is not None:
        rs_path = tender_dir / config.requirement_set
        scoring_path = tender_dir / config.scoring
        rs = read_model(rs_path, RequirementSet)
        scoring = read_model(scoring_path, ScoringModel)
        if rs is not None:
            problems += check_requirement_set(rs, _rel(rs_path, tender_dir))
        if config.measures is not None:
            extra["measures"] = _extra_measures(
                tender_dir / config.measures, tender_dir, inputs, problems
            )
        if config.lock and rs is not None and scoring is not None:
            actual = compute_lock(rs_path.read_bytes(), scoring_path.read_bytes())
            if actual != config.lock:
                problems.append(
                    Problem(
                        "tender.yaml",
                        "lock",
                        "the requirement set or scoring model changed after the tender was locked "
                        f"(locked {config.lock[:19]}…, now {actual[:19]}…); "
                        "criteria may not change after publication (Aw 2012 art. 2.115)",
                    )
                )

    bids: dict[str, Bid] = {}
    bids_dir = tender_dir / "bids"
    if not bids_dir.is_dir():
        problems.append(Problem("bids/", "", "folder not found; put one file per bid in bids/"))
    else:
        files = _bid_files(bids_dir)
        stems: dict[str, str] = {}
        for path in files:
            display = _rel(path, tender_dir)
            bidder_id = path.stem
            if bidder_id in stems:
                problems.append(
                    Problem(
                        display,
                        "",
                        f"a second bid of '{bidder_id}' (also "
                        f"{stems[bidder_id]}); keep one file per bidder",
                    )
                )
                continue
            stems[bidder_id] = display
            if not _is_slug(bidder_id):
                problems.append(
                    Problem(
                        display,
                        "",
                        "the file name is the bidder id: use letters, "
                        "digits, '-', '_' and '.' only",
                    )
                )
                continue
            bid, found = read_bid(path, display)
            problems += found
            inputs[display] = path.read_bytes()
            if bid is not None:
                if rs is not None:
                    problems += check_bid(bid, rs, display)
                found, pdfs = check_report_sources(bid, tender_dir, display)
                problems += found
                inputs.update(pdfs)
                bids[bidder_id] = bid
        if not files:
            problems.append(Problem("bids/", "", "holds no bids"))

    panel: list[PanelScore] = []
    agreed: list[ConsensusScore] = []
    panel_dir = tender_dir / "panel"
    if panel_dir.is_dir():
        panel, agreed, files_read, found = _panel_scores(panel_dir, tender_dir)
        inputs.update(files_read)
        problems += found
        if rs is not None and scoring is not None and config is not None:
            problems += check_panel(panel, agreed, rs, scoring, bids, list(config.evaluators))

    if problems:
        raise InvalidInput(problems)
    assert config is not None and rs is not None and scoring is not None
    lock = compute_lock(
        (tender_dir / config.requirement_set).read_bytes(),
        (tender_dir / config.scoring).read_bytes(),
    )
    return Tender(
        config=config,
        requirement_set=rs,
        scoring=scoring,
        bids=dict(sorted(bids.items())),
        panel=tuple(sorted(panel, key=lambda s: (s.evaluator, s.bidder, s.target))),
        consensus=tuple(sorted(agreed, key=lambda s: (s.bidder, s.target))),
        inputs={name: file_hash(content) for name, content in sorted(inputs.items())},
        lock=lock,
        directory=tender_dir,
        extra=extra,
    )


def _extra_measures(
    path: Path, tender_dir: Path, inputs: dict[str, bytes], problems: list[Problem]
) -> tuple[Any, ...]:
    """A tender's own compensating measures (`measures:` in tender.yaml), read by the catalogue."""
    from tenderkit.catalogues import load_measures_file

    display = _rel(path, tender_dir)
    measures, found = load_measures_file(path, display)
    problems.extend(found)
    if path.is_file():
        inputs[display] = path.read_bytes()
    return tuple(measures)


def _is_slug(text: str) -> bool:
    return bool(text) and text[0].isalnum() and all(c.isalnum() or c in "-_." for c in text)
