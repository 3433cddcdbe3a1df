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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tenderkit.catalogues import load_measures_file
from tenderkit.catalogues.models import Measure
from tenderkit.errors import InvalidInput, Problem
from tenderkit.formats.award_lock import current_lock, file_hash
from tenderkit.formats.bid import Bid
from tenderkit.formats.collector import collector_paused
from tenderkit.formats.freeze import FREEZE_FILE, FreezeRecord, check_freeze, read_freeze
from tenderkit.formats.limits import MAX_CSV_BYTES
from tenderkit.formats.messages import did_you_mean, validate
from tenderkit.formats.panel import CONSENSUS_COLUMNS, PANEL_COLUMNS, ConsensusScore, PanelScore
from tenderkit.formats.panel_columns import PanelColumns, plain_columns, plain_row
from tenderkit.formats.read_once import bytes_read, recording_reads
from tenderkit.formats.report_source import check_report_sources
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile
from tenderkit.formats.types import id_problem
from tenderkit.formats.yamlio import read_yaml
from tenderkit.i18n import LANGUAGES
from tenderkit.tender import Tender

BidReader = Callable[[Path, str], tuple[Bid | None, list[Problem]]]
"""Reads one bid file; `display` is the name to use in messages (e.g. `bids/acme.xlsx`)."""

MAX_PANEL_BYTES = MAX_CSV_BYTES
PANEL_STORE = "panel.sqlite"
"""The workshop's panel database in panel/ (tenderkit.workshop.panel_store); the loader skips it."""


# --- bids -----------------------------------------------------------------------------------------


def read_yaml_bid(path: Path, display: str) -> tuple[Bid | None, list[Problem]]:
    data, problems = read_yaml(path, display)
    if problems:
        return None, problems
    return validate(Bid, data, display, source=path)


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
        return None, [Problem.of(display, "", "not_a_bid_file", kinds=kinds)]
    return reader(path, display)


SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".gitkeep"})
"""Files an operating system or git puts in any folder; never a bid, so bids/ skips them."""


def _bid_files(directory: Path, tender_dir: Path) -> tuple[list[Path], list[Problem]]:
    """The bid files in bids/, and a problem for every entry that cannot be one.

    Nothing is dropped without a word: a hidden file, a link to nothing, a folder or a name
    without a bidder id (`..yaml`) may be a bid someone meant to hand in, so each is reported.
    Only operating-system clutter (SYSTEM_FILES) and the owner files Excel writes beside an open
    workbook (`~$acme.xlsx`) are skipped.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(directory.iterdir()):
        name = path.name
        display = _rel(path, tender_dir)
        if name.lower() in SYSTEM_FILES or name.startswith("~$"):
            continue
        if path.is_symlink() and not path.exists():
            problems.append(Problem.of(display, "", "bid_broken_link"))
        elif path.is_dir():
            problems.append(Problem.of(display, "", "bid_is_folder"))
        elif not path.is_file():
            problems.append(Problem.of(display, "", "bid_not_regular"))
        elif name.startswith("."):
            problems.append(Problem.of(display, "", "bid_hidden"))
        else:
            files.append(path)
    return files, problems


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
        return [], [Problem.of(display, "", "cannot_read", detail=exc.strerror or exc)]
    return parse_panel_csv(raw, display, consensus)


def parse_panel_csv(
    raw: bytes, display: str, consensus: bool = False
) -> tuple[list[dict[str, str]], list[Problem]]:
    """`read_panel_csv` on bytes already read (so the hash and the rows come from one read)."""
    table, problems = _panel_table(raw, display, consensus)
    if table is None:
        return [], problems
    return _panel_records(*table, display)


PanelTable = tuple[list[list[str]], list[str], list[int]]
"""A panel CSV's rows (the header first), its column names and their positions."""


def _panel_table(
    raw: bytes, display: str, consensus: bool = False
) -> tuple[PanelTable | None, list[Problem]]:
    """A panel CSV's cells and header, or None and what keeps the file from being read."""
    if len(raw) > MAX_PANEL_BYTES:
        return None, [Problem.of(display, "", "panel_too_large")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem.of(display, "", "panel_not_utf8")]
    if not text or text.isspace():  # `not text.strip()`, without copying the file's text
        return None, [Problem.of(display, "", "empty_file")]
    end = text.find("\n")  # the first line as splitlines() gives it, without splitting all
    first_line = (text if end < 0 else text[: end + 1]).splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return None, [Problem.of(display, "", "csv_invalid", detail=exc)]
    header, keep, problems = _panel_header(rows, display)
    expected = CONSENSUS_COLUMNS if consensus else PANEL_COLUMNS
    missing = [c for c in expected if c not in header and c != "rationale"]
    if missing:
        problems.append(Problem.of(display, "row 1", "csv_missing_columns", columns=missing))
    unknown = [c for c in header if c not in expected]
    if unknown:
        problems.append(
            Problem.of(
                display,
                "row 1",
                "csv_unknown_columns",
                columns=unknown,
                expected=expected,
                suggestion=", ".join(
                    f"{c} -> {did_you_mean(c, expected)}"
                    for c in unknown
                    if did_you_mean(c, expected)
                ),
            )
        )
    if problems:
        return None, problems
    return (rows, header, keep), problems


def _panel_records(
    rows: list[list[str]], header: list[str], keep: list[int], display: str
) -> tuple[list[dict[str, str]], list[Problem]]:
    """The data rows of a panel CSV as dicts of trimmed cells, with their row number under `row`;
    blank rows skipped, a row with cells beyond the header's refused."""
    problems: list[Problem] = []
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if any(cell.strip() for cell in row[len(rows[0]) :]):
            problems.append(Problem.of(display, f"row {number}", "csv_more_cells"))
            continue
        record = {
            h: (row[i].strip() if i < len(row) else "") for h, i in zip(header, keep, strict=True)
        }
        record["row"] = str(number)
        records.append(record)
    return records, problems


def _panel_header(
    rows: list[list[str]], display: str
) -> tuple[list[str], list[int], list[Problem]]:
    """The named columns of a panel CSV and their positions, and what is wrong with the header.

    A column without a name whose cells are all empty is dropped: Excel writes such columns
    (`;;;` at the end of every line) when a sheet once held more. A nameless column that holds
    values, and a name used twice (the second would silently win), are refused, naming the column.
    """
    header = [h.strip().lower() for h in rows[0]]
    problems: list[Problem] = []
    names: list[str] = []
    keep: list[int] = []
    first: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            if any(index < len(row) and row[index].strip() for row in rows[1:]):
                problems.append(
                    Problem.of(display, f"row 1, column {index + 1}", "csv_nameless_column")
                )
            continue
        if name in first:
            problems.append(
                Problem.of(
                    display,
                    f"row 1, column {index + 1}",
                    "csv_column_twice",
                    name=name,
                    other=first[name] + 1,
                )
            )
            continue
        first[name] = index
        names.append(name)
        keep.append(index)
    return names, keep, problems


@dataclass(frozen=True)
class PanelFiles:
    """What `panel/` holds, as the loader reads it: the scores, each CSV's bytes, the freeze."""

    panel: PanelColumns
    """the individual scores as columns, in the order read (file by file, row by row)"""
    agreed: list[ConsensusScore]
    files: dict[str, bytes]
    problems: list[Problem]
    unreadable: frozenset[str] = frozenset()
    freeze: FreezeRecord | None = None


def read_panel(tender_dir: Path, directory: Path | None = None) -> PanelFiles:
    """Read every panel CSV of a tender folder and `panel/freeze.yaml`, and check the CSVs
    against the freeze. Also used by the workshop's store to import and to freeze (`directory`:
    its own folder, `tender_dir/panel` by default)."""
    directory = directory if directory is not None else tender_dir / "panel"
    columns: tuple[list[Any], ...] = ([], [], [], [], [], [])
    agreed: list[ConsensusScore] = []
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    unreadable: set[str] = set()
    record: FreezeRecord | None = None
    if not directory.is_dir():
        return PanelFiles(PanelColumns(), agreed, files, problems)
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.name.startswith(PANEL_STORE):
            continue  # the workshop's panel database (and its -wal/-shm): the CSVs are the record
        display = _rel(path, tender_dir)
        if path.name == FREEZE_FILE:
            record, found = read_freeze(path, display)
            problems += found
            if record is not None:
                files[display] = bytes_read(path)
            continue
        if path.suffix.lower() != ".csv":
            problems.append(Problem.of(display, "", "panel_not_csv"))
            continue
        is_consensus = path.stem == "consensus"
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem.of(display, "", "cannot_read", detail=exc.strerror or exc))
            unreadable.add(display)
            continue
        table, found = _panel_table(raw, display, consensus=is_consensus)
        problems += found
        files[display] = raw
        if table is None:
            unreadable.add(display)
            continue
        evaluator = path.stem
        plain = None if is_consensus else plain_columns(evaluator, *table)
        if plain is not None:  # every row plain: the columns at once, no row by row
            for column, values in zip(columns, plain, strict=True):
                column.extend(values)
            continue
        records, found = _panel_records(*table, display)
        problems += found
        for record_row in records:
            place = f"row {record_row['row']}"
            if not record_row.get("rationale"):
                record_row.pop("rationale", None)
            plain = None if is_consensus else plain_row(evaluator, record_row)
            if plain is not None:  # what validating the model would keep; no model built
                for column, value in zip(columns, plain, strict=True):
                    column.append(value)
                continue
            if is_consensus:
                names = record_row.pop("evaluators", "")
                split = [n.strip() for n in names.replace(",", ";").split(";")]
                record_row["evaluators"] = [n for n in split if n]  # type: ignore[assignment]
                model, found = validate(ConsensusScore, record_row, display, place)
            else:
                model, found = validate(
                    PanelScore, {**record_row, "evaluator": evaluator}, display, place
                )
            problems += [_strip_row_key(p) for p in found]
            if isinstance(model, ConsensusScore):
                agreed.append(model)
            elif model is not None:
                for column, value in zip(columns, PanelColumns.of([model]).columns(), strict=True):
                    column.extend(value)
        if any(p.file == display for p in problems):
            unreadable.add(display)
    panel = PanelColumns(*columns)
    if record is not None and record.frozen is not None:
        csvs = [name for name in files if name.endswith((".csv", ".CSV"))]
        problems += check_freeze(record.frozen, panel, agreed, csvs, unreadable)
    return PanelFiles(panel, agreed, files, problems, frozenset(unreadable), record)


def _strip_row_key(problem: Problem) -> Problem:
    # "row 3.score" reads better as "row 3, column score"
    head, dot, rest = problem.place.partition(".")
    if dot:
        return replace(problem, place=f"{head}, column {rest}")
    return problem


# --- cross-file checks ----------------------------------------------------------------------------


def _suggestion(word: Any, known: Iterable[Any]) -> dict[str, str]:
    """`{"suggestion": "ACC-01"}` for a misspelt id close to a known one, else {} (the text
    without "did you mean")."""
    found = did_you_mean(word, known)
    return {"suggestion": found} if found else {}


def check_requirement_set(rs: RequirementSet, file: str) -> list[Problem]:
    """Checks inside a requirement set, and against the reference data."""
    problems = _duplicates([r.id for r in rs.requirements], file, "requirements", "requirement")
    problems += _duplicates([c.id for c in rs.criteria], file, "criteria", "criterion")
    criteria = set(rs.criterion_ids)
    for index, requirement in enumerate(rs.requirements, start=1):
        place = f"requirements[{index}] ({requirement.id})"
        if requirement.criterion is not None and requirement.criterion not in criteria:
            problems.append(
                Problem.of(
                    file,
                    f"{place}.criterion",
                    "no_criterion",
                    criterion=requirement.criterion,
                    known=sorted(criteria),
                    **_suggestion(requirement.criterion, criteria),
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
                    Problem.of(
                        file,
                        f"{place}.risks",
                        "no_risk",
                        risk=risk,
                        **_suggestion(risk, known_risks),
                    )
                )
    return problems


def _duplicates(ids: Iterable[str], file: str, place: str, what: str) -> list[Problem]:
    """Ids used twice, also apart from case: `ENC-01` and `enc-01` would be one to a reader."""
    seen: dict[str, str] = {}
    problems = []
    for item in ids:
        first = seen.get(item.casefold())
        if first == item:
            problems.append(Problem.of(file, place, f"{what}_id_twice", id=item))
        elif first is not None:
            problems.append(Problem.of(file, place, f"{what}_ids_case", first=first, id=item))
        seen.setdefault(item.casefold(), item)
    return problems


def check_bid(bid: Bid, rs: RequirementSet, file: str) -> list[Problem]:
    """A bid against the requirement set: answers name real requirements, evidence real reports."""
    problems = []
    requirement_ids = set(rs.requirement_ids)
    report_ids = {r.id for r in bid.assurance}
    for requirement_id, answer in bid.answers.items():
        if requirement_id not in requirement_ids:
            problems.append(
                Problem.of(
                    file,
                    f"answers.{requirement_id}",
                    "no_requirement",
                    requirement=requirement_id,
                    **_suggestion(requirement_id, requirement_ids),
                )
            )
        for evidence in answer.evidence:
            if evidence not in report_ids:
                problems.append(
                    Problem.of(
                        file,
                        f"answers.{requirement_id}.evidence",
                        "no_report",
                        report=evidence,
                        **_suggestion(evidence, report_ids),
                    )
                )
    for index, report in enumerate(bid.assurance, start=1):
        for sub in report.subservice:
            if sub.report is not None and (sub.report not in report_ids or sub.report == report.id):
                problems.append(
                    Problem.of(
                        file,
                        f"assurance[{index}] ({report.id}).subservice",
                        "subservice_report",
                        name=sub.name,
                        report=sub.report,
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
    on_scale: dict[str, bool] = {}
    columns = PanelColumns.of(panel)  # read as columns: no model built for each score
    for given in set(columns.score):
        on_scale[given] = scoring.scale.fraction(given) is not None
    individual: Iterable[tuple[bool, list[str], str, str, str, int]] = ()
    if not _panel_columns_fine(
        columns, bidders, (criteria | scored) - knockouts, on_scale, evaluators
    ):
        individual = (
            (True, [who], bidder, target, given, row)
            for who, bidder, target, given, row in zip(
                columns.evaluator,
                columns.bidder,
                columns.target,
                columns.score,
                columns.row,
                strict=True,
            )
        )
    rows = [
        *individual,
        *((False, s.evaluators, s.bidder, s.target, s.score, s.row) for s in agreed),
    ]
    for is_panel, who, bidder, target, given, row in rows:
        file = f"panel/{who[0]}.csv" if is_panel else "panel/consensus.csv"
        place = f"row {row}"
        if bidder not in bidders:
            problems.append(
                Problem.of(
                    file,
                    f"{place}, column bidder",
                    "no_bid",
                    bidder=bidder,
                    **_suggestion(bidder, bidders),
                )
            )
        if target in knockouts:
            problems.append(
                Problem.of(file, f"{place}, column target", "target_knockout", target=target)
            )
        elif target not in criteria and target not in scored:
            problems.append(
                Problem.of(
                    file,
                    f"{place}, column target",
                    "target_unknown",
                    target=target,
                    **_suggestion(target, criteria | scored),
                )
            )
        if given not in on_scale:
            on_scale[given] = scoring.scale.fraction(given) is not None
        if not on_scale[given]:
            problems.append(
                Problem.of(file, f"{place}, column score", "off_scale", score=given, scale=scale)
            )
        key = (file, bidder, target)
        if key in seen:
            problems.append(
                Problem.of(
                    file,
                    place,
                    "scored_again",
                    bidder=bidder,
                    target=target,
                    first=seen[key],
                )
            )
        seen.setdefault(key, row)
        if evaluators:
            for name in who:
                if name not in evaluators:
                    problems.append(
                        Problem.of(
                            file,
                            place if not is_panel else "",
                            "not_an_evaluator",
                            name=name,
                            evaluators=evaluators,
                            **_suggestion(name, evaluators),
                        )
                    )
    return sorted(set(problems))


def _panel_columns_fine(
    columns: PanelColumns,
    bidders: set[str],
    targets: set[str],
    on_scale: dict[str, bool],
    evaluators: list[str],
) -> bool:
    """Whether check_panel would find nothing wrong with the individual scores, decided on the
    columns' distinct values (a few thousand) instead of row by row (400,000 at 50 x 2000 x 7):
    every bidder handed in, every target a criterion or scored requirement and no knock-out,
    every score on the scale, every evaluator named (when the tender names them), and no
    evaluator's file scoring a bid on a target twice (the file is the evaluator's; none is
    consensus.csv's, whose rows are checked for doubles after the individual ones)."""
    return (
        "consensus" not in columns.evaluator
        and bidders.issuperset(columns.bidder)
        and targets.issuperset(columns.target)
        and all(on_scale[given] for given in set(columns.score))
        and (not evaluators or set(evaluators).issuperset(columns.evaluator))
        and len(set(zip(columns.evaluator, columns.bidder, columns.target, strict=True)))
        == len(columns)
    )


# --- the tender folder ----------------------------------------------------------------------------


def _rel(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


@collector_paused
def load_tender(directory: str | os.PathLike[str]) -> Tender:
    """Read and check every file of a tender folder; raise InvalidInput with all problems.

    Each file is hashed for the record as it was parsed, not as it is a moment later
    (formats/read_once.py): a bid replaced while the tender loads is never recorded as evaluated.
    """
    with recording_reads():
        return _load_tender(directory)


def _load_tender(directory: str | os.PathLike[str]) -> Tender:
    tender_dir = Path(directory)
    language = tender_language(tender_dir)
    if not (tender_dir / "tender.yaml").is_file():
        where = str(directory)
        if not tender_dir.exists():
            raise InvalidInput([Problem.of(where, "", "folder_not_found")], language)
        raise InvalidInput([Problem.of(where, "", "no_tender_yaml")], language)
    problems: list[Problem] = []
    inputs: dict[str, bytes] = {}
    measures: tuple[Measure, ...] = ()
    freeze: FreezeRecord | None = None
    parsed: dict[Path, Any] = {}
    lock, lock_scheme = "", "content"

    def read_model(path: Path, model: type) -> Any:
        display = _rel(path, tender_dir)
        data, found = read_yaml(path, display)
        problems.extend(found)
        if found:
            return None
        inputs[display] = bytes_read(path)
        parsed[path] = data
        obj, found = validate(model, data, display, source=path)
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
            measures = _tender_measures(tender_dir / config.measures, tender_dir, inputs, problems)
        if rs is not None and scoring is not None:
            lock, lock_scheme = current_lock(
                config.lock,
                parsed[tender_dir / "tender.yaml"],
                parsed[rs_path],
                parsed[scoring_path],
                (inputs[_rel(rs_path, tender_dir)], inputs[_rel(scoring_path, tender_dir)]),
            )
            if config.lock and lock != config.lock:
                problems.append(
                    Problem.of(
                        "tender.yaml",
                        "lock",
                        "lock_changed",
                        locked=config.lock[:19] + "…",
                        now=lock[:19] + "…",
                    )
                )

    bids: dict[str, Bid] = {}
    handed_in: set[str] = set()  # every bid file's id, also of a bid that is not valid
    bids_dir = tender_dir / "bids"
    if not bids_dir.is_dir():
        problems.append(Problem.of("bids/", "", "bids_not_found"))
    else:
        files, not_bids = _bid_files(bids_dir, tender_dir)
        problems += not_bids
        # Every entry of bids/ hands in a bid of its stem, even one that cannot be read: a
        # broken bid file is one problem, not also a "no bid" for every panel row about it.
        handed_in.update(_stem(path) for path in bids_dir.iterdir())
        stems: dict[str, str] = {}
        for path in files:
            display = _rel(path, tender_dir)
            bidder_id = path.stem
            if bidder_id.casefold() in stems:
                problems.append(
                    Problem.of(
                        display,
                        "",
                        "second_bid",
                        bidder=bidder_id,
                        other=stems[bidder_id.casefold()],
                    )
                )
                continue
            stems[bidder_id.casefold()] = display
            invalid = id_problem(bidder_id)
            if invalid:
                problems.append(Problem.of(display, "", "bid_file_name", problem=invalid))
                continue
            bid, found = read_bid(path, display)
            problems += found
            if bid is not None:
                inputs[display] = bytes_read(path)
                if rs is not None:
                    found = check_bid(bid, rs, display)
                    if path.suffix.lower() == ".xlsx":  # named by the form's cells
                        from tenderkit.form.reader import in_cells

                        found = in_cells(bid, found)
                    problems += found
                found, pdfs = check_report_sources(bid, tender_dir, display)
                problems += found
                inputs.update(pdfs)
                bids[bidder_id] = bid
        if not files and not not_bids:
            problems.append(Problem.of("bids/", "", "no_bids"))

    read = read_panel(tender_dir)
    panel, agreed = read.panel, read.agreed
    inputs.update(read.files)
    problems += read.problems
    if read.freeze is not None:
        freeze = read.freeze
    has_panel = (tender_dir / "panel").is_dir()
    if has_panel and rs is not None and scoring is not None and config is not None:
        problems += check_panel(panel, agreed, rs, scoring, handed_in, config.evaluator_ids)

    if problems:
        raise InvalidInput(problems, language)
    assert config is not None and rs is not None and scoring is not None
    return Tender(
        config=config,
        requirement_set=rs,
        scoring=scoring,
        bids=dict(sorted(bids.items())),
        panel=panel.sorted(),
        consensus=tuple(sorted(agreed, key=lambda s: (s.bidder, s.target))),
        inputs={name: file_hash(content) for name, content in sorted(inputs.items())},
        lock=lock,
        lock_scheme=lock_scheme,
        directory=tender_dir,
        measures=measures,
        freeze=freeze,
    )


def _stem(path: Path) -> str:
    """The bidder id a bids/ entry stands for: `acme` of `acme.yaml`, `.acme.yaml` or `acme/`."""
    return Path(path.name.lstrip(".")).stem if path.name.strip(".") else path.name


def tender_language(directory: Path) -> str:
    """The language of a tender folder's messages, read leniently before anything is valid:
    tender.yaml's `language` when it is nl or en, else Dutch (tenderkit's default)."""

    data, problems = read_yaml(directory / "tender.yaml", "tender.yaml")
    language = data.get("language") if isinstance(data, dict) and not problems else None
    return language if isinstance(language, str) and language in LANGUAGES else "nl"


def _tender_measures(
    path: Path, tender_dir: Path, inputs: dict[str, bytes], problems: list[Problem]
) -> tuple[Measure, ...]:
    """A tender's own compensating measures (`measures:` in tender.yaml), read by the catalogue."""
    display = _rel(path, tender_dir)
    measures, found = load_measures_file(path, display)
    problems.extend(found)
    if path.is_file() and not found:
        inputs[display] = bytes_read(path)
    return tuple(measures)
