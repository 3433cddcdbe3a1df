"""The framework reference data: complete, consistent, and usable from an installed package."""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources

import pytest

from tenderkit import frameworks
from tenderkit.errors import Problem
from tenderkit.formats.messages import validate
from tenderkit.formats.yamlio import parse_yaml
from tenderkit.frameworks.models import Crosswalk, IsoFile, Soc2File, bio_id

SOC2_RANGES = {
    "CC1": 5, "CC2": 3, "CC3": 4, "CC4": 2, "CC5": 3, "CC6": 8, "CC7": 5, "CC8": 1, "CC9": 2,
    "A1": 3, "C1": 2, "PI1": 5,
    "P1": 1, "P2": 1, "P3": 2, "P4": 3, "P5": 2, "P6": 7, "P7": 1, "P8": 1,
}  # fmt: skip
ISO_RANGES = {"5": 37, "6": 8, "7": 14, "8": 34}


# --- SOC 2 ----------------------------------------------------------------------------------------


def test_soc2_has_exactly_the_61_criteria():
    criteria = frameworks.soc2_criteria()
    expected = [f"{group}.{n}" for group, count in SOC2_RANGES.items() for n in range(1, count + 1)]
    assert len(expected) == 61
    assert list(criteria) == expected
    assert "CC8.2" not in criteria


def test_soc2_categories():
    counts = Counter(c.category for c in frameworks.soc2_criteria().values())
    assert counts == {
        "security": 33,
        "availability": 3,
        "confidentiality": 2,
        "processing_integrity": 5,
        "privacy": 18,
    }
    assert frameworks.soc2_category("CC6.1") == "security"
    assert frameworks.soc2_category("A1.2") == "availability"
    assert frameworks.soc2_category("C1.1") == "confidentiality"
    assert frameworks.soc2_category("PI1.3") == "processing_integrity"
    assert frameworks.soc2_category("P6.6") == "privacy"


def test_soc2_entries_are_filled_in():
    for criterion in frameworks.soc2_criteria().values():
        prefix = re.match(r"[A-Z]+\d", criterion.id).group(0)
        assert criterion.group.startswith(prefix + " ")
        assert criterion.gist.nl and criterion.gist.en
        assert criterion.gist.get("en") == criterion.gist.en


# --- ISO 27001:2022 -------------------------------------------------------------------------------


def test_iso_has_exactly_the_93_annex_a_controls():
    controls = frameworks.iso_controls()
    expected = [
        f"{clause}.{n}" for clause, count in ISO_RANGES.items() for n in range(1, count + 1)
    ]
    assert len(controls) == 93
    assert list(controls) == expected
    themes = Counter(c.theme for c in controls.values())
    assert themes == {"organisational": 37, "people": 8, "physical": 14, "technological": 34}


def test_iso_ids_keep_their_written_text():
    controls = frameworks.iso_controls()
    assert "8.10" in controls and "8.1" in controls
    assert controls["8.10"].gist.en != controls["8.1"].gist.en
    assert all(isinstance(key, str) for key in controls)


def test_unquoted_iso_id_is_read_as_written():
    data = parse_yaml(
        "tenderkit: 1\ncontrols:\n"
        "  - {id: 8.10, theme: technological, gist: {nl: a, en: b}}\n"
        "  - {id: 8.1, theme: technological, gist: {nl: c, en: d}}\n"
    )
    model, problems = validate(IsoFile, data, "x.yaml")
    assert problems == []
    assert [c.id for c in model.controls] == ["8.10", "8.1"]


# --- BIO2 -----------------------------------------------------------------------------------------


def test_bio_measures_hang_under_existing_controls():
    measures = frameworks.bio_measures()
    assert set(measures) == {
        "5.19.01", "5.20.01", "5.20.02", "5.20.03", "5.20.04", "5.20.05", "5.20.06",
        "5.21.02", "5.21.03", "5.21.04", "5.21.05", "5.22.01", "5.22.02", "5.23.01",
    }  # fmt: skip
    controls = frameworks.iso_controls()
    for measure in measures.values():
        assert measure.control in controls
        assert measure.id.startswith(measure.control + ".")


def test_bio_file_has_a_note():
    with resources.as_file(resources.files("tenderkit.frameworks") / "bio2.yaml") as path:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    assert data["tenderkit"] == 1
    assert "supplier measures" in data["note"]


# --- uniqueness and the crosswalk -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [("soc2.yaml", "criteria"), ("iso27001.yaml", "controls"), ("bio2.yaml", "measures")],
)
def test_every_id_is_unique_in_the_file(name, key):
    text = (resources.files("tenderkit.frameworks") / name).read_text(encoding="utf-8")
    data = parse_yaml(text)
    ids = [str(getattr(item["id"], "source", item["id"])) for item in data[key]]
    assert len(ids) == len(set(ids))


def test_crosswalk_ids_exist_in_both_frameworks():
    walk = frameworks.crosswalk()
    soc2, iso = frameworks.soc2_criteria(), frameworks.iso_controls()
    assert 80 <= len(walk.pairs) <= 170
    pairs = [(p.soc2, p.iso27001) for p in walk.pairs]
    assert len(pairs) == len(set(pairs))
    for pair in walk.pairs:
        assert pair.soc2 in soc2, pair
        assert pair.iso27001 in iso, pair


def test_crosswalk_covers_every_cc_availability_and_confidentiality_criterion():
    mapped = {p.soc2 for p in frameworks.crosswalk().pairs}
    needed = {c for c in frameworks.soc2_criteria() if c.startswith(("CC", "A1", "C1"))}
    assert needed <= mapped


def test_crosswalk_is_conservative():
    relations = Counter(p.relation for p in frameworks.crosswalk().pairs)
    assert relations["intersect"] > 0.8 * sum(relations.values())


# --- cover ----------------------------------------------------------------------------------------


def test_cover_same_framework():
    walk = frameworks.crosswalk()
    assert walk.cover("soc2", "CC6.1", "soc2", "CC6.1") == "full"
    assert walk.cover("iso27001", "8.24", "iso27001", "8.24") == "full"
    assert walk.cover("iso27001", "8.1", "iso27001", "8.10") is None


def _walk(*pairs: tuple[str, str, str]) -> Crosswalk:
    return Crosswalk.model_validate(
        {
            "tenderkit": 1,
            "pairs": [
                {"soc2": s, "iso27001": i, "relation": r, "reason": "test pair"}
                for s, i, r in pairs
            ],
        }
    )


def test_cover_soc2_evidence_for_iso_requirement_uses_relation_as_written():
    walk = _walk(("CC8.1", "8.32", "superset"), ("A1.3", "5.30", "subset"))
    assert walk.cover("soc2", "CC8.1", "iso27001", "8.32") == "full"
    assert walk.cover("soc2", "A1.3", "iso27001", "5.30") == "partial"
    shipped = frameworks.crosswalk()
    assert shipped.relation("CC6.1", "8.24") == "intersect"
    assert shipped.cover("soc2", "CC6.1", "iso27001", "8.24") == "partial"


def test_cover_iso_evidence_for_soc2_requirement_inverts_relation():
    walk = _walk(("CC8.1", "8.32", "superset"), ("A1.3", "5.30", "subset"))
    # CC8.1 asks more than 8.32, so ISO evidence on 8.32 covers CC8.1 only partly ...
    assert walk.cover("iso27001", "8.32", "soc2", "CC8.1") == "partial"
    # ... and A1.3 asks less than 5.30, so ISO evidence on 5.30 covers A1.3 fully.
    assert walk.cover("iso27001", "5.30", "soc2", "A1.3") == "full"
    assert walk.soc2_for("5.30")["A1.3"] == "superset"
    assert walk.iso_for("A1.3")["5.30"] == "subset"
    assert frameworks.crosswalk().cover("iso27001", "8.24", "soc2", "CC6.1") == "partial"


def test_cover_without_pair_or_for_other_frameworks():
    walk = frameworks.crosswalk()
    assert walk.cover("soc2", "CC6.1", "iso27001", "7.7") is None
    assert walk.cover("iso27001", "7.7", "soc2", "CC6.1") is None
    assert walk.cover("bio", "5.20.03", "iso27001", "5.20") is None


def test_cover_with_equal_relation():
    walk = Crosswalk.model_validate(
        {"tenderkit": 1, "pairs": [{"soc2": "CC6.5", "iso27001": "7.14", "relation": "equal"}]}
    )
    assert walk.cover("soc2", "CC6.5", "iso27001", "7.14") == "full"
    assert walk.cover("iso27001", "7.14", "soc2", "CC6.5") == "full"


# --- known_ids and check_controls -----------------------------------------------------------------


def test_known_ids():
    assert "8.10" in frameworks.known_ids("iso27001")
    assert "CC8.2" not in frameworks.known_ids("soc2")
    assert "5.20.03" in frameworks.known_ids("bio")
    with pytest.raises(ValueError):
        frameworks.known_ids("gdpr")


def test_check_controls_finds_unknown_ids():
    controls = {
        "iso27001": ["8.10", "8.35"],
        "soc2": ["CC6.1", "CC8.2"],
        "bio": ["5.20.03", "5.20.09"],
        "gdpr": ["28(3)(c)", "anything"],
        "ccm": ["CEK-03"],
    }
    problems = frameworks.check_controls(controls, "set.yaml", "requirements[1] (ENC-01).controls")
    assert all(isinstance(p, Problem) for p in problems)
    assert [(p.place.rsplit(".", 1)[-1], p.message.split("'")[1]) for p in problems] == [
        ("iso27001", "8.35"),
        ("soc2", "CC8.2"),
        ("bio", "5.20.09"),
    ]
    assert problems[0].file == "set.yaml"
    assert problems[0].place == "requirements[1] (ENC-01).controls.iso27001"
    assert problems[0].message.startswith("ISO 27001:2022 Annex A has no control '8.35'")


def test_check_controls_accepts_known_ids_and_gives_hints():
    assert frameworks.check_controls({"iso27001": ["5.23", "8.1", "8.10"]}, "f", "p") == []
    [problem] = frameworks.check_controls({"iso27001": ["A.8.24"]}, "f", "p")
    assert "'8.24'" in problem.message
    [problem] = frameworks.check_controls({"soc2": ["cc6.1"]}, "f", "p")
    assert "'CC6.1'" in problem.message


# --- packaging and broken data --------------------------------------------------------------------


def test_files_are_package_resources():
    package = resources.files("tenderkit.frameworks")
    for name in ("soc2.yaml", "iso27001.yaml", "bio2.yaml", "crosswalk.yaml"):
        resource = package / name
        assert resource.is_file()
        assert resource.read_text(encoding="utf-8").startswith("tenderkit: 1\n")


def test_loading_is_cached():
    assert frameworks.soc2_criteria() is frameworks.soc2_criteria()
    assert frameworks.crosswalk() is frameworks.crosswalk()


def test_broken_reference_data_gets_a_clear_message():
    data = parse_yaml(
        "tenderkit: 1\ncriteria:\n"
        "  - {id: CC8.1, category: availability, group: CC8 change, gist: {nl: a, en: b}}\n"
        "  - {id: CC8.1, category: security, group: CC8 change, gist: {nl: a, en: b}, extra: 1}\n"
    )
    model, problems = validate(Soc2File, data, "soc2.yaml")
    assert model is None
    messages = " | ".join(str(p) for p in problems)
    assert "criteria[1] (CC8.1)" in messages
    assert "belongs to category security, not availability" in messages
    assert "'extra'" in messages or "extra" in messages
    error = frameworks.ReferenceDataError(problems)
    assert "framework reference data is broken" in str(error)


def test_bio_ids_outside_the_supplier_measures_are_accepted_when_well_formed():
    from tenderkit.frameworks import check_controls

    assert check_controls({"bio": ["8.24.01", "5.20.03"]}, "f.yaml", "x") == []
    found = check_controls({"bio": ["8.99.01", "8.24.1", "bogus"]}, "f.yaml", "x")
    assert len(found) == 3 and all(p.place == "x.bio" for p in found)


# --- BIO2: the version the data follows ---------------------------------------------------------


def test_bio_data_names_its_version_and_every_supplier_id_exists_in_it():
    baseline = frameworks.bio_baseline()
    assert (baseline.version, baseline.version_date.isoformat()) == ("1.3", "2026-01-09")
    ids = set(baseline.ids)
    for measure in baseline.measures:
        assert measure.id in ids
    # 5.21.01 is withdrawn in v1.3: listed as such, and nothing may cite it.
    assert baseline.withdrawn["5.21.01"] == "withdrawn"
    assert "5.21.01" not in frameworks.bio_measures()
    [problem] = frameworks.check_controls({"bio": ["5.21.01"]}, "f.yaml", "x")
    assert "no longer has measure '5.21.01'" in problem.message


def test_bio_supplier_measures_say_what_the_version_asks():
    gist = {mid: m.gist.en.lower() for mid, m in frameworks.bio_measures().items()}
    assert "general terms" in gist["5.20.02"]
    assert "every year" in gist["5.20.03"] and "design, existence and operation" in gist["5.20.03"]
    assert "audit" in gist["5.20.04"] and "validate" in gist["5.20.04"]
    assert "vulnerabilities" in gist["5.20.05"] and "incidents" in gist["5.20.05"]
    assert "exit" in gist["5.20.06"]
    assert "chain" in gist["5.21.02"] and "before contracting" in gist["5.21.02"]
    assert "changes in the chain" in gist["5.21.04"]
    assert "register" in gist["5.22.02"]


def test_every_bio_reference_in_the_bundled_requirement_sets_exists_in_the_version():
    from tenderkit.bundled import bundled
    from tenderkit.formats.requirement_set import RequirementSet

    baseline = frameworks.bio_baseline()
    cited = 0
    for path in sorted(bundled("requirement_sets").glob("*.yaml")):
        data = parse_yaml(path.read_text(encoding="utf-8"))
        for requirement in RequirementSet.model_validate(data).requirements:
            for mid in requirement.controls.bio:
                cited += 1
                assert bio_id(mid) in baseline.ids, (path.name, requirement.id, mid)
                assert bio_id(mid) not in baseline.withdrawn, (path.name, requirement.id, mid)
    assert cited > 0


def test_bio_references_follow_the_measures_meaning():
    from tenderkit.bundled import bundled
    from tenderkit.formats.requirement_set import RequirementSet

    path = bundled("requirement_sets") / "gemeente-bio-gibit.yaml"
    rs = RequirementSet.model_validate(parse_yaml(path.read_text(encoding="utf-8")))
    bio = {r.id: set(r.controls.bio) for r in rs.requirements}
    assert "5.20.03" in bio["ASS-01"] and "5.20.02" not in bio["ASS-01"]  # yearly third-party proof
    assert "5.20.04" in bio["LEG-02"]  # own audit right
    assert "5.20.05" in bio["VUL-03"]  # transparency on vulnerabilities
    assert "5.20.02" in bio["LEG-01"]  # the supplier's general terms excluded
    assert {"5.21.02", "5.21.03", "5.21.04"} <= bio["PRV-04"]


def test_a_bio_id_may_be_written_with_a_one_digit_control_part():
    assert frameworks.check_controls({"bio": ["8.5.01", "8.05.01"]}, "f.yaml", "x") == []


def test_every_crosswalk_pair_has_its_reason_and_no_unsupported_full_cover():
    walk = frameworks.crosswalk()
    for pair in walk.pairs:
        assert len(pair.reason.split()) >= 4, pair
    # the four stronger claims the review found unsupported are intersect now
    for soc2, iso in [("CC7.3", "5.25"), ("CC7.4", "5.26"), ("CC8.1", "8.32"), ("A1.3", "5.30")]:
        assert walk.relation(soc2, iso) == "intersect"
    assert {p.relation for p in walk.pairs} == {"intersect"}


def test_the_crosswalk_holds_the_pairs_the_review_added():
    walk = frameworks.crosswalk()
    for soc2, iso in [
        ("CC6.2", "5.15"), ("CC7.1", "8.15"), ("CC7.4", "5.25"), ("CC7.4", "5.27"),
        ("CC7.5", "5.24"), ("CC7.5", "5.30"), ("CC8.1", "8.27"),
    ]:  # fmt: skip
        assert walk.relation(soc2, iso) is not None, (soc2, iso)
