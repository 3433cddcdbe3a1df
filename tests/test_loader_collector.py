"""Loading and writing result.json run with the cyclic garbage collector paused, and resume it."""

import gc
import shutil
from pathlib import Path

import pytest

from tenderkit import loader
from tenderkit.bundled import example
from tenderkit.errors import InvalidInput
from tenderkit.evaluation import evaluate


@pytest.fixture
def probe(monkeypatch):
    """A bid reader that notes whether the collector ran while a bid was read."""
    seen: list[bool] = []

    def read(path: Path, display: str):
        seen.append(gc.isenabled())
        return loader.read_yaml_bid(path, display)

    monkeypatch.setitem(loader._BID_READERS, ".yaml", read)
    return seen


def test_a_tender_loads_with_the_collector_paused_and_resumes_it(probe):
    assert gc.isenabled()
    loader.load_tender(example("gemeente-zaaksysteem"))
    assert probe and not any(probe)
    assert gc.isenabled()


def test_the_collector_resumes_after_a_tender_with_problems(probe, tmp_path: Path):
    folder = shutil.copytree(example("gemeente-zaaksysteem"), tmp_path / "t", symlinks=True)
    first = sorted((folder / "bids").glob("*.yaml"))[0]
    first.write_text("bidder: [\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        loader.load_tender(folder)
    assert probe and not any(probe)
    assert gc.isenabled()


def test_result_json_is_written_with_the_collector_paused(monkeypatch):
    result = evaluate(loader.load_tender(example("gemeente-zaaksysteem")))
    seen: list[bool] = []
    import tenderkit.result as result_module

    real_model, real_panel = result_module.model_pieces, result_module.panel_pieces

    def model_spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_model(*args, **kwargs)

    def panel_spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_panel(*args, **kwargs)

    # the two writers of result.json's text (the models, and the panel lines)
    monkeypatch.setattr(result_module, "model_pieces", model_spy)
    monkeypatch.setattr(result_module, "panel_pieces", panel_spy)
    result.to_json()
    assert seen == [False, False] and gc.isenabled()
    result.json_pieces()  # what `tenderkit evaluate` writes
    assert seen == [False, False, False, False] and gc.isenabled()
