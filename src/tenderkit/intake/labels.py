"""Labelled values ("Issue date: 1 May 2026", "Reikwijdte: ...") and lists under a heading.

Reports and certificates state many facts as a label and a value on one line, or as a list
(bullets, numbered items, table rows) under a heading. These helpers read both the same way for
every field reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tenderkit.intake.document import Document, Hit, clean_quote

BULLET = re.compile(
    r"^\s*([•\-–*·▪◦]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|[A-Z]{2,6}[- ]?\d{1,3}[.:)]?)\s+"
)


_LABEL_START = re.compile(r"^\s*[\w][\w /-]{0,40}:")


def labelled(doc: Document, labels: str) -> Iterator[tuple[str, Hit, int]]:
    """(value, hit, line index) for each line "<label>: <value>" (or a label cell and a value
    cell) whose label matches the regex alternatives in `labels`."""
    pattern = re.compile(rf"(?i)^\s*(?:{labels})\s*(?::|\s{{2,}}|$)\s*(?P<value>.*)$")
    for index, line in enumerate(doc.lines):
        match = pattern.match(line.text)
        if match is None and len(line.cells) >= 2:
            label_cell = line.cells[0][1]
            if re.fullmatch(rf"(?i)\s*(?:{labels})\s*:?\s*", label_cell):
                value = " ".join(text for _, text in line.cells[1:])
                yield value.strip(), Hit((line.page,), clean_quote(line.text)), index
            continue
        if match is None:
            continue
        value = match["value"].strip()
        if not value and index + 1 < len(doc.lines):
            follow = doc.lines[index + 1]
            if not follow.heading:
                value = follow.text.strip()
                yield (
                    value,
                    Hit(
                        tuple(sorted({line.page, follow.page})),
                        clean_quote(f"{line.text} {follow.text}"),
                    ),
                    index,
                )
                continue
        if value:
            pages, quote = {line.page}, [line.text]
            follow = index + 1
            while (
                follow < len(doc.lines)
                and not doc.lines[follow].paragraph
                and not doc.lines[follow].heading
                and not _LABEL_START.match(doc.lines[follow].text)
                and follow - index <= 2
            ):  # a value wrapped onto the next line
                value = f"{value} {doc.lines[follow].text.strip()}"
                pages.add(doc.lines[follow].page)
                quote.append(doc.lines[follow].text)
                follow += 1
            yield value, Hit(tuple(sorted(pages)), clean_quote(" ".join(quote))), index


def items_under(doc: Document, heading: re.Pattern[str]) -> Iterator[tuple[list[str], Hit]]:
    """For each section under a matching heading: its list items (bullets, numbered, rows).

    A line starting with a bullet or number opens an item; following lines without one continue
    it. A section without any bullet counts each paragraph as one item.
    """
    for head, body, end in doc.sections(heading):
        items: list[list[int]] = []
        bulleted = any(BULLET.match(doc.lines[i].text) for i in range(body, end))
        for i in range(body, end):
            line = doc.lines[i]
            opens = BULLET.match(line.text) if bulleted else (line.paragraph or not items)
            if opens or not items:
                items.append([i])
            else:
                items[-1].append(i)
        texts, pages = [], set()
        for group in items:
            text = " ".join(doc.lines[i].text for i in group)
            if bulleted:
                text = BULLET.sub("", text, count=1)
            text = re.sub(r"\s+", " ", text).strip()
            if bulleted and not BULLET.match(doc.lines[group[0]].text):
                continue  # an introduction before the first bullet
            if text:
                texts.append(text)
                pages.update(doc.lines[i].page for i in group)
        pages.add(doc.lines[head].page)
        if texts:
            yield (
                texts,
                Hit(
                    tuple(sorted(pages)),
                    clean_quote(doc.lines[head].text + ": " + "; ".join(texts)),
                ),
            )


def split_list(value: str) -> list[str]:
    """ "A, B and C" / "A; B en C" -> [A, B, C]."""
    parts = re.split(r"\s*(?:;|,(?![^()]*\))|\s+and\s+|\s+en\s+)\s*", value.strip().rstrip("."))
    return [p.strip() for p in parts if p.strip()]
