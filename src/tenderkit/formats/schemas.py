"""JSON Schemas generated from the models, so the models stay the only definition of a format."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from tenderkit.fileio import write_atomic
from tenderkit.formats.bid import Bid
from tenderkit.formats.freeze import FreezeRecord
from tenderkit.formats.panel import ConsensusScore, PanelScore
from tenderkit.formats.requirement_set import RequirementSet
from tenderkit.formats.scoring_model import ScoringModel
from tenderkit.formats.tender_file import TenderFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "tender": TenderFile,
    "requirement-set": RequirementSet,
    "scoring-model": ScoringModel,
    "bid": Bid,
    "panel-score": PanelScore,
    "consensus-score": ConsensusScore,
    "panel-freeze": FreezeRecord,
}


def schema_of(model: type[BaseModel]) -> dict:
    schema = model.model_json_schema(mode="validation")
    if model is ScoringModel:
        # `scale` is written as a list or a map in YAML; the model stores it parsed.
        schema["properties"]["scale"] = {
            "title": "Scale",
            "description": "a list such as [0, 2, 4, 6, 8, 10], or a map from score to fraction",
            "anyOf": [
                {"type": "array", "items": {"type": "number"}, "minItems": 2},
                {"type": "object", "additionalProperties": {"type": "number", "maximum": 1}},
            ],
        }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def write_schemas(folder: Path) -> list[Path]:
    """Write one `<name>.schema.json` per format into `folder`; return the paths."""
    written = []
    for name, model in SCHEMAS.items():
        text = json.dumps(schema_of(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        written.append(write_atomic(Path(folder) / f"{name}.schema.json", text))
    return written
