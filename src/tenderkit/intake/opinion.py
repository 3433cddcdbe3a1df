"""The auditor's opinion: unqualified, qualified, adverse or disclaimer, or left to the reviewer.

Only the opinion paragraph counts: the section under an opinion heading ("Opinion", "Qualified
opinion", "Oordeel", "Oordeel met beperking", ...) or, without such a heading, the sentences that
state it ("In our opinion", "Naar ons oordeel"). Elsewhere the same words describe the auditor's
responsibilities ("to obtain reasonable assurance whether, in all material respects ...") and say
nothing about the outcome.

Decision: exactly one of disclaimer, adverse, qualified is signalled -> that one; none of them but
the unqualified wording ("in all material respects" / "in alle van materieel belang zijnde
opzichten") -> unqualified; anything else (no wording, or two conflicting kinds) -> the reviewer.
"""

from __future__ import annotations

import re

from tenderkit.intake.document import Document
from tenderkit.intake.reading import Reading

HEADING = re.compile(
    r"""(?ix)^\s*(\d+(\.\d+)*\.?\s+)?(
      (our\s+)?(qualified\s+|adverse\s+|unqualified\s+)?opinion(\s+of\s+the\s+service\s+auditor)?
    | disclaimer\s+of\s+opinion
    | (ons\s+)?oordeel(\s+(met|zonder)\s+beperking)?
    | afkeurend\s+oordeel | oordeelonthouding | verklaring\s+van\s+oordeelonthouding
    )\s*:?\s*$"""
)
STATEMENT = re.compile(
    r"(?i)(in\s+our\s+opinion|naar\s+ons\s+oordeel|we\s+do\s+not\s+express\s+an\s+opinion"
    r"|geven\s+wij\s+geen\s+oordeel|onthouden\s+wij\s+ons\s+van\s+een\s+oordeel)"
)
SIGNALS = {
    "disclaimer": re.compile(
        r"(?i)\b(do\s+not\s+express\s+an\s+opinion|disclaimer\s+of\s+opinion|unable\s+to\s+obtain"
        r"\s+sufficient\s+appropriate|geven\s+wij\s+geen\s+oordeel|onthouden\s+wij\s+ons"
        r"|oordeelonthouding|geen\s+oordeel\s+(kunnen\s+)?(geven|verstrekken))"
    ),
    "adverse": re.compile(
        r"(?i)\b(adverse\s+opinion|afkeurend\s+oordeel|(are|were|is|was)\s+not\s+(fairly|suitably"
        r"|operating)[^.]{0,120}in\s+all\s+material\s+respects|niet\s+in\s+alle\s+van\s+materieel)"
    ),
    "qualified": re.compile(
        r"(?i)(\bexcept\s+for\b|(?<!un)\bqualified\s+opinion|met\s+uitzondering\s+van"
        r"|met\s+beperking|oordeel\s+met\s+beperking)"
    ),
}
UNQUALIFIED = re.compile(
    r"(?i)(in\s+all\s+material\s+respects|in\s+alle\s+van\s+materieel\s+belang\s+zijnde\s+opzichten"
    r"|unqualified\s+opinion|oordeel\s+zonder\s+beperking)"
)
_NEGATED_QUALIFIED = re.compile(r"(?i)zonder\s+beperking")


def read_opinion(doc: Document, reading: Reading) -> None:
    spans = [doc.span_of_lines(body, end) for head, body, end in doc.sections(HEADING)]
    heads = [doc.span_of_lines(head, head + 1) for head, _, _ in doc.sections(HEADING)]
    if not spans:
        spans = [doc.sentence_span(m.start(), m.end()) for m in doc.search(STATEMENT)]
    if not spans:
        reading.ask("opinion")
        return
    kinds: dict[str, re.Match[str]] = {}
    unqualified = None
    for (start, end), head in zip(spans, heads or spans, strict=False):
        heading_text = doc.text[head[0] : head[1]] if heads else ""
        for kind, pattern in SIGNALS.items():
            for match in pattern.finditer(doc.text, start, end):
                if kind == "qualified" and _NEGATED_QUALIFIED.search(match.group()):
                    continue
                kinds.setdefault(kind, match)
        for kind, pattern in SIGNALS.items():
            if heads and pattern.search(heading_text) and kind not in kinds:
                kinds[kind] = pattern.search(doc.text, head[0], head[1])  # type: ignore[assignment]
        unqualified = unqualified or UNQUALIFIED.search(doc.text, start, end)
    if len(kinds) == 1:
        kind, match = next(iter(kinds.items()))
        reading.set("opinion", kind, doc.hit(match.start(), match.end()))
    elif not kinds and unqualified is not None:
        reading.set("opinion", "unqualified", doc.hit(unqualified.start(), unqualified.end()))
    else:
        reading.ask("opinion")
