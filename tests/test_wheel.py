"""The built wheel works on its own: rules ship inside it and the command runs anywhere.

Builds the wheel from the checkout, installs it (dependencies from the package index) into a
fresh virtual environment, and runs that environment's `disclosurelint` from a folder outside
the source tree. Slow (a build and an install), but it runs by default.
"""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from helpers import REPO


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _clean_env():
    """The environment without anything that would let the checkout leak into the venv."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)], env=_clean_env())
    (wheel,) = dist.glob("disclosurelint-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run([str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], env=_clean_env())
    outside = root / "elsewhere"
    outside.mkdir()
    return {"wheel": wheel, "bin": bindir, "cwd": outside}


@pytest.mark.slow
def test_wheel_contains_the_rule_files(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert "disclosurelint/rules/placeholders.yml" in names
    assert "disclosurelint/rules/templates.yml" in names
    assert "disclosurelint/rules/bylines.yml" in names


@pytest.mark.slow
def test_installed_package_has_the_rules_and_is_not_the_checkout(installed):
    code = (
        "import disclosurelint, importlib.resources as r;"
        "print(disclosurelint.__file__);"
        "print((r.files('disclosurelint') / 'rules' / 'placeholders.yml').is_file())"
    )
    proc = _run([str(installed["bin"] / "python"), "-c", code], cwd=installed["cwd"], env=_clean_env())
    module_file, has_rules = proc.stdout.split()
    assert has_rules == "True"
    assert str(REPO) not in module_file
    assert "site-packages" in module_file


@pytest.mark.slow
def test_installed_command_reports_dl201_from_outside_the_source_tree(installed):
    cwd = installed["cwd"]
    (cwd / "page.html").write_text("<p>Intro.</p>\n<p>Price: [TBD]</p>\n", encoding="utf-8")
    exe = installed["bin"] / ("disclosurelint.exe" if os.name == "nt" else "disclosurelint")
    proc = subprocess.run(
        [str(exe), "--format", "json", "page.html"],
        cwd=cwd, capture_output=True, text=True, timeout=120, env=_clean_env(),
    )
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)
    assert [(f["path"], f["code"], f["line"], f["column"]) for f in found] == [("page.html", "DL201", 2, 11)]
