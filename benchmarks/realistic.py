"""Realistic tenders of any size, written to disk, for the benchmarks.

Easy synthetic tenders flatter the code: requirements that link to no risks, bids without notes
and no panel. This generator starts from what a real tender holds, the bundled gemeente example:
its requirement set (risk links, machine checks, control references kept) is replicated with new
ids until it has the asked number of requirements, and its five bids are cycled, each copy with
its own price, answer notes on every requirement, assurance reports and facts. The panel has
`evaluators` evaluators, each scoring every scored requirement of every bid alone (one CSV each),
plus a consensus on every tenth line, as a committee records its agreed scores.

    from realistic import write_tender
    folder = write_tender(tmp / "t", bids=50, requirements=2000, evaluators=7)

Everything is seeded: the same arguments give byte-identical folders. Run as a script to write one:
`python benchmarks/realistic.py OUT_DIR --bids 50 --requirements 2000 --evaluators 7`.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from tenderkit.bundled import example
from tenderkit.formats.yamlio import parse_yaml

SOURCE_EXAMPLE = "gemeente-zaaksysteem"
SCALE = ["0", "2", "4", "6", "8", "10"]
NOTE_TEXT = (
    "wij leveren dit als standaard onderdeel van de dienst en rapporteren er elk kwartaal over "
    "aan de gemeente; de werking is getoetst door onze auditor en vastgelegd in het "
    "beveiligingsbeleid, met een jaarlijkse herbeoordeling door de CISO en de "
    "functionaris gegevensbescherming"
)
NOTE_WORDS = NOTE_TEXT.split(" ")


def _plain(value: Any) -> Any:
    """Data read with tenderkit's YAML rules back into plain Python (numbers keep their text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "source"):  # YamlInt / YamlFloat: write back what was written
        return type(value).__mro__[1](value)
    return value


def _read(path: Path) -> Any:
    return _plain(parse_yaml(path.read_text(encoding="utf-8")))


def _dump(path: Path, data: Any) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )


def _copy_id(original: str, copy: int) -> str:
    return original if copy == 0 else f"{original}-{copy}"


def _note(rng: random.Random) -> str:
    start = rng.randrange(len(NOTE_WORDS) - 20)
    return " ".join(NOTE_WORDS[start : start + rng.randrange(14, 20)]).capitalize() + "."


def write_tender(
    folder: Path,
    bids: int = 50,
    requirements: int = 500,
    evaluators: int = 7,
    seed: int = 2026,
) -> Path:
    """Write a tender folder with `bids` bids over `requirements` requirements; return it."""
    rng = random.Random(seed)
    source = example(SOURCE_EXAMPLE)
    tender = _read(source / "tender.yaml")
    rs = _read((source / tender["requirement_set"]).resolve())
    scoring_path = (source / tender["scoring"]).resolve()

    originals = rs["requirements"]
    copies = -(-requirements // len(originals))
    replicated: list[dict[str, Any]] = []
    origin: dict[str, str] = {}  # new id -> the example requirement it copies
    for copy in range(copies):
        for req in originals[: requirements - len(replicated)]:
            new_id = _copy_id(req["id"], copy)
            replicated.append({**req, "id": new_id})
            origin[new_id] = req["id"]
    rs = {**rs, "id": f"{rs['id']}-x{requirements}", "requirements": replicated}

    if folder.exists():
        shutil.rmtree(folder)
    (folder / "bids").mkdir(parents=True)
    (folder / "panel").mkdir()
    _dump(folder / "requirement_set.yaml", rs)
    shutil.copy(scoring_path, folder / "scoring.yaml")
    names = [f"evaluator-{chr(ord('a') + e)}" for e in range(evaluators)]
    tender = {
        **tender,
        "id": f"realistic-{bids}x{requirements}x{evaluators}",
        "requirement_set": "requirement_set.yaml",
        "scoring": "scoring.yaml",
        "evaluators": names,
    }
    tender.pop("lock", None)
    # the example's declarations name its own evaluators; the generated panel has others
    tender["conflict_of_interest"] = [
        {"evaluator": name, "date": "2026-10-16", "conflict": False} for name in names
    ]
    _dump(folder / "tender.yaml", tender)
    if (source / "reports").is_dir():  # the report files the bids' assurance cites
        shutil.copytree(source / "reports", folder / "reports")

    templates = [_read(p) for p in sorted((source / "bids").glob("*.yaml"))]
    scored = [r["id"] for r in replicated if r.get("kind") == "scored"]
    bid_ids = [f"bid-{i:03d}" for i in range(bids)]
    for i, bid_id in enumerate(bid_ids):
        template = templates[i % len(templates)]
        answers: dict[str, Any] = {}
        for req in replicated:
            answer = dict(template.get("answers", {}).get(origin[req["id"]], {"status": "meets"}))
            answer["note"] = _note(rng)
            answers[req["id"]] = answer
        bid = {
            **template,
            "bidder": f"{template['bidder'].removesuffix('.')} {i:03d}",
            "price": round(template["price"] * rng.uniform(0.8, 1.2)),
            "answers": answers,
        }
        _dump(folder / "bids" / f"{bid_id}.yaml", bid)

    consensus: list[list[str]] = []
    for evaluator in names:
        with (folder / "panel" / f"{evaluator}.csv").open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["bidder", "target", "score", "rationale"])
            for bid_id in bid_ids:
                for target in scored:
                    out.writerow([bid_id, target, rng.choice(SCALE[2:]), _note(rng)])
    for bid_id in bid_ids:
        for n, target in enumerate(scored):
            if n % 10 == 0:
                consensus.append(
                    [bid_id, target, rng.choice(SCALE[2:]), _note(rng), ";".join(names)]
                )
    with (folder / "panel" / "consensus.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["bidder", "target", "score", "rationale", "evaluators"])
        out.writerows(consensus)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--bids", type=int, default=50)
    parser.add_argument("--requirements", type=int, default=500)
    parser.add_argument("--evaluators", type=int, default=7)
    args = parser.parse_args()
    print(write_tender(args.out, args.bids, args.requirements, args.evaluators))


if __name__ == "__main__":
    main()
