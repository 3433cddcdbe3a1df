"""After a plain `pip install` of the wheel (no make, no report run first) the `tenderkit` kernel
is registered and papermill runs the award notebook under it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def _fresh_venv(tmp_path: Path) -> Path:
    """A new virtualenv that sees this environment's dependencies but not its tenderkit.

    Installing every dependency from the index again would take minutes; a .pth line lends the
    new venv this venv's site-packages (whose own .pth files, the editable tenderkit among them,
    are not processed there), so what is tested is the wheel's own tenderkit and kernelspec."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "_lend_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_pip_install_registers_the_kernel_and_papermill_runs_under_it(tmp_path: Path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    wheel = next(wheels.glob("tenderkit-*.whl"))
    venv = _fresh_venv(tmp_path)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
    )
    empty_home = tmp_path / "home"
    empty_home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHONPATH"))}
    env |= {"HOME": str(empty_home), "JUPYTER_DATA_DIR": str(empty_home / "jupyter")}

    specs = subprocess.run(
        # what `jupyter kernelspec list --json` runs (the lent venv has no console scripts)
        [str(python), "-m", "jupyter_client.kernelspecapp", "list", "--json"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = json.loads(specs)["kernelspecs"]["tenderkit"]
    assert Path(spec["resource_dir"]).is_relative_to(venv), spec["resource_dir"]
    assert spec["spec"]["argv"][0] == "python"

    where = subprocess.run(
        [str(python), "-c", "import tenderkit; print(tenderkit.__file__)"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert Path(where.strip()).is_relative_to(venv), where

    executed = tmp_path / "out.ipynb"
    run = subprocess.run(
        [
            str(python),
            "-m",
            "papermill",
            str(ROOT / "notebooks" / "award_report.ipynb"),
            str(executed),
            "-k",
            "tenderkit",
            "--no-progress-bar",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata.kernelspec.name == "tenderkit"
    mimes = {
        mime
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for mime in output.get("data", {})
    }
    assert "application/vnd.tenderkit+json" in mimes
    # nothing was registered elsewhere on the way: the kernel came with the wheel
    assert not (empty_home / "jupyter" / "kernels").exists()
