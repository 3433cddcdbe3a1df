"""Models of the framework reference data shipped with tenderkit (SOC 2, ISO 27001, BIO2).

The YAML files next to this module are ours: a broken file is a bug, not a user mistake. They are
still validated with these strict models, so a typo in a key or an id fails loudly, with the file
and place named, the moment the data is first loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator

from tenderkit.formats.types import Id, Localized, Strict, Text

Soc2Category = Literal[
    "security", "availability", "confidentiality", "processing_integrity", "privacy"
]
IsoTheme = Literal["organisational", "people", "physical", "technological"]
Relation = Literal["equal", "superset", "subset", "intersect"]
Coverage = Literal["full", "partial"]

# The category each SOC 2 id prefix belongs to; the common criteria (CC) are security.
SOC2_PREFIX_CATEGORY: dict[str, Soc2Category] = {
    "CC": "security",
    "A": "availability",
    "C": "confidentiality",
    "PI": "processing_integrity",
    "P": "privacy",
}
# The theme of each ISO/IEC 27001:2022 Annex A clause number.
ISO_CLAUSE_THEME: dict[str, IsoTheme] = {
    "5": "organisational",
    "6": "people",
    "7": "physical",
    "8": "technological",
}

_SOC2_ID = re.compile(r"^(CC|A|C|PI|P)(\d)\.(\d)$")
_ISO_ID = re.compile(r"^([5-8])\.([1-9]\d?)$")
_BIO_ID = re.compile(r"^([5-8]\.[1-9]\d?)\.(\d\d)$")


def soc2_prefix(criterion_id: str) -> str | None:
    """The letter prefix of a SOC 2 criterion id (`CC`, `A`, `C`, `PI`, `P`), if well-formed."""
    match = _SOC2_ID.match(criterion_id)
    return match.group(1) if match else None


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    twice = sorted({i for i in ids if i in seen or seen.add(i)})
    if twice:
        raise ValueError(f"{what} listed more than once: {', '.join(twice)}")


class Soc2Criterion(Strict):
    """One SOC 2 Trust Services Criterion (2017 TSC, points of focus revised 2022)."""

    id: Id
    category: Soc2Category
    group: Text = Field(min_length=1)
    gist: Localized

    @model_validator(mode="after")
    def _category_fits_id(self) -> Soc2Criterion:
        prefix = soc2_prefix(self.id)
        if prefix is None:
            raise ValueError(f"'{self.id}' is not a SOC 2 criterion id such as CC6.1 or A1.2")
        if SOC2_PREFIX_CATEGORY[prefix] != self.category:
            raise ValueError(
                f"'{self.id}' belongs to category {SOC2_PREFIX_CATEGORY[prefix]}, "
                f"not {self.category}"
            )
        return self


class Soc2File(Strict):
    """soc2.yaml"""

    tenderkit: Literal[1]
    note: Text = ""
    criteria: list[Soc2Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> Soc2File:
        _unique([c.id for c in self.criteria], "SOC 2 criteria")
        return self


class IsoControl(Strict):
    """One ISO/IEC 27001:2022 Annex A control (the same numbering as ISO/IEC 27002:2022)."""

    id: Id
    theme: IsoTheme
    gist: Localized

    @model_validator(mode="after")
    def _theme_fits_id(self) -> IsoControl:
        match = _ISO_ID.match(self.id)
        if match is None:
            raise ValueError(f"'{self.id}' is not an Annex A control id such as 5.1 or 8.24")
        expected = ISO_CLAUSE_THEME[match.group(1)]
        if expected != self.theme:
            raise ValueError(f"'{self.id}' belongs to theme {expected}, not {self.theme}")
        return self


class IsoFile(Strict):
    """iso27001.yaml"""

    tenderkit: Literal[1]
    note: Text = ""
    controls: list[IsoControl] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> IsoFile:
        _unique([c.id for c in self.controls], "Annex A controls")
        return self


def bio_id(measure_id: str) -> str:
    """A BIO2 id as the publication writes it, the control part with two digits: 5.1.01 ->
    5.01.01 (tenderkit accepts both; the supplier measures read the same either way)."""
    parts = measure_id.split(".")
    if len(parts) == 3 and parts[1].isdigit() and len(parts[1]) == 1:
        return f"{parts[0]}.0{parts[1]}.{parts[2]}"
    return measure_id


class BioMeasure(Strict):
    """One BIO2 measure (X.YY.ZZ), hanging under the ISO/IEC 27002:2022 control X.YY.

    `status: withdrawn` for a measure the version keeps only as a number ("vervallen"); it has
    no gist and no requirement may cite it.
    """

    id: Id
    control: Id
    status: Literal["current", "withdrawn"] = "current"
    gist: Localized | None = None

    @model_validator(mode="after")
    def _id_fits_control(self) -> BioMeasure:
        match = _BIO_ID.match(self.id)
        if match is None:
            raise ValueError(f"'{self.id}' is not a BIO2 measure id such as 5.20.03")
        if match.group(1) != self.control:
            raise ValueError(
                f"measure '{self.id}' is numbered under control {match.group(1)}, "
                f"not {self.control}"
            )
        if (self.gist is None) != (self.status == "withdrawn"):
            raise ValueError(f"measure '{self.id}': a current measure has a gist, a withdrawn none")
        return self


class BioFile(Strict):
    """bio2.yaml: the supplier measures in full, and every id of the version it follows."""

    tenderkit: Literal[1]
    version: Text = Field(min_length=1)
    version_date: dt.date
    source: Text = Field(min_length=1)
    note: Text = Field(min_length=1)
    measures: list[BioMeasure] = Field(min_length=1)
    withdrawn: dict[Id, Text] = Field(default_factory=dict)
    ids: list[Id] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> BioFile:
        _unique([m.id for m in self.measures], "BIO2 measures")
        _unique(list(self.ids), "BIO2 ids")
        known = set(self.ids)
        stray = [m.id for m in self.measures if bio_id(m.id) not in known]
        stray += [i for i in self.withdrawn if i not in known]
        if stray:
            raise ValueError(f"not in BIO2 {self.version}: {', '.join(stray)}")
        for m in self.measures:
            if (m.status == "withdrawn") != (bio_id(m.id) in self.withdrawn):
                raise ValueError(f"measure '{m.id}': its status and the withdrawn list disagree")
        return self


class CrosswalkPair(Strict):
    """How one SOC 2 criterion relates to one ISO 27001:2022 Annex A control.

    `relation` reads from the SOC 2 side: `superset` means the SOC 2 criterion asks everything
    the ISO control asks and more; `subset` the reverse; `equal` both ask the same; `intersect`
    they overlap and each asks something the other does not.
    """

    soc2: Id
    iso27001: Id
    relation: Relation
    reason: Text = ""
    """Why the pair holds, in one line of our own words (a test requires one for every pair)."""


_INVERSE: dict[Relation, Relation] = {
    "equal": "equal",
    "superset": "subset",
    "subset": "superset",
    "intersect": "intersect",
}
_COVERAGE: dict[Relation, Coverage] = {
    "equal": "full",
    "superset": "full",
    "subset": "partial",
    "intersect": "partial",
}


class Crosswalk(Strict):
    """crosswalk.yaml: SOC 2 criteria against ISO 27001:2022 Annex A controls (our judgement).

    Direction convention: every pair states the relation of the SOC 2 criterion to the ISO
    control. Evidence on X covers a requirement on Y fully when X asks at least what Y asks
    (X equal to or a superset of Y), and partially when they only overlap or X asks less.
    """

    tenderkit: Literal[1]
    note: Text = ""
    pairs: list[CrosswalkPair] = Field(min_length=1)

    _index: dict[tuple[str, str], Relation] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _pairs_unique(self) -> Crosswalk:
        _unique([f"{p.soc2} ~ {p.iso27001}" for p in self.pairs], "crosswalk pairs")
        return self

    def model_post_init(self, context: object, /) -> None:
        self._index = {(p.soc2, p.iso27001): p.relation for p in self.pairs}

    def relation(self, soc2_id: str, iso_id: str) -> Relation | None:
        """The relation of SOC 2 criterion `soc2_id` to Annex A control `iso_id`, if mapped."""
        return self._index.get((soc2_id, iso_id))

    def iso_for(self, soc2_id: str) -> dict[str, Relation]:
        """Annex A controls mapped to a SOC 2 criterion, with the criterion's relation to each."""
        return {iso: rel for (soc, iso), rel in self._index.items() if soc == soc2_id}

    def soc2_for(self, iso_id: str) -> dict[str, Relation]:
        """SOC 2 criteria mapped to an Annex A control, with the ISO control's relation to each
        (already inverted: read `subset` as "the ISO control asks less than the criterion")."""
        return {soc: _INVERSE[rel] for (soc, iso), rel in self._index.items() if iso == iso_id}

    def cover(
        self,
        evidence_framework: str,
        evidence_id: str,
        required_framework: str,
        required_id: str,
    ) -> Coverage | None:
        """How far evidence on one control covers a required control: "full", "partial" or None.

        - Same framework, same id: "full"; same framework, another id: None.
        - SOC 2 evidence for an ISO requirement: the pair's relation as written (SOC 2 relative to
          ISO): equal or superset -> "full"; subset or intersect -> "partial".
        - ISO evidence for a SOC 2 requirement: the relation is inverted first (the ISO control
          relative to the SOC 2 criterion: superset <-> subset), then the same rule. So a SOC 2
          criterion that is a superset of an ISO control is covered only partially by evidence
          on that control, and a subset one fully.
        - No pair, or another framework (bio, gdpr, ccm): None.
        """
        if evidence_framework == required_framework:
            return "full" if evidence_id == required_id else None
        if evidence_framework == "soc2" and required_framework == "iso27001":
            relation = self.relation(evidence_id, required_id)
        elif evidence_framework == "iso27001" and required_framework == "soc2":
            forward = self.relation(required_id, evidence_id)
            relation = None if forward is None else _INVERSE[forward]
        else:
            return None
        return None if relation is None else _COVERAGE[relation]
