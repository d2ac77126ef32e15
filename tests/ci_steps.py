"""The checks a generated project's CI runs, in order: one list for the workflow and the tests.

The check job of the generated workflows (``templates/ci/check-job.yml`` in the
template) must run exactly ``checks()`` after installing the ``s`` CLI
(``tests/test_ci_workflow.py`` compares), and this repository's tests run each of them on
generated projects, so a green matrix means a green pipeline:

- ``make lint`` and ``make test``: ``SUITE_TARGETS``, every suite of
  ``test_generated_suites.py``;
- ``make build`` and ``fc-lifecycle validate build`` with the runner that
  ``scripts/devenv.py runner`` installs: ``test_toolchain.py``;
- ``s preview``: every combination of ``test_template_matrix.py``.

A ``make validate`` target would replace ``VALIDATE`` here and in the check job together.
"""

from __future__ import annotations

SUITE_TARGETS = ("lint", "test")
BUILD_TARGET = "build"
INSTALL_S = "npm ci --prefix .github/serverless-devs --no-audit --no-fund"
# As the Makefile's run target finds (or installs) the runner.
VALIDATE = (
    'runner="$(python3 scripts/devenv.py --version {python} runner)" && "$runner" validate build'
)
PREVIEW = '"$S" preview'


def checks(python: str) -> list[str]:
    """The ``run:`` commands of the check job after ``INSTALL_S``, for FC's Python ``python``."""
    return [
        *(f"make {target}" for target in SUITE_TARGETS),
        f"make {BUILD_TARGET}",
        VALIDATE.format(python=python),
        PREVIEW,
    ]
