"""Validation messages in the tender's language: every kind of problem in Dutch and English,
"did you mean", one problem for one broken bid, numeric order, dates with field and line."""

from __future__ import annotations

import re

import pytest

from conftest import BIDS, PANEL, REQUIREMENT_SET, TENDER, bid
from tenderkit.errors import InvalidInput, Problem, printable
from tenderkit.loader import load_tender, tender_language


def problems_in(path, language: str) -> list[str]:
    """The lines `tenderkit validate` prints, without the count, in `language`."""
    with pytest.raises(InvalidInput) as info:
        load_tender(path)
    return info.value.describe(language).splitlines()[1:]


def one_of(lines: list[str], *parts: str) -> str:
    found = [line for line in lines if all(part in line for part in parts)]
    assert len(found) == 1, (parts, lines)
    return found[0].strip()


# --- a sample of each kind, in both languages --------------------------------------------------

KINDS = [
    # (what breaks the bid, the place, the Dutch text, the English text)
    (
        {"price": None, "answers": {}},
        "price",
        "price: hier hoort een getal, maar er staat niets",
        "price: expected a number, got nothing",
    ),
    (
        {"pirce": 5},
        "pirce",
        "pirce: is hier geen bekend veld; bedoelt u 'price'?",
        "pirce: is not a known key here; did you mean 'price'?",
    ),
    (
        {"price": "veel"},
        "price",
        "price: hier hoort een getal, maar er staat 'veel'",
        "price: expected a number, got 'veel'",
    ),
    (
        {"answers": {"ENC-01": {"status": "ja"}}},
        "status",
        "answers.ENC-01.status: 'ja' is geen van de mogelijke waarden meets, partial, fails",
        "answers.ENC-01.status: 'ja' is not one of meets, partial, fails",
    ),
    (
        {"answers": {"ENC-01": {"status": "meet"}}},
        "status",
        "'meet' is geen van de mogelijke waarden meets, partial, fails; bedoelt u 'meets'?",
        "'meet' is not one of meets, partial, fails; did you mean 'meets'?",
    ),
    (
        {"bidder": "B" * 400},
        "bidder",
        "bidder: is te lang (hoogstens 200 tekens)",
        "bidder: is too long (at most 200 characters)",
    ),
]


@pytest.mark.parametrize(("changes", "place", "dutch", "english"), KINDS)
def test_each_kind_of_problem_in_dutch_and_english(make_tender, changes, place, dutch, english):
    broken = {**bid("Acme", 100), **changes}
    folder = make_tender(bids={"acme": broken, "beta": BIDS["beta"]}, panel={})
    nl = one_of(problems_in(folder, "nl"), "bids/acme.yaml", place)
    en = one_of(problems_in(folder, "en"), "bids/acme.yaml", place)
    assert nl.endswith(dutch) and nl.startswith("bids/acme.yaml: regel ")
    assert en.endswith(english) and en.startswith("bids/acme.yaml: line ")


def test_a_missing_key_is_named(make_tender):
    broken = bid("Acme", 100)
    del broken["answers"]["ENC-01"]["status"]
    folder = make_tender(bids={"acme": broken, "beta": BIDS["beta"]}, panel={})
    nl = one_of(problems_in(folder, "nl"), "status")
    en = one_of(problems_in(folder, "en"), "status")
    assert nl.endswith("answers.ENC-01.status: ontbreekt; dit veld is verplicht")
    assert en.endswith("answers.ENC-01.status: is required but missing")


def test_our_own_validators_speak_both_languages(make_tender):
    period = {"start": "2026-01-01", "end": "2025-06-30"}
    report = {**bid("x", 1)["assurance"][0], "period": period}
    folder = make_tender(bids={"acme": bid("Acme", 100, assurance=[report])}, panel={})
    nl = one_of(problems_in(folder, "nl"), "assurance[1] (soc2)")
    en = one_of(problems_in(folder, "en"), "assurance[1] (soc2)")
    assert nl.endswith("de periode eindigt (2025-06-30) voordat zij begint (2026-01-01)")
    assert en.endswith("the period ends (2025-06-30) before it starts (2026-01-01)")


def test_an_invalid_date_names_its_field_and_line(make_tender):
    folder = make_tender(panel={})
    path = folder / "bids" / "alpha.yaml"
    text = path.read_text("utf-8")
    assert "issued: '2026-03-01'" in text
    path.write_text(text.replace("issued: '2026-03-01'", "issued: 2026-13-01"), "utf-8")
    line = 1 + text.splitlines().index(
        next(t for t in text.splitlines() if t.strip().startswith("issued:"))
    )
    nl = one_of(problems_in(folder, "nl"), "bids/alpha.yaml")
    en = one_of(problems_in(folder, "en"), "bids/alpha.yaml")
    assert nl == (
        f"bids/alpha.yaml: regel {line}, assurance[1] (soc2).issued: '2026-13-01' is geen "
        "geldige datum; schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2026-10-15"
    )
    assert en == (
        f"bids/alpha.yaml: line {line}, assurance[1] (soc2).issued: '2026-13-01' is not a "
        "date; write it as YYYY-MM-DD, e.g. 2026-10-15"
    )


def test_an_invalid_date_in_tender_yaml_leaves_the_other_problems_reported(make_tender):
    folder = make_tender(tender={**TENDER, "contract_months": "lang"})
    path = folder / "tender.yaml"
    path.write_text(path.read_text("utf-8").replace("'2026-10-15'", "2026-02-30"), "utf-8")
    lines = problems_in(folder, "en")
    assert any("dates.closing: '2026-02-30' is not a date" in line for line in lines)
    assert any("contract_months: expected a number" in line for line in lines)


# --- did you mean --------------------------------------------------------------------------------


def test_did_you_mean_a_requirement_id(make_tender):
    answers = {**bid("x", 1)["answers"], "LOG-1": {"status": "meets"}}
    folder = make_tender(bids={"acme": bid("Acme", 100, answers=answers)}, panel={})
    assert one_of(problems_in(folder, "nl"), "LOG-1").endswith(
        "er is geen eis 'LOG-1' in de set met eisen; bedoelt u 'LOG-01'?"
    )
    assert one_of(problems_in(folder, "en"), "LOG-1").endswith(
        "there is no requirement 'LOG-1' in the requirement set; did you mean 'LOG-01'?"
    )


def test_did_you_mean_a_bid_id_and_a_criterion_id_in_the_panel(make_tender):
    panel = {"anna": "bidder,target,score,rationale\nalpah,K1,8,goed\nbeta,K11,6,redelijk\n"}
    folder = make_tender(panel=panel)
    lines = problems_in(folder, "nl")
    assert one_of(lines, "kolom bidder").endswith(
        "er is geen inschrijving van 'alpah' (geen bids/alpah.*); bedoelt u 'alpha'?"
    )
    assert one_of(lines, "kolom target").endswith(
        "'K11' is geen gunningscriterium en geen eis met een score; bedoelt u 'K1'?"
    )
    assert one_of(problems_in(folder, "en"), "column bidder").endswith(
        "there is no bid from 'alpah' (no bids/alpah.*); did you mean 'alpha'?"
    )


def test_did_you_mean_a_criterion_and_a_control_in_the_requirement_set(make_tender):
    rs = {**REQUIREMENT_SET, "requirements": [dict(r) for r in REQUIREMENT_SET["requirements"]]}
    rs["requirements"][2]["criterion"] = "K01"
    rs["requirements"][2]["controls"] = {"iso27001": ["8.155"], "soc2": ["CC7.20"]}
    lines = problems_in(make_tender(requirement_set=rs), "en")
    assert "did you mean 'K1'?" in one_of(lines, "(LOG-01).criterion")
    assert "did you mean '8.15'?" in one_of(lines, "(LOG-01).controls.iso27001")
    assert "did you mean 'CC7.2'?" in one_of(lines, "(LOG-01).controls.soc2")
    dutch = problems_in(make_tender(requirement_set=rs), "nl")
    assert "bedoelt u '8.15'?" in one_of(dutch, "(LOG-01).controls.iso27001")


def test_nothing_close_means_no_suggestion(make_tender):
    folder = make_tender(bids={"acme": bid("Acme", 100, zzzzzz=5)}, panel={})
    line = one_of(problems_in(folder, "en"), "zzzzzz")
    assert line.endswith("zzzzzz: is not a known key here (check the spelling)")


def test_an_unknown_key_deep_in_a_tagged_union_suggests_that_members_key(make_tender):
    report = {**bid("x", 1)["assurance"][0], "managment_assertion": True}
    report.pop("management_assertion")
    folder = make_tender(bids={"acme": bid("Acme", 100, assurance=[report])}, panel={})
    line = one_of(problems_in(folder, "en"), "managment_assertion")
    assert line.endswith("did you mean 'management_assertion'?")


# --- one broken bid is one problem --------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ["tenderkit: 1\nbidder: [unclosed\n", "tenderkit: 1\nbidder: Alpha\nprice: 1\nprice: 2\n", ""],
)
def test_a_broken_bid_file_is_reported_once_not_again_for_each_panel_row(make_tender, content):
    panel = {
        name: text + "alpha,K2,6,x\nalpha,LOG-01,6,x\n" for name, text in PANEL.items()
    }  # eight rows about alpha in all
    folder = make_tender(panel=panel)
    (folder / "bids" / "alpha.yaml").write_text(content, "utf-8")
    for language in ("nl", "en"):
        lines = problems_in(folder, language)
        assert len(lines) == 1, lines
        assert lines[0].strip().startswith("bids/alpha.yaml: ")


def test_a_bid_file_that_cannot_be_a_bid_still_hands_in_its_bidder(make_tender):
    folder = make_tender()
    (folder / "bids" / "alpha.yaml").rename(folder / "bids" / ".alpha.yaml")
    lines = problems_in(folder, "en")
    assert len(lines) == 1 and "hidden file" in lines[0]


# --- order ---------------------------------------------------------------------------------------


def test_problems_sort_by_file_and_then_row_as_a_number(make_tender):
    rows = "".join(
        f"{'alpha' if n != 3 else 'beta'},K1,{'zz' if n in (2, 18, 19, 20) else 8},r\n"
        for n in range(2, 21)
    )
    folder = make_tender(panel={"anna": "bidder,target,score,rationale\n" + rows})
    lines = problems_in(folder, "en")
    numbers = [int(re.search(r"row (\d+)", line)[1]) for line in lines if "row " in line]
    assert numbers == sorted(numbers) and {2, 18, 19, 20} <= set(numbers)


def test_problem_order_puts_line_2_before_line_18():
    problems = [Problem("a.csv", f"row {n}", "x") for n in (20, 2, 19, 18)]
    problems.append(Problem.of("b.yaml", "price", "missing", line=3))
    problems.append(Problem.of("b.yaml", "answers", "missing", line=12))
    problems.append(Problem.of("b.yaml", "bidder", "missing", line=2))
    ordered = InvalidInput(problems, "en").problems
    assert [p.place for p in ordered] == [
        "row 2", "row 18", "row 19", "row 20", "bidder", "price", "answers"
    ]  # fmt: skip


# --- the language and the guarantees of today ---------------------------------------------------


def test_the_language_is_read_leniently_before_the_tender_is_valid(make_tender):
    english = make_tender(tender={**TENDER, "language": "en", "contract_months": "x"})
    assert tender_language(english) == "en"
    with pytest.raises(InvalidInput) as info:
        load_tender(english)
    assert str(info.value).startswith("1 problem found:")  # English before it is valid
    broken = make_tender()
    (broken / "tender.yaml").write_text("language: [en\n", "utf-8")
    assert tender_language(broken) == "nl"
    assert tender_language(broken / "nowhere") == "nl"
    unknown = make_tender(tender={**TENDER, "language": "de"})
    assert tender_language(unknown) == "nl"
    lines = problems_in(unknown, "nl")
    assert any("language: 'de' is geen van de mogelijke waarden nl, en" in p for p in lines)


def test_every_problem_names_file_place_and_what_is_wrong(make_tender):
    broken = bid("Acme", -5, answers={"NOPE-01": {"status": "meets"}}, pirce=1)
    folder = make_tender(tender={**TENDER, "contract_months": 0}, bids={"acme": broken})
    for language in ("nl", "en"):
        for line in problems_in(folder, language):
            file, place, what = line.strip().split(": ", 2)
            assert file and place and what


def test_supplier_text_in_a_message_is_escaped():
    problem = Problem.of(
        "bids/acme.yaml", "answers.\x1b[2JX", "not_one_of", value="'\x1b[31mja\r'", choices="a"
    )
    for language in ("nl", "en"):
        shown = problem.describe(language)
        assert "\x1b" not in shown and "\r" not in shown
        assert "\\x1b[31mja\\x0d" in shown and "answers.\\x1b[2JX" in shown
    assert printable("één\tregel\nnog één", lines=True) == "één\tregel\nnog één"
    assert printable("a\u202eb") == "a\\u202eb"  # a direction override would reorder the line


def test_a_country_written_by_its_name_is_answered_with_its_code(make_tender):
    subprocessors = [{"name": "Hoster BV", "country": "Belgie", "service": "hosting"}]
    folder = make_tender(bids={"acme": bid("Acme", 100, subprocessors=subprocessors)}, panel={})
    assert one_of(problems_in(folder, "nl"), "country").endswith("bedoelt u 'BE'?")
    far = [{"name": "Hoster BV", "country": "Atlantis", "service": "hosting"}]
    folder = make_tender(bids={"acme": bid("Acme", 100, subprocessors=far)}, panel={})
    assert one_of(problems_in(folder, "en"), "country").endswith("such as NL, DE or IE")


def test_every_validation_text_has_the_same_placeholders_in_dutch_and_english():
    from string import Formatter

    from tenderkit.i18n import catalogue

    def names(template: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(template) if name}

    texts = catalogue("validation")
    assert len(texts) > 100
    for key, both in texts.items():
        assert names(both["nl"]) == names(both["en"]), key
        for language in ("nl", "en"):  # a literal brace is written {{ }}: every text formats
            assert both[language].format(**dict.fromkeys(names(both[language]), "x")), key
        if key.endswith("_suggest"):
            assert "suggestion" in names(both["nl"]) and key.removesuffix("_suggest") in texts


@pytest.mark.parametrize(
    ("text", "dutch", "english"),
    [
        ("a:\n\tb: 1\n", "vaak een tab; spring in met spaties", "often a tab; indent with spaces"),
        ("a: b: c\n", "een tweede ':' op deze regel", "a second ':' on this line"),
        ("a: {x: 1\n", "een groep met '{' wordt niet met '}' gesloten", "not closed with '}'"),
        ("a:\n  b: 1\n c: 2\n", "de inspringing klopt niet", "the indentation is off"),
    ],
)
def test_the_usual_yaml_mistakes_are_told_in_both_languages(tmp_path, text, dutch, english):
    from tenderkit.formats.yamlio import read_yaml

    path = tmp_path / "bid.yaml"
    path.write_text(text, "utf-8")
    _, problems = read_yaml(path, "bids/acme.yaml")
    assert len(problems) == 1
    assert problems[0].describe("nl").startswith("bids/acme.yaml: regel ")
    assert dutch in problems[0].describe("nl") and english in problems[0].describe("en")
