"""The workflows editors meet disclosurelint in: the pre-commit hook and the GitHub Action.

The pre-commit test runs the hook through pre-commit itself (`pre-commit try-repo`), which
builds the hook's own virtualenv from this project, so it needs PyPI and takes a few seconds
to a minute. The project is copied into a fresh git repository first: try-repo installs a
repository's commits, so this tests the working tree as it is, in a clone or an sdist alike.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import REPO

_COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".ci-venv", ".venv", "venv", "__pycache__", ".pytest_cache", ".ruff_cache", "build", "dist", "*.egg-info",
)


def clean_env(**extra):
    """The environment for git and pre-commit: no variables from a git hook or the user's
    pre-commit cache leaking in, and a fixed identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="Test Editor", GIT_AUTHOR_EMAIL="editor@example.com",
               GIT_COMMITTER_NAME="Test Editor", GIT_COMMITTER_EMAIL="editor@example.com",
               GIT_CONFIG_NOSYSTEM="1")
    env.update(extra)
    return env


def git(*args, cwd, env):
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, env=env, check=True, capture_output=True, text=True, timeout=60)


def new_repo(path: Path, env) -> Path:
    git("init", "-q", cwd=path, env=env)
    git("config", "user.name", "Test Editor", cwd=path, env=env)
    git("config", "user.email", "editor@example.com", cwd=path, env=env)
    return path


def commit_all(path: Path, message: str, env) -> None:
    git("add", "-A", cwd=path, env=env)
    git("commit", "-q", "-m", message, cwd=path, env=env)


# -- pre-commit ------------------------------------------------------------------------------


def test_hook_definition():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "disclosurelint"
    assert hook["language"] == "python"
    assert hook["entry"] == "disclosurelint"
    assert hook["types_or"] == ["html", "markdown"]


def test_the_hook_fails_on_a_violation_and_passes_after_the_fix(tmp_path):
    env = clean_env(PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    hook_repo = tmp_path / "disclosurelint"
    shutil.copytree(REPO, hook_repo, ignore=_COPY_IGNORE, symlinks=True)
    new_repo(hook_repo, env)
    commit_all(hook_repo, "disclosurelint as it is", env)

    site = tmp_path / "site"
    site.mkdir()
    new_repo(site, env)
    (site / "posts").mkdir()
    (site / "posts" / "desk-review.md").write_text("# Desk review\n\nPrice: [TBD]\n", encoding="utf-8")
    (site / "posts" / "about.html").write_text("<p>About us.</p>\n", encoding="utf-8")
    (site / "notes.txt").write_text("[TBD] is fine in a text file: the hook does not see it\n", encoding="utf-8")
    commit_all(site, "a post with a placeholder", env)

    def try_repo():
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "disclosurelint", "--all-files", "--color", "never"],
            cwd=site, env=env, capture_output=True, text=True, timeout=600,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"disclosurelint\.+Failed", failed.stdout), failed.stdout
    assert "posts/desk-review.md:3:8: DL201 [error] Placeholder '[TBD]'" in failed.stdout
    assert "notes.txt" not in failed.stdout.split("Failed", 1)[1]

    (site / "posts" / "desk-review.md").write_text("# Desk review\n\nPrice: $349\n", encoding="utf-8")
    commit_all(site, "fill in the price", env)
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"disclosurelint\.+Passed", passed.stdout), passed.stdout


# -- the GitHub Action -----------------------------------------------------------------------

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def step(step_id):
    return next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)


def test_action_is_a_composite_action_whose_scripts_take_inputs_only_from_env():
    assert ACTION["runs"]["using"] == "composite"
    inputs = set(ACTION["inputs"])
    for s in ACTION["runs"]["steps"]:
        if "run" in s:
            assert s["shell"] == "bash"
            # An expression spliced into a script would let an input inject shell code.
            assert not EXPRESSION.search(s["run"]), s["name"]
        for value in list((s.get("env") or {}).values()) + list((s.get("with") or {}).values()):
            for expr in EXPRESSION.findall(str(value)):
                if expr.startswith("inputs."):
                    assert expr.split(".", 1)[1] in inputs, expr
    for output in ACTION["outputs"].values():
        (expr,) = EXPRESSION.findall(output["value"])
        assert expr.startswith("steps.lint.outputs.")


def run_step(step_id, tmp_path, inputs=None, steps=None):
    """Run one of the action's bash steps as the runner would: its env filled in from the
    inputs (defaults from action.yml) and earlier steps' outputs; returns (process, outputs)."""
    github_output = tmp_path / f"{step_id}-output.txt"
    github_output.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env.update(GITHUB_OUTPUT=str(github_output), GITHUB_ACTION_PATH=str(REPO), RUNNER_TEMP=str(tmp_path))
    defaults = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values = {f"inputs.{k}": v for k, v in {**defaults, **(inputs or {})}.items()}
    values.update({f"steps.{k}": v for k, v in (steps or {}).items()})
    s = step(step_id)
    for name, value in (s.get("env") or {}).items():
        env[name] = EXPRESSION.sub(lambda m: values.get(m.group(1), ""), str(value))
    proc = subprocess.run(["bash", "-c", s["run"]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    outputs = dict(line.split("=", 1) for line in github_output.read_text(encoding="utf-8").splitlines())
    return proc, outputs


def test_action_writes_sarif_and_annotations(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "post.md").write_text("# Post\n\nUpdated: [Insert Date Here]\n", encoding="utf-8")
    (tmp_path / "site" / "ok.md").write_text("# Fine\n", encoding="utf-8")
    installed = {"install.outputs.bin": str(Path(sys.executable).parent)}  # this test's install stands in
    proc, outputs = run_step("lint", tmp_path, {"paths": "site\nsite/ok.md", "args": "--select DL2  --fail-on error"}, installed)
    assert proc.returncode == 1, proc.stderr
    assert outputs == {"sarif-file": "disclosurelint.sarif", "exit-code": "1"}
    log = json.loads((tmp_path / "disclosurelint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["DL201"]
    assert proc.stdout.startswith("::error file=site/post.md,line=3,")

    proc, outputs = run_step("lint", tmp_path, {"paths": "site/ok.md", "annotate": "false", "sarif-file": "out.sarif"}, installed)
    assert proc.returncode == 0 and proc.stdout == ""
    assert outputs["exit-code"] == "0" and (tmp_path / "out.sarif").is_file()


@pytest.mark.slow
def test_action_install_step_installs_the_action_source(tmp_path):
    python = shutil.which("python3") or sys.executable
    proc, outputs = run_step("install", tmp_path, steps={"python.outputs.python-path": python})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "disclosurelint" in proc.stdout
    assert Path(outputs["bin"], "disclosurelint").exists()
