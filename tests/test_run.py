"""``fc-lifecycle run`` against small purpose-built apps and the generated projects."""

from __future__ import annotations

import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from conftest import FRAMEWORKS, ROOT, WAITING
from fc_lifecycle.localrun.instance import PLACEHOLDER_CREDENTIALS
from fc_lifecycle.render import render
from helpers.fake_app import FAST, Serving, fc_run, free_port, make_app, with_venv

pytestmark = [pytest.mark.e2e, WAITING]


def test_app_that_never_opens_its_port(tmp_path):
    result = fc_run(make_app(tmp_path, "no-port"), "--invoke", *FAST)
    assert result.returncode == 1
    assert "did not answer HTTP" in result.stderr


def test_app_that_exits_at_start_is_reported_with_its_output(tmp_path):
    result = fc_run(make_app(tmp_path, "exit"), "--invoke", *FAST)
    assert result.returncode == 1
    assert "exited with 3 before answering" in result.stderr
    assert "boom: cannot start" in result.stderr


def test_initialize_404_twice_is_retried_then_ready(tmp_path):
    result = fc_run(make_app(tmp_path, "init-404-twice"), "--invoke", "--json", *FAST)
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr
    steps = [(s["name"], s["status"], s["ok"]) for s in report["steps"]]
    assert report["ok"] is True
    assert steps == [
        ("initialize", 200, True), ("invoke", 200, True), ("pre-stop", 200, True),
        ("stop", 0, True),
    ]  # fmt: skip
    assert result.stderr.count("initialize attempt") == 3
    assert result.stderr.count("FC retries, trying again") == 2


def test_initialize_500_restarts_the_instance(tmp_path):
    project = make_app(tmp_path, "init-500-first-start")
    result = fc_run(project, "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    assert "FC restarts the instance" in result.stderr
    assert (project / "code" / "starts").read_text() == "2"


def test_initialize_past_its_timeout_is_a_failure(tmp_path):
    result = fc_run(make_app(tmp_path, "init-slow", init_timeout=1), "--invoke", *FAST)
    assert result.returncode == 1
    assert result.stderr.count("failed, no answer within 1 s") == 3
    assert "initialize never succeeded" in result.stderr
    assert "pre-stop called" in result.stderr  # the instance is still stopped properly


def test_pre_stop_that_hangs_is_abandoned_and_the_instance_stopped(tmp_path):
    result = fc_run(make_app(tmp_path, "pre-stop-hangs", stop_timeout=1), "--invoke", *FAST)
    assert result.returncode == 1
    assert "pre-stop: failed, no answer within 1 s" in result.stderr
    assert "instance stopped" in result.stderr


def test_instance_ignoring_sigterm_is_killed_after_the_grace_period(tmp_path):
    result = fc_run(make_app(tmp_path, "ignore-term"), "--invoke", *FAST)
    assert result.returncode == 1
    assert "ignoring SIGTERM" in result.stderr
    assert "ignored SIGTERM; killed after 1 s" in result.stderr


def test_placeholder_credentials_never_appear(tmp_path):
    result = fc_run(make_app(tmp_path, "ok"), "--invoke", *FAST)
    assert result.returncode == 0
    for secret in PLACEHOLDER_CREDENTIALS.values():
        assert secret not in result.stdout + result.stderr
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET=***" in result.stderr


def test_fc_environment_and_code_path_mapping(tmp_path):
    project = make_app(tmp_path, "ok")
    result = fc_run(project, "--invoke", *FAST)
    code = str((project / "code").resolve())
    assert f"FC_FUNC_CODE_PATH={code}" in result.stderr
    assert f"PATH={Path(sys.executable).parent}:{code}/bin:" in result.stderr
    assert "FC_FUNCTION_NAME=fake" in result.stderr


@pytest.mark.parametrize(
    ("where", "args"),
    [("app", []), ("app", ["."]), (".", ["app"])],
    ids=["run", "run-dot", "run-subfolder"],
)
def test_relative_project_path_uses_the_projects_venv(tmp_path, where, args):
    with_venv(make_app(tmp_path, "ok"))
    result = subprocess.run(
        [sys.executable, "-m", "fc_lifecycle", "run", *args, "--invoke", *FAST],
        cwd=tmp_path / where, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "STARTED_BY=project-venv" in result.stderr


def test_code_python_left_by_s_build_is_pointed_out(tmp_path):
    project = make_app(tmp_path, "ok")
    (project / "code" / "python").mkdir()
    result = fc_run(project, "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    assert "code/python exists (dependencies for FC's platform" in result.stderr


def test_proxy_adds_fc_headers_forwards_the_rest_and_refuses_x_fc(tmp_path):
    server = Serving(make_app(tmp_path, "ok"))
    status, body = server.get("/items?q=1", {"X-Custom": "yes"})
    refused = server.get("/", {"x-fc-request-id": "mine"})
    code, err = server.stop()
    headers = {k.lower(): v for k, v in json.loads(body)["headers"].items()}
    assert status == 200
    assert headers["x-custom"] == "yes"
    assert headers["x-fc-control-path"] == "/http-invoke"
    assert headers["x-fc-request-id"] in err
    assert refused[0] == 400 and "reserved by FC" in refused[1]
    assert code == 0 and "pre-stop: 200" in err


def test_streamed_response_is_relayed_with_the_instances_own_headers(tmp_path):
    server = Serving(make_app(tmp_path, "ok"))
    assert server.get("/stream") == (200, "one,two,three")
    assert server.headers["Transfer-Encoding"] == "chunked"
    assert len(server.headers.get_all("Server")) == 1
    assert len(server.headers.get_all("Date")) == 1
    assert server.stop()[0] == 0


def test_instance_concurrency_makes_a_third_request_wait(tmp_path):
    server = Serving(make_app(tmp_path, "slow-invoke", concurrency=2))
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(server.get("/"))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.stop()
    assert [status for status, _ in answers] == [200, 200, 200]
    assert max(json.loads(body)["max_inflight"] for _, body in answers) == 2


def test_once_stops_after_one_request(tmp_path):
    server = Serving(make_app(tmp_path, "ok"), "--once")
    assert server.get("/")[0] == 200
    assert server.process.wait(timeout=20) == 0


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_generated_project_runs_its_whole_lifecycle(tmp_path, framework):
    project = render(ROOT, {"framework": framework}, tmp_path)
    result = fc_run(project, "--invoke", "--path", "/?name=fc")  # every example's GET /
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("200 ")
    for event in ("Initialize", "Invoke", "PreStop"):
        assert f"instance | FC {event} Start RequestId: " in result.stderr
        assert f"instance | FC {event} End RequestId: " in result.stderr
    assert result.stderr.count("FC Initialize Start") == 1
    assert "instance stopped" in result.stderr and "killed" not in result.stderr
    assert os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "unset") not in result.stderr


def running(pid_file: Path) -> bool:
    """Whether the process whose pid ``pid_file`` holds still runs (a zombie does not)."""
    if not pid_file.exists():
        return False
    try:
        return psutil.Process(int(pid_file.read_text())).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_signals_at_random_moments_stop_the_runner_and_the_whole_instance(tmp_path):
    """SIGINT or SIGTERM while starting, initializing or serving: the runner stops within
    PreStop's timeout and the grace period, the server and the bootstrap's background
    child are gone, the port is free, and nothing prints a traceback."""
    rng = random.Random(309)
    project = make_app(tmp_path, "ok", background=True)
    code = project / "code"
    for _ in range(6):
        for name in ("app.pid", "child.pid"):
            (code / name).unlink(missing_ok=True)
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "fc_lifecycle", "run", str(project), "--listen", str(port),
             *FAST], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        # From its first line on (a signal while Python itself starts is Python's business):
        # starting the instance, the Initializer, serving.
        process.stderr.readline()
        time.sleep(rng.uniform(0.0, 1.2))
        process.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
        _, err = process.communicate(timeout=15)  # PreStop 2 s + grace 1 s, and margin
        assert "Traceback" not in err, err
        assert not running(code / "app.pid"), err
        assert not running(code / "child.pid"), err
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # the runner's port is free again


def wait_gone(*pid_files: Path, seconds: float = 10) -> list[Path]:
    """Wait until no process of ``pid_files`` runs; return those still running."""
    deadline = time.monotonic() + seconds
    while any(running(f) for f in pid_files) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [f for f in pid_files if running(f)]
    for pid_file in alive:  # do not leave them behind when the test fails
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
    return alive


def test_a_killed_runner_takes_its_instance_with_it(tmp_path):
    """SIGKILL leaves the runner no time to stop its instance (in a session of its own,
    nothing else ends it): the runner's guard kills the instance's whole group."""
    project = make_app(tmp_path, "ok", background=True)
    code = project / "code"
    serving = Serving(project)
    assert serving.get()[0] == 200
    assert running(code / "app.pid") and running(code / "child.pid")
    serving.process.kill()
    serving.process.communicate()
    assert not wait_gone(code / "app.pid", code / "child.pid")


def test_a_closed_terminal_stops_the_runner_as_ctrl_c_does(tmp_path):
    """SIGHUP, with nobody left to read what the runner prints: it still calls PreStop,
    stops the instance and exits, without a word about the broken pipe."""
    project = make_app(tmp_path, "ok", background=True)
    code = project / "code"
    serving = Serving(project)
    assert serving.get()[0] == 200
    serving.process.stderr.close()  # the terminal is gone: every line printed fails
    serving.process.send_signal(signal.SIGHUP)
    status = serving.process.wait(timeout=15)
    left = wait_gone(code / "app.pid", code / "child.pid", seconds=0)
    assert (status, left) == (0, [])
    assert (code / "pre-stop.called").exists()


def test_a_clean_stop_kills_what_the_bootstrap_left_running(tmp_path):
    project = make_app(tmp_path, "ok", background=True)
    result = fc_run(project, "--invoke", *FAST)
    assert result.returncode == 0, result.stderr
    assert "killed 1 process(es) the instance left running" in result.stderr
    assert not running(project / "code" / "child.pid")


def test_initializer_failing_on_a_cold_start_is_answered_as_fc_does(tmp_path):
    server = Serving(make_app(tmp_path, "init-404-later"), "--idle", "0.5")
    assert server.get("/")[0] == 200
    time.sleep(1.5)  # reclaimed: the next request is a cold start, whose Initializer fails
    status, body = server.get("/")
    error_type = server.headers["X-Fc-Error-Type"]
    code, err = server.stop()
    assert (status, error_type) == (200, "InitializationError")
    assert json.loads(body)["errorMessage"] == "Initializer failed: initialize never succeeded"
    assert "idle for 0.5 s: FC reclaims it" in err and "cold start: no instance" in err
    assert code == 1  # the failure is reported


def test_response_headers_over_8_kb_are_a_bad_response(tmp_path):
    server = Serving(make_app(tmp_path, "ok"))
    status, body = server.get("/big-header")
    server.stop()
    assert status == 502
    assert json.loads(body)["errorCode"] == "BadResponse"


def test_report_per_invocation(tmp_path):
    result = fc_run(make_app(tmp_path, "ok"), "--invoke", "--json", "--price-per-cu", "4e-5", *FAST)
    assert result.returncode == 0, result.stderr
    (invocation,) = json.loads(result.stdout)["invocations"]
    assert invocation["billed_ms"] == max(1, math.ceil(invocation["duration_ms"]))
    assert invocation["peak_memory_mb"] > 5
    assert invocation["instance"].startswith("c-local-")
    # 512 MB and 0.35 vCPU (fc3's defaults: this s.yaml has neither) at USD 0.00004 per CU
    per_call = invocation["billed_ms"] / 1000 * (0.35 + 0.5 * 0.15) + 75 / 10_000
    assert invocation["cost_per_million_usd"] == pytest.approx(per_call * 40, abs=1e-3)
    assert f"REPORT RequestId: {invocation['request_id']}" in result.stderr
