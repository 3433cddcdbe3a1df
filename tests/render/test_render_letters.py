"""Letters to bidders: one per bidder, the right kind, the standstill date, no third-party data,
and every sentence true for the data (issue 16): the committee's consensus rationale only,
relative advantages against the addressee's own bid, true knockout reasons, public and private
buyers, CONCEPT letters while something blocks sending them."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import PANEL, TENDER, bid
from tenderkit.bundled import example, example_names
from tenderkit.evaluation import evaluate
from tenderkit.formats.folder_edits import write_lock
from tenderkit.i18n import catalogue
from tenderkit.loader import load_tender
from tenderkit.render.letters import letters, write_letters
from tenderkit.render.readiness import open_items
from tenderkit.standstill import standstill_end

# alpha wins on quality (consensus 8 on K1), beta second, gamma third; delta fails a knockout.
FOUR_BIDS = {
    "alpha": bid("Alpha BV", 400000),
    "beta": bid("Beta NV", 380000),
    "gamma": bid("Gamma Cloud Services", 437123),
    "delta": bid(
        "Delta Hosting",
        310000,
        facts={
            "encryption_at_rest": False,
            "data_locations": ["US"],
            "availability_percent": 99.9,
        },
    ),
}
# anna's and bram's own notes differ from what the committee agreed; a letter shows only the latter
FOUR_PANEL = {
    "anna": "bidder,target,score,rationale\n"
    "alpha,K1,8,sterk\nbeta,K1,8,verdient eigenlijk een 8 volgens anna\ngamma,K1,2,zwak\n",
    "bram": "bidder,target,score,rationale\nalpha,K1,8,sterk\nbeta,K1,4,matig\ngamma,K1,2,zwak\n",
    "consensus": "bidder,target,score,rationale,evaluators\n"
    "alpha,K1,8,Volledige logging met bewaartermijn en export,anna;bram\n"
    "beta,K1,6,Logging alleen voor beheerders; geen bewaartermijn genoemd,anna;bram\n"
    "gamma,K1,2,Logging ontbreekt voor de meeste handelingen,anna;bram\n",
}
INDIVIDUAL_NOTES = ("sterk", "verdient eigenlijk", "matig", "zwak")
AGREED = {
    **PANEL,
    "consensus": "bidder,target,score,rationale,evaluators\n"
    "alpha,K1,8,Goede logging,anna;bram\nbeta,K1,6,Redelijke logging,anna;bram\n",
}


def complete(tender: dict, evaluators: list[str], **changes) -> dict:
    """A tender.yaml with the evaluation record filled in: members with names, declarations."""
    data = {**copy.deepcopy(tender), **changes}
    data["evaluators"] = [
        {"id": e, "name": f"{e.title()} Jansen", "role": "beoordelaar"} for e in evaluators
    ]
    data["conflict_of_interest"] = [
        {"evaluator": e, "date": "2026-10-16", "conflict": False} for e in evaluators
    ]
    return data


def ready(make_tender, tender: dict | None = None, evaluators=("anna", "bram"), **parts) -> Path:
    """A tender folder with nothing that blocks the letters (declarations, lock)."""
    folder = make_tender(tender=complete(tender or TENDER, list(evaluators)), **parts)
    write_lock(folder)
    return folder


@pytest.fixture
def four(make_tender):
    tender = load_tender(ready(make_tender, bids=FOUR_BIDS, panel=FOUR_PANEL))
    return evaluate(tender, sensitivity=False), tender


def text_of(html: str) -> str:
    """The visible text of a letter, tags dropped and whitespace folded."""
    body = html.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def test_standstill_end_is_award_plus_twenty_days_rolled_to_a_working_day():
    # day 20 is Sunday 22 November: the Atw moves the end to Monday 23 November
    assert standstill_end(dt.date(2026, 11, 2)) == dt.date(2026, 11, 23)
    assert standstill_end(dt.date(2026, 11, 4)) == dt.date(2026, 11, 24)  # a Tuesday stays
    assert standstill_end(dt.date(2026, 12, 5)) == dt.date(2026, 12, 28)  # Christmas, weekend
    # across a year end: day 20 is Saturday 9 January 2027, so Monday 11 January
    assert standstill_end(dt.date(2026, 12, 20)) == dt.date(2027, 1, 11)


def test_one_letter_per_bidder_of_the_right_kind(four):
    result, tender = four
    assert result.winner == "alpha"
    assert [b.id for b in result.ranking if b.valid] == ["alpha", "beta", "gamma"]
    found = letters(result, tender)
    assert sorted(found) == ["alpha", "beta", "delta", "gamma"]
    kinds = {bidder: letter.kind for bidder, letter in found.items()}
    assert kinds == {
        "alpha": "award",
        "beta": "rejection",
        "gamma": "rejection",
        "delta": "invalid",
    }
    for bidder, letter in found.items():
        assert letter.bidder == bidder
        assert letter.html.startswith("<!DOCTYPE html>")
        assert "size: A4" in letter.html
        assert letter.facts["standstill_end"] == "2026-11-23"
        assert letter.final, open_items(result, tender)
        assert "CONCEPT" not in letter.html


def test_award_letter_states_intention_and_standstill_in_dutch(four):
    result, tender = four
    letter = letters(result, tender)["alpha"]
    text = text_of(letter.html)
    assert letter.subject == "Voornemen tot gunning: Mini aanbesteding"
    assert "voornemens zijn de opdracht aan u te gunnen" in text
    assert "nog geen gunning" in text
    assert "eindigt op 23 november 2026" in text
    assert "2 november 2026" in text


def test_rejection_letter_has_own_and_winner_scores_and_no_third_bidder(four):
    result, tender = four
    found = letters(result, tender)
    beta, gamma = result.bid("beta"), result.bid("gamma")
    letter = found["beta"]
    text = text_of(letter.html)
    # own and winner's per-criterion points: K1 is worth 60 * 60/100 = 36 points
    assert "Beveiliging" in text and "Dienstverlening" in text
    assert "21,60 (60%)" in text  # beta on K1: consensus 6 of 10
    assert "28,80 (80%)" in text  # alpha on K1: 8 of 10
    assert "Alpha BV" in text
    assert f"{beta.total:.2f}".replace(".", ",") in text
    assert "€ 380.000,00" in text and "€ 400.000,00" in text
    assert "plaats 2 van de 3 geldige inschrijvingen" in text
    # reasons from its own consensus rationale
    assert "Logging alleen voor beheerders; geen bewaartermijn genoemd" in text
    assert "eindigt op 23 november 2026" in text
    assert "kort geding" in text
    # relative advantages of the winner, in plain words
    assert any("Beveiliging" in a and "Alpha BV" in a for a in letter.facts["advantages"])
    # nothing of gamma (third bidder) or delta: name, price, total
    everything = letter.html + repr(letter.facts)
    for secret in ("Gamma", "437.123", "437123", "Delta", "310.000", "310000"):
        assert secret not in everything
    assert f"{gamma.total:.2f}".replace(".", ",") not in text
    # and the third bidder's letter does not name the second
    assert "Beta" not in found["gamma"].html + repr(found["gamma"].facts)
    assert "380.000" not in found["gamma"].html


def test_invalid_letter_gives_knockouts_winner_and_standstill(four):
    result, tender = four
    letter = letters(result, tender)["delta"]
    text = text_of(letter.html)
    assert "ongeldig" in text
    assert "ENC-01" in text and "LOC-01" in text
    for knockout in result.bid("delta").knockouts:  # the offered and the required value
        if knockout.reason == "check_failed":
            # said to the bidder ("uw opgave"), the requirement named once, in the heading
            detail = knockout.message.removeprefix(f"Eis {knockout.requirement}: ")
            assert f"Uw opgave voldoet niet: {detail}" in text
            assert f"Eis {knockout.requirement}:" not in text
    assert "Alpha BV" in text
    assert "eindigt op 23 november 2026" in text
    for secret in ("Beta", "Gamma", "380.000", "437.123"):
        assert secret not in letter.html


def test_supplier_text_is_escaped(make_tender):
    script = "<script>alert(1)</script>"
    bids = {
        "alpha": bid(script, 400000),
        "beta": bid("Beta & <b>Zonen</b>", 350000),
    }
    panel = {
        "consensus": "bidder,target,score,rationale,evaluators\n"
        'alpha,K1,10,top,anna\nbeta,K1,4,"<img src=x onerror=alert(2)>",anna\n'
    }
    tender = load_tender(make_tender(bids=bids, panel=panel))
    result = evaluate(tender, sensitivity=False)
    found = letters(result, tender)
    assert found["alpha"].kind == "award"
    for letter in found.values():
        assert "<script>" not in letter.html
        assert "<img" not in letter.html
        assert "<b>Zonen" not in letter.html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in letter.html
    assert "&lt;img src=x onerror=alert(2)&gt;" in found["beta"].html


def test_catalogue_holds_no_markup_and_both_languages():
    for key, texts in catalogue("letters").items():
        for language in ("nl", "en"):
            assert not set("<>&") & set(texts[language]), key


def test_english_letters(make_tender):
    tender_data = {**copy.deepcopy(TENDER), "language": "en"}
    tender = load_tender(ready(make_tender, tender_data, panel=AGREED))
    result = evaluate(tender, sensitivity=False)
    found = letters(result, tender)
    winner = found[result.winner]
    assert winner.subject == "Intended award: Mini aanbesteding"
    loser = next(letter for letter in found.values() if letter.kind == "rejection")
    text = text_of(loser.html)
    assert '<html lang="en">' in loser.html
    assert "ends on 23 November 2026" in text
    assert "summary proceedings" in text
    assert "€400,000.00" in text
    assert "Geachte" not in text
    assert loser.final and "DRAFT" not in loser.html


def test_write_letters_html_and_pdf(four, tmp_path):
    result, tender = four
    paths = write_letters(result, tender, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == sorted(
        f"letter-{b}.{ext}" for b in ("alpha", "beta", "gamma", "delta") for ext in ("html", "pdf")
    )
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.startswith(b"%PDF")
        else:
            assert data.decode("utf-8") == letters(result, tender)[path.stem[7:]].html
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_the_letter_pdfs_are_tagged_with_their_subject_and_language(four, tmp_path):
    # public bodies publish accessible documents (PDF/UA): structure tree, language, title
    import io

    import pypdf

    result, tender = four
    paths = [p for p in write_letters(result, tender, tmp_path / "out") if p.suffix == ".pdf"]
    for path in paths:
        pdf = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
        root = pdf.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root, path.name
        assert root["/Lang"] == tender.language
        assert pdf.metadata.title and tender.config.title in pdf.metadata.title


def test_write_letters_without_pdf(four, tmp_path):
    result, tender = four
    paths = write_letters(result, tender, tmp_path, pdf=False)
    assert {p.suffix for p in paths} == {".html"}
    assert len(paths) == 4


def test_no_winner_tie_left_to_lot(make_tender):
    # two identical bids at the same price, no panel: a tie that only lot can settle
    bids = {"alpha": bid("Alpha BV", 400000), "beta": bid("Beta NV", 400000)}
    tender = load_tender(make_tender(bids=bids, panel={}))
    result = evaluate(tender, sensitivity=False)
    assert result.winner is None
    found = letters(result, tender)
    kinds = {b: letter.kind for b, letter in found.items()}
    assert kinds == {"alpha": "pending", "beta": "pending"}
    for letter in found.values():
        text = text_of(letter.html)
        assert letter.facts["standstill_end"] is None
        assert "loting" in text and "nog geen einddatum" in text
        assert "23 november 2026" not in text
        assert "eindigt op" not in text
    assert "Beta" not in found["alpha"].html


def test_no_valid_bids(make_tender):
    broken = {"encryption_at_rest": False, "data_locations": ["NL"]}
    bids = {"alpha": bid("Alpha BV", 400000, facts=broken)}
    tender = load_tender(make_tender(bids=bids, panel={}))
    result = evaluate(tender, sensitivity=False)
    letter = letters(result, tender)["alpha"]
    assert letter.kind == "invalid"
    text = text_of(letter.html)
    assert "Geen enkele inschrijving is geldig" in text
    assert "ENC-01" in text
    assert letter.facts["standstill_end"] is None


def test_a_name_ending_in_a_full_stop_gets_one_full_stop_at_the_end_of_a_sentence():
    from tenderkit.render.letters import _one_full_stop

    assert (
        _one_full_stop("te gunnen aan Zaakwerk Cloud B.V..") == "te gunnen aan Zaakwerk Cloud B.V."
    )
    assert _one_full_stop("wacht...") == "wacht..."


def test_reasons_are_the_consensus_rationale_and_the_bids_own_answers(four):
    result, tender = four
    found = letters(result, tender)
    reasons = found["gamma"].facts["reasons"]
    assert reasons["K1"] == ["Logging ontbreekt voor de meeste handelingen"]
    assert reasons["K2"] == [
        "SLA-01 Beschikbaarheid: u geeft in uw inschrijving aan hieraan gedeeltelijk te voldoen"
    ]
    text = text_of(found["gamma"].html)
    assert "waar de beoordelingscommissie scoorde haar gezamenlijke motivering" in text


def test_no_individual_note_name_or_score_in_any_letter(four):
    result, tender = four
    for letter in letters(result, tender).values():
        text = text_of(letter.html)
        for note in INDIVIDUAL_NOTES:
            assert note not in text, (letter.bidder, note)
        for name in ("anna", "bram"):
            assert name not in text.lower(), (letter.bidder, name)
        assert "uiteen" not in text and "spreiding" not in text


def test_without_consensus_the_letter_shows_a_gap_and_stays_concept(make_tender):
    # anna and bram each wrote a note, but the committee recorded no consensus for beta
    panel = {
        "anna": "bidder,target,score,rationale\nalpha,K1,10,top\nbeta,K1,4,te weinig logging\n",
        "bram": "bidder,target,score,rationale\nalpha,K1,10,top\nbeta,K1,8,ruim voldoende\n",
        "consensus": "bidder,target,score,rationale,evaluators\n"
        "alpha,K1,10,Volledige logging,anna;bram\n",
    }
    for language, gap, concept in (
        ("nl", "[ontbreekt nog: de consensusmotivering van de beoordelingscommissie]", "CONCEPT"),
        ("en", "[still missing: the evaluation panel's consensus rationale]", "DRAFT"),
    ):
        tender = load_tender(ready(make_tender, {**TENDER, "language": language}, panel=panel))
        result = evaluate(tender, sensitivity=False)
        letter = letters(result, tender)["beta"]
        text = text_of(letter.html)
        assert not letter.final
        assert letter.subject.startswith(concept)
        assert gap in text
        for note in ("te weinig logging", "ruim voldoende", "top"):
            assert note not in text
        items = [i for i in open_items(result, tender) if i.code == "no_consensus"]
        assert [(i.bidder, i.target, i.blocking) for i in items] == [("beta", "K1", True)]


def test_a_consensus_rationale_that_names_the_spread_is_not_repeated(make_tender):
    panel = {
        "anna": "bidder,target,score,rationale\nalpha,K1,10,top\nbeta,K1,2,zwak\n",
        "bram": "bidder,target,score,rationale\nalpha,K1,10,top\nbeta,K1,8,goed\n",
        "consensus": "bidder,target,score,rationale,evaluators\n"
        "alpha,K1,10,Volledige logging,anna;bram\n"
        'beta,K1,6,"Logging beperkt; de scores liepen uiteen van 2 tot 8",anna;bram\n',
    }
    tender = load_tender(ready(make_tender, panel=panel))
    result = evaluate(tender, sensitivity=False)
    letter = letters(result, tender)["beta"]
    text = text_of(letter.html)
    assert "uiteen" not in text and "2 tot 8" not in text
    assert "[wordt nog herschreven: de consensusmotivering van de beoordelingscommissie]" in text
    assert not letter.final
    assert "rationale_discloses" in {i.code for i in open_items(result, tender)}


def test_without_award_date_the_letters_are_concepts_without_a_date(make_tender):
    for language, days, concept in (
        ("nl", "twintig kalenderdagen na de dag van verzending", "CONCEPT"),
        ("en", "twenty calendar days after the day this", "DRAFT"),
    ):
        tender_data = {**copy.deepcopy(TENDER), "language": language}
        del tender_data["dates"]["award"]
        tender = load_tender(ready(make_tender, tender_data, panel=AGREED))
        result = evaluate(tender, sensitivity=False)
        assert result.winner is not None
        found = letters(result, tender)
        assert {letter.kind for letter in found.values()} == {"award", "rejection"}
        for letter in found.values():
            text = text_of(letter.html)
            assert not letter.final
            assert letter.subject.startswith(concept)
            assert letter.facts["sent"] is None and letter.facts["standstill_end"] is None
            assert days in text
            closing = "15 oktober 2026" if language == "nl" else "15 October 2026"
            assert "2026" not in text.replace(closing, "")  # no date but the closing date
            assert 'class="watermark"' in letter.html
        assert [i.code for i in open_items(result, tender)] == ["no_award_date"]


def test_missing_declarations_keep_the_letters_concept(make_tender):
    tender_data = complete(TENDER, ["anna", "bram"])
    tender_data["conflict_of_interest"] = tender_data["conflict_of_interest"][:1]  # bram: none
    folder = make_tender(tender=tender_data, panel=AGREED)
    write_lock(folder)
    tender = load_tender(folder)
    result = evaluate(tender, sensitivity=False)
    declarations = [i for i in open_items(result, tender) if i.code == "no_declaration"]
    assert len(declarations) == 1 and "Bram Jansen" in declarations[0].text
    assert not any(letter.final for letter in letters(result, tender).values())


def test_a_tie_with_the_winner_is_called_equal_never_a_lead(make_tender):
    # alpha and beta both get 8 on K1 and the same on K2; alpha wins on price
    panel = {
        "anna": "bidder,target,score,rationale\nalpha,K1,8,a\nbeta,K1,8,b\n",
        "consensus": "bidder,target,score,rationale,evaluators\n"
        "alpha,K1,8,Goede logging met export,anna\nbeta,K1,8,Goede logging zonder export,anna\n",
    }
    bids = {"alpha": bid("Alpha BV", 350000), "beta": bid("Beta NV", 400000)}
    for language, equal, lead in (
        (
            "nl",
            "Beveiliging: gelijk; beide inschrijvingen behalen 80% van de volle score.",
            "sterkst",
        ),
        ("en", "Beveiliging: equal; both bids achieve 80% of full marks.", "highest on"),
    ):
        folder = ready(
            make_tender, {**TENDER, "language": language}, ("anna",), bids=bids, panel=panel
        )
        tender = load_tender(folder)
        result = evaluate(tender, sensitivity=False)
        assert result.winner == "alpha"
        letter = letters(result, tender)["beta"]
        text = text_of(letter.html)
        assert equal in text
        assert lead not in text
        outcomes = {c["criterion"]: c["outcome"] for c in letter.facts["comparison"]}
        assert outcomes == {"K1": "equal", "K2": "equal", "price": "higher"}
        assert len(letter.facts["advantages"]) == 1  # the price, nothing else
        assert "Beveiliging" not in letter.facts["advantages"][0]
        assert "Goede logging met export" not in text  # no characteristic where it does not lead


def test_winner_characteristics_are_the_consensus_rationale_where_it_leads(four):
    result, tender = four
    comparison = letters(result, tender)["beta"].facts["comparison"]
    k1 = next(c for c in comparison if c["criterion"] == "K1")
    assert k1["outcome"] == "higher"
    assert "Volledige logging met bewaartermijn en export" in k1["rationale"]
    assert "sterk" not in k1["rationale"]


TYPE1 = {
    "id": "soc2-t1",
    "kind": "soc2_type1",
    "issuer": "Kroeze Assurance",
    "issued": "2026-07-15",
    "as_of": "2026-06-30",
    "opinion": "unqualified",
    "categories": ["security"],
    "management_assertion": True,
}


def test_a_type1_report_knocked_out_on_required_assurance_gets_the_true_reason(make_tender):
    epsilon = bid("Epsilon BV", 300000, assurance=[TYPE1])
    epsilon["answers"]["ENC-01"]["evidence"] = ["soc2-t1"]
    epsilon["answers"]["LOG-01"]["evidence"] = ["soc2-t1"]
    bids = {"alpha": bid("Alpha BV", 400000), "epsilon": epsilon}
    panel = {
        "anna": "bidder,target,score,rationale\nalpha,K1,8,x\nepsilon,K1,6,y\n",
        "consensus": "bidder,target,score,rationale,evaluators\n"
        "alpha,K1,8,Goed,anna\nepsilon,K1,6,Redelijk,anna\n",
    }
    expected = {
        "nl": [
            "U bood hiervoor aan: een SOC 2 Type I-rapport van Kroeze Assurance per 30 juni 2026",
            "beoordeelt alleen of de maatregelen op één datum (30 juni 2026) goed waren opgezet",
            "Type II-rapport over een periode van ten minste 6 maanden",
        ],
        "en": [
            "For this you offered: a SOC 2 Type I report by Kroeze Assurance as of 30 June 2026",
            "only judges whether the controls were well designed on one date (30 June 2026)",
            "Type II report over a period of at least 6 months",
        ],
    }
    for language, sentences in expected.items():
        folder = ready(
            make_tender, {**TENDER, "language": language}, ("anna",), bids=bids, panel=panel
        )
        tender = load_tender(folder)
        result = evaluate(tender, sensitivity=False)
        assert [k.reason for k in result.bid("epsilon").knockouts] == ["no_assurance"]
        letter = letters(result, tender)["epsilon"]
        assert letter.kind == "invalid"
        text = text_of(letter.html)
        for sentence in sentences:
            assert sentence in text, sentence
        assert "eigen verklaring" not in text and "own statement" not in text


def test_no_report_at_all_says_so(make_tender):
    zeta = bid("Zeta BV", 300000, assurance=[])
    for answer in zeta["answers"].values():
        answer.pop("evidence", None)
    bids = {"alpha": bid("Alpha BV", 400000), "zeta": zeta}
    tender = load_tender(ready(make_tender, bids=bids, panel={}))
    result = evaluate(tender, sensitivity=False)
    text = text_of(letters(result, tender)["zeta"].html)
    assert "U hebt hiervoor geen assurance-rapport aangeleverd" in text


PRIVATE = {**TENDER, "buyer": {"name": "Winkel BV", "kind": "retail"}}
STATUTORY = (
    "2.127",
    "2.130",
    "Aanbestedingswet",
    "Procurement Act",
    "kort geding",
    "summary proceedings",
    "opschortende",
    "standstill",
)


def test_a_private_buyer_writes_business_letters_without_statutory_citations(make_tender):
    for language in ("nl", "en"):
        tender = load_tender(ready(make_tender, {**PRIVATE, "language": language}, panel=AGREED))
        assert tender.config.regime == "private"
        result = evaluate(tender, sensitivity=False)
        found = letters(result, tender)
        for letter in found.values():
            text = text_of(letter.html)
            assert letter.facts["procedure"] == "private"
            assert letter.facts["standstill_end"] is None
            for statutory in STATUTORY:
                assert statutory not in text, (language, statutory)
        rejection = next(v for v in found.values() if v.kind == "rejection")
        assert rejection.facts["scores"]["total"] is not None  # its own scores are in it


def test_a_private_buyer_may_set_its_own_waiting_period(make_tender):
    tender = load_tender(ready(make_tender, {**PRIVATE, "standstill_days": 10}, panel=AGREED))
    result = evaluate(tender, sensitivity=False)
    letter = next(v for v in letters(result, tender).values() if v.kind == "rejection")
    text = text_of(letter.html)
    # sent on 2 November 2026; 10 days later is Thursday 12 November 2026
    assert "wachttermijn van 10 kalenderdagen" in text and "12 november 2026" in text
    assert "2.127" not in text


def test_a_retailer_that_tenders_publicly_gets_statutory_letters(make_tender):
    tender = load_tender(ready(make_tender, {**PRIVATE, "procedure": "public"}, panel=AGREED))
    result = evaluate(tender, sensitivity=False)
    letter = next(v for v in letters(result, tender).values() if v.kind == "rejection")
    assert "artikel 2.127 Aanbestedingswet 2012" in text_of(letter.html)


def _individual_notes(folder: Path) -> set[str]:
    """Every individual evaluator's note of a tender that is not also a consensus rationale."""
    notes, agreed = set(), set()
    for path in sorted((folder / "panel").glob("*.csv")):
        for row in csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))):
            text = (row.get("rationale") or "").strip()
            if text:
                (agreed if path.stem == "consensus" else notes).add(text)
    return notes - agreed


SCORE_RANGE = re.compile(
    r"(scores?|punten)[^.;]{0,30}(uiteen|van \d+ tot \d+|from \d+ to \d+)|spreiding|spread",
    re.IGNORECASE,
)


@pytest.mark.parametrize("name", example_names())
@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_letter_of_the_examples_holds_an_individual_note_name_or_score_range(name, language):
    from tenderkit.reporting.view import with_language

    folder = example(name)
    tender = with_language(load_tender(folder), language)
    result = evaluate(tender, sensitivity=False)
    notes = _individual_notes(folder)
    members = [(e.id, e.name) for e in tender.config.evaluators]
    assert members
    for letter in letters(result, tender).values():
        text = text_of(letter.html)
        for note in notes:
            assert note not in text, (letter.bidder, note)
        for member_id, member_name in members:
            assert member_id not in text, (letter.bidder, member_id)
            if member_name:
                assert member_name not in text, (letter.bidder, member_name)
        assert not SCORE_RANGE.search(text), (letter.bidder, SCORE_RANGE.search(text))


ISO_2013 = {
    "id": "iso-2013",
    "kind": "iso27001",
    "issuer": "Cert NL",
    "issued": "2023-02-01",
    "standard_version": "2013",
    "accreditation": "RvA",
    "valid_until": "2026-01-31",
    "last_audit": "2026-01-10",
}


def test_a_withdrawn_iso_certificate_is_named_as_the_reason(make_tender):
    eta = bid("Eta BV", 300000, assurance=[ISO_2013])
    for requirement in ("ENC-01", "LOG-01"):
        eta["answers"][requirement]["evidence"] = ["iso-2013"]
    bids = {"alpha": bid("Alpha BV", 400000), "eta": eta}
    tender = load_tender(ready(make_tender, bids=bids, panel={}))
    result = evaluate(tender, sensitivity=False)
    assert [k.reason for k in result.bid("eta").knockouts] == ["no_assurance"]
    text = text_of(letters(result, tender)["eta"].html)
    assert "een ISO/IEC 27001:2013-certificaat van Cert NL, geldig tot 31 januari 2026" in text
    assert "afgegeven voor de versie 2013 van ISO/IEC 27001" in text
    assert "na 31 oktober 2025 niet meer geldig" in text
    assert "verlopen" in text  # it also expired before closing (15 October 2026)
    assert "eigen verklaring" not in text
