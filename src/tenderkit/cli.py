"""The `tenderkit` command line.

Exit status: 0 success, 1 invalid input (every problem listed) or a fault of the machine (one
line naming the path), 2 wrong usage. Neither ever shows a traceback: every command turns
`InvalidInput` into a plain list of problems and an OSError into one line.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any

import typer

from tenderkit import __version__
from tenderkit.bundled import example_names, resolve_tender_dir
from tenderkit.errors import InvalidInput, TenderkitError, catalogue_text, printable


def plain_output() -> bool:
    """Whether to print plain lines only: no rich panels (box-drawing characters), no colour.

    Rich help and error panels are for a person at a terminal. A log file, a pipe or a CI job
    gets plain lines, and so does a terminal whose user set NO_COLOR (no-color.org) or whose
    TERM is `dumb`: rich would otherwise still send bold and dim as escape sequences.
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdout.isatty() and sys.stderr.isatty())


app = typer.Typer(
    name="tenderkit",
    help="Score SaaS and cloud tenders, review assurance reports, write the award decision.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None if plain_output() else "rich",
)


def echo(message: object = "", err: bool = False, nl: bool = True) -> None:
    """Print one message: every output of the command line goes through here, so a control
    character from a bid (an escape sequence, a carriage return) is never printed raw."""
    typer.echo(printable(str(message), lines=True), err=err, nl=nl)


EXIT_INVALID = 1
EXIT_USAGE = 2

Language = Annotated[
    str | None,
    typer.Option(
        "--language",
        "-l",
        help="nl or en, for the messages; default: the tender's language (or nl).",
    ),
]

TenderDir = Annotated[
    str | None,
    typer.Argument(
        help="A tender folder (with tender.yaml), or the name of a bundled example "
        f"({', '.join(example_names()) or 'none'}). Default: the bundled example.",
        show_default=False,
    ),
]


def _print_version(value: bool) -> None:
    if value:
        echo(f"tenderkit {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the tenderkit version and exit.",
        ),
    ] = False,
) -> None:
    """Score SaaS and cloud tenders, review assurance reports, write the award decision."""


def reports_problems(command: Callable[..., Any]) -> Callable[..., Any]:
    """Print InvalidInput as a list of problems on stderr and exit 1, without a traceback.

    A fault of the machine (a full disk, a read-only folder, an output path that is a folder or
    lies below a file) is one line too: the path and what is wrong (tenderkit.fileio).
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_language(kwargs.get("language"))
        try:
            return command(*args, **kwargs)
        except InvalidInput as exc:
            echo(exc.describe(kwargs.get("language") or exc.language), err=True)
            raise typer.Exit(EXIT_INVALID) from None
        except TenderkitError as exc:
            echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_INVALID) from None
        except OSError as exc:
            from tenderkit.fileio import describe_os_error

            echo(f"error: {describe_os_error(exc)}", err=True)
            raise typer.Exit(EXIT_INVALID) from None

    return wrapper


def _tender_dir(value: str | None) -> Path:
    return resolve_tender_dir(value)


def _check_language(language: str | None) -> None:
    if language not in (None, "nl", "en"):
        echo(f"--language must be nl or en, not '{language}'", err=True)
        raise typer.Exit(EXIT_USAGE)


@app.command()
@reports_problems
def validate(tender_dir: TenderDir = None, language: Language = None) -> None:
    """Read and check every file of a tender; list every problem found."""
    from tenderkit.loader import load_tender, tender_language
    from tenderkit.workshop.panel_store import check_store

    directory = _tender_dir(tender_dir)
    store = check_store(directory / "panel")  # the workshop's panel.sqlite, if there is one
    try:
        tender = load_tender(directory)
    except InvalidInput as exc:
        raise InvalidInput([*exc.problems, *store], exc.language) from None
    _settled()
    if store:
        raise InvalidInput(store, tender_language(directory))
    counts = {
        "bids": len(tender.bids),
        "requirements": len(tender.requirement_set.requirements),
        "panel": len(tender.panel),
        "consensus": len(tender.consensus),
    }
    echo(f"{directory}: {catalogue_text('valid', language or tender.language, counts)}")


@app.command()
@reports_problems
def evaluate(
    tender_dir: TenderDir = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write result.json.")] = Path(
        "result.json"
    ),
    samples: Annotated[
        int, typer.Option(help="Monte Carlo samples for the sensitivity analysis.", min=100)
    ] = 10_000,
    language: Language = None,
) -> None:
    """Evaluate a tender without notebooks and write result.json."""
    from tenderkit.evaluation import evaluate as run
    from tenderkit.fileio import write_atomic
    from tenderkit.loader import load_tender
    from tenderkit.outputs import refuse_input_files

    directory = _tender_dir(tender_dir)
    tender = load_tender(directory)
    _settled()
    refuse_input_files(out, (directory / name for name in tender.inputs))
    result = run(tender, samples=samples)
    _settled()
    write_atomic(out, result.json_pieces())  # written a few pieces at a time: 139 MB at 50x2000
    winner = result.winner or "none (see warnings)"
    echo(f"{out}: winner {winner}; {len(result.warnings)} warning(s)")


@app.command()
@reports_problems
def schema(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the JSON Schemas into.")
    ] = Path("docs/schemas"),
) -> None:
    """Write JSON Schemas of every file format, so editors can complete and check YAML."""
    from tenderkit.formats.schemas import write_schemas

    for path in write_schemas(out):
        echo(str(path))


@app.command()
@reports_problems
def lock(
    tender_dir: TenderDir = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing lock; the earlier one is kept in lock_history.",
        ),
    ] = False,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Why the lock is replaced (e.g. 'nota van inlichtingen 2'), kept with it.",
        ),
    ] = "",
) -> None:
    """Lock the award rules: a hash of the requirement set, the scoring model and the
    award-relevant keys of tender.yaml, written into tender.yaml."""
    from tenderkit.formats.folder_edits import write_lock

    directory = _tender_dir(tender_dir)
    value = write_lock(directory, force=force, reason=reason)
    echo(f"{directory / 'tender.yaml'}: lock: {value}")


@app.command()
@reports_problems
def unfreeze(
    tender_dir: Annotated[str, typer.Argument(help="The tender folder whose panel froze quality.")],
    by: Annotated[str, typer.Option("--by", help="Who lifts the freeze (recorded).")],
    reason: Annotated[str, typer.Option("--reason", help="Why the scores reopen (recorded).")],
    language: Language = None,
) -> None:
    """Lift the panel's freeze of the quality scores, with a reason kept in panel/freeze.yaml."""
    from tenderkit.formats.freeze import FREEZE_FILE, shown_time
    from tenderkit.formats.freeze import unfreeze as lift
    from tenderkit.loader import tender_language

    directory = _tender_dir(tender_dir)
    language = language or tender_language(directory)
    try:
        lifted = lift(directory, by, reason)
    except InvalidInput as exc:  # told in the tender's language, like validate's problems
        raise InvalidInput(exc.problems, language) from None
    told = {
        "file": directory / "panel" / FREEZE_FILE,
        "at": shown_time(lifted.frozen_at),
        "by": lifted.frozen_by,
        "who": lifted.unfrozen_by,
        "reason": lifted.reason,
    }
    echo(catalogue_text("freeze_lifted", language, told))


@app.command()
@reports_problems
def example(
    name: Annotated[str, typer.Argument(help="Name of the bundled example.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to copy it into.")],
) -> None:
    """Copy a bundled example tender (with its requirement set and scoring model) to a folder."""
    from tenderkit.formats.folder_edits import copy_example

    if name not in example_names():
        echo(f"no example '{name}'; choose from {', '.join(example_names())}", err=True)
        raise typer.Exit(EXIT_USAGE)
    echo(str(copy_example(name, out)))


@app.command()
@reports_problems
def report(
    tender_dir: TenderDir = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the report.")] = Path("out"),
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="nl or en; default: the tender's.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing report folder (only one tenderkit wrote)."
        ),
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write PDF files.")] = True,
) -> None:
    """Write the award report of a tender: HTML, PDF, Excel, letters, result.json, manifest."""
    from tenderkit.reporting.kernel import NOTEBOOK_PRELOAD, KernelSession

    # the kernel boots (and imports the notebook's modules) on the other core while this process
    # imports the report's modules, loads and evaluates; a refused folder shuts it down again
    with KernelSession(preload=NOTEBOOK_PRELOAD, single_use=True) as session:
        session.launch()
        from tenderkit.reporting.run import build_report

        outcome = build_report(
            _tender_dir(tender_dir), out, language=language, force=force, pdf=pdf, session=session
        )
    winner = outcome.result.winner or "none (see the report's warnings)"
    echo(f"winner: {winner}")
    echo(f"report: {outcome.html.resolve()}")


@app.command()
@reports_problems
def template(
    requirement_set: Annotated[Path, typer.Argument(help="The requirement set (YAML).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The Excel form to write (.xlsx).")],
    language: Annotated[
        str | None, typer.Option("--language", help="nl or en; default: the set's language.")
    ] = None,
) -> None:
    """Write the Excel form a bidder fills in, for a requirement set."""
    from tenderkit.errors import Problem
    from tenderkit.form.template import write_template
    from tenderkit.formats.messages import validate as validate_model
    from tenderkit.formats.requirement_set import RequirementSet
    from tenderkit.formats.yamlio import read_yaml
    from tenderkit.outputs import refuse_input_files

    display = str(requirement_set)
    if not requirement_set.is_file():
        raise InvalidInput([Problem.of(display, "", "file_not_found")], language or "nl")
    data, problems = read_yaml(requirement_set, display)
    rs = None
    if not problems:
        rs, problems = validate_model(RequirementSet, data, display)
    if problems or rs is None:  # told in --language, else the set's own language, else Dutch
        own = data.get("language") if isinstance(data, dict) else None
        raise InvalidInput(problems, language or (own if own in ("nl", "en") else "nl"))
    refuse_input_files(out, [requirement_set])
    echo(str(write_template(rs, out, language=language)))


@app.command()
@reports_problems
def batch(
    tenders: Annotated[
        list[str],
        typer.Argument(
            help="Tender folders, or folders holding tender folders.", show_default=False
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder for the reports (one per tender id) and the summary."
        ),
    ],
    workers: Annotated[
        int | None,
        typer.Option(help="Local worker processes; default and maximum: the cores.", min=1),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Run on this dask.distributed scheduler, e.g. tcp://host:8786."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip tenders whose report matches their inputs.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace existing report folders (only ones tenderkit wrote)."
        ),
    ] = False,
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="nl or en; default: each tender's.")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write PDF files.")] = True,
    risk_notebooks: Annotated[
        bool,
        typer.Option(
            "--risk-notebooks/--no-risk-notebooks", help="Also run the per-bid risk notebooks."
        ),
    ] = True,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")
    ] = True,
) -> None:
    """Write award reports for many tenders in parallel, and a summary across them."""
    from tenderkit.batch import run_batch
    from tenderkit.batch.runner import cores

    if workers is not None and not scheduler and workers > cores():
        echo(f"--workers {workers}: capped at the {cores()} cores", err=True)
    outcome = run_batch(
        tenders,
        out,
        workers=workers,
        scheduler=scheduler,
        resume=resume,
        force=force,
        language=language,
        pdf=pdf,
        risk_notebooks=risk_notebooks,
        progress=progress,
    )
    echo(
        f"{outcome.count('done')} reported, {outcome.count('skipped')} current (skipped), "
        f"{len(outcome.failed)} failed; summary: {outcome.summary_xlsx}, {outcome.summary_csv}"
    )
    if outcome.failed:
        echo(f"{len(outcome.failed)} tender(s) failed:", err=True)
        for failure in outcome.failed:
            echo(failure.describe(), err=True)
        raise typer.Exit(EXIT_INVALID)


@app.command()
@reports_problems
def workshop(
    tender_dir: Annotated[
        str | None,
        typer.Argument(
            help="A tender folder, or the name of a bundled example. Default: the PrivComp "
            "example (retail-privcomp-cloud).",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1; default: a free one.", min=1)
    ] = None,
    lab: Annotated[
        bool, typer.Option("--lab", help="Open the notebook in JupyterLab instead of Voila.")
    ] = False,
    participants: Annotated[
        int,
        typer.Option(
            help="Most pages open at once (each has its own kernel, some 120 MB); a page "
            "beyond is refused until another closes.",
            min=1,
        ),
    ] = 12,
) -> None:
    """Serve the interactive workshop (Voila, code hidden) on 127.0.0.1 and print its address.

    The address holds a new random access token: only who has it gets in. The token is never
    on a command line (the server reads it from its environment).
    """
    from tenderkit.loader import load_tender
    from tenderkit.workshop.serve import serve

    directory = None if tender_dir is None else _tender_dir(tender_dir)
    if directory is not None:
        load_tender(directory)  # every problem now, not in the browser
    raise typer.Exit(serve(directory, port=port, lab=lab, participants=participants, echo=echo))


@app.command()
@reports_problems
def intake(
    report: Annotated[Path, typer.Argument(help="The assurance report or certificate (PDF).")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the YAML here (default: stdout).")
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option("--into", help="Add the entry to this bid file (bids/<bidder>.yaml)."),
    ] = None,
    report_id: Annotated[
        str | None, typer.Option("--id", help="The entry's id (default: kind and year).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an entry with the same id in --into's bid.")
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            help="nl or en, for the messages; default: the language of --into's tender (or nl).",
        ),
    ] = None,
) -> None:
    """Read an assurance report or certificate PDF into a bid's assurance entry, with pages."""
    from tenderkit.fileio import write_atomic
    from tenderkit.intake import Refused, read_report
    from tenderkit.intake.output import as_document, default_id, to_yaml
    from tenderkit.loader import tender_language

    tender = None if into is None else into.parent.parent
    language = language or (tender_language(tender) if tender is not None else "nl")
    try:
        result = read_report(report, display=report.name)
    except Refused as exc:
        echo(f"{report}: {exc.text(language)}", err=True)
        raise typer.Exit(EXIT_INVALID) from None
    if into is not None and tender is not None:
        from tenderkit.intake.into_bid import bid_entry, write_into_bid

        try:
            entry = bid_entry(result, report_id or default_id(result), report, tender)
            done = write_into_bid(
                into, entry, force=force, confirm=result.confirm, language=language
            )
        except InvalidInput as exc:  # told in the tender's language, like validate's problems
            raise InvalidInput(exc.problems, language) from None
        told = {"file": into, "id": entry["id"], "pdf": report.name}
        echo(catalogue_text(f"intake_{done}", language, told))
        if result.confirm:
            fields = {"fields": ", ".join(result.confirm)}
            echo(catalogue_text("intake_to_confirm", language, fields), err=True)
        return
    text = to_yaml(as_document(result, report_id))
    if out is None:
        echo(text, nl=False)
    else:
        write_atomic(out, text)
        counts = {"file": out, "fields": len(result.entry), "confirm": len(result.confirm)}
        echo(catalogue_text("intake_written", language, counts))


@app.command()
def version() -> None:
    """Print the tenderkit version."""
    echo(json.dumps({"tenderkit": __version__}))


_ONE_SHOT = False
"""True in the console command's own process (`main`), which ends when its command does."""


def _settled() -> None:
    """Take what a one-shot command has loaded or evaluated out of the cyclic collector's sight.

    Why: loading and evaluating pause the collector (formats/collector.py), so the millions of
    objects they make are all in its youngest generation when it resumes, and its next
    collections walk every one of them to free nothing: 0.25 s of `tenderkit evaluate` on 50
    bids x 2000 requirements x 7 evaluators. `gc.freeze` moves them to the permanent generation
    instead, at no cost. Reference counting still frees each when nothing holds it; only a
    cycle among them would stay until the process ends, which it does with the command. So only
    in the command's own process: a process that goes on (a test, a notebook that calls these
    functions) keeps collecting them."""
    if _ONE_SHOT:
        gc.freeze()


def _terminated(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point.

    SIGTERM (`kill`, a stopped CI job) ends the command like Ctrl-C does, through every `finally`,
    so temporary folders and lock files are removed on that way out too.
    """
    global _ONE_SHOT
    _ONE_SHOT = True
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
