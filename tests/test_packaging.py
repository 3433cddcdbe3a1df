"""A plain `pip install .` carries the examples, requirement sets, scoring models and notebooks."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_bundled_data_and_validates_an_example_from_an_empty_folder(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    wheel = next(wheels.glob("tenderkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "tenderkit/_bundled/examples/gemeente-zaaksysteem/tender.yaml",
        "tenderkit/_bundled/requirement_sets/gemeente-bio-gibit.yaml",
        "tenderkit/_bundled/notebooks/award_report.ipynb",
        "tenderkit/frameworks/soc2.yaml",
        "tenderkit/texts/scoring.yaml",
    ):
        assert expected in names, expected
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-m", "tenderkit.cli", "validate", "gemeente-zaaksysteem"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import tenderkit; print(tenderkit.__file__)"],
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )
