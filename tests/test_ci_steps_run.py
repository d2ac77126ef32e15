"""The check job of a generated workflow, run step by step on this machine as a runner would.

One project (no framework, this interpreter's Python), its ``run:`` steps in order with
``bash -e`` (GitHub's default shell), from a PATH without fc-lifecycle, so the validate step
installs the runner the way ``make run`` does. The step that installs the ``s`` CLI from npm
is replaced by the CLI ``make test`` installs (``$S``), so only PyPI is needed, as for the
generated suites.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ci_steps import INSTALL_S, checks
from conftest import PYTHONS, ROOT
from fc_lifecycle.render import render
from helpers.s_cli import s_cli

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
THIS = f"{sys.version_info[0]}.{sys.version_info[1]}"


def path_without_runner() -> str:
    """PATH without any fc-lifecycle, so the validate step has to install it."""
    folders = os.environ["PATH"].split(os.pathsep)
    return os.pathsep.join(f for f in folders if not Path(f, "fc-lifecycle").exists())


@pytest.mark.skipif(s_cli() is None, reason="the s CLI is not installed (npm missing?)")
@pytest.mark.skipif(THIS not in PYTHONS, reason=f"Python {THIS} is not one FC offers")
def test_the_check_steps_pass_in_order(tmp_path):
    project = render(ROOT, {"framework": "none", "python_version": THIS, "ci": "github"}, tmp_path)
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    runs = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert runs == [INSTALL_S, *checks(THIS)]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "VIRTUAL_ENV")}
    env.update(PATH=path_without_runner(), S=s_cli(), PIP_DISABLE_PIP_VERSION_CHECK="1")
    for run in runs[1:]:
        done = subprocess.run(
            ["bash", "-e", "-c", run], cwd=project, env=env, timeout=900,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert done.returncode == 0, f"{run}\n{done.stdout[-3000:]}"
    assert (project / "build" / "code" / "bootstrap").is_file()
