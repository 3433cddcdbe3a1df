"""Letters to bidders: one per bidder, the right kind, the standstill date, no third-party data."""

from __future__ import annotations

import copy
import datetime as dt
import re
from html import unescape

import pytest

from conftest import PANEL, TENDER, bid
from tenderkit.errors import InvalidInput
from tenderkit.evaluate import evaluate
from tenderkit.formats.loader import load_tender
from tenderkit.i18n import catalogue
from tenderkit.render.letters import letters, standstill_end, write_letters

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
FOUR_PANEL = {
    "anna": "bidder,target,score,rationale\n"
    "alpha,K1,8,sterk\nbeta,K1,6,redelijk\ngamma,K1,2,zwak\n",
    "bram": "bidder,target,score,rationale\nalpha,K1,8,sterk\nbeta,K1,4,matig\ngamma,K1,2,zwak\n",
    "consensus": "bidder,target,score,rationale,evaluators\n"
    "beta,K1,6,Logging alleen voor beheerders; geen bewaartermijn genoemd,anna;bram\n",
}


def text_of(html: str) -> str:
    """The visible text of a letter, tags dropped and whitespace folded."""
    body = html.split("<body>", 1)[1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def four(make_tender):
    tender = load_tender(make_tender(bids=FOUR_BIDS, panel=FOUR_PANEL))
    return evaluate(tender, sensitivity=False), tender


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


def test_rejection_reasons_fall_back_to_panel_texts_and_answers(four):
    result, tender = four
    reasons = letters(result, tender)["gamma"].facts["reasons"]
    assert reasons["K1"] == ["zwak"]  # no consensus: the evaluators' own texts
    assert reasons["K2"] == [
        "SLA-01 Beschikbaarheid: u geeft in uw inschrijving aan hieraan gedeeltelijk te voldoen"
    ]


def test_rejection_reason_without_any_text(make_tender):
    panel = {"anna": "bidder,target,score,rationale\nalpha,K1,10,\nbeta,K1,4,\n"}
    tender = load_tender(make_tender(panel=panel))
    result = evaluate(tender, sensitivity=False)
    letter = letters(result, tender)["beta"]
    assert letter.kind == "rejection"
    assert letter.facts["reasons"]["K1"] == ["geen toelichting vastgelegd"]
    assert "geen toelichting vastgelegd" in text_of(letter.html)


def test_invalid_letter_gives_knockouts_winner_and_standstill(four):
    result, tender = four
    letter = letters(result, tender)["delta"]
    text = text_of(letter.html)
    assert "ongeldig" in text
    assert "ENC-01" in text and "LOC-01" in text
    for knockout in result.bid("delta").knockouts:
        assert knockout.message in text
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
        "anna": "bidder,target,score,rationale\n"
        'alpha,K1,10,top\nbeta,K1,4,"<img src=x onerror=alert(2)>"\n'
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
    tender = load_tender(make_tender(tender=tender_data))
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


def test_winner_without_award_date_is_refused(make_tender):
    tender_data = copy.deepcopy(TENDER)
    del tender_data["dates"]["award"]
    tender = load_tender(make_tender(tender=tender_data, panel=PANEL))
    result = evaluate(tender, sensitivity=False)
    assert result.winner is not None
    with pytest.raises(InvalidInput, match=r"dates\.award"):
        letters(result, tender)


def test_a_name_ending_in_a_full_stop_gets_one_full_stop_at_the_end_of_a_sentence():
    from tenderkit.render.letters import _one_full_stop

    assert (
        _one_full_stop("te gunnen aan Zaakwerk Cloud B.V..") == "te gunnen aan Zaakwerk Cloud B.V."
    )
    assert _one_full_stop("wacht...") == "wacht..."
