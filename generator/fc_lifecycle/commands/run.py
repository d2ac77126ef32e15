"""``fc-lifecycle run``: run a project locally as FC does, lifecycle hooks included."""

from __future__ import annotations

import argparse
from pathlib import Path

from fc_template import facts

DESCRIPTION = """\
Run a generated project on this machine the way Function Compute runs it, with no Docker
and no account: start the custom runtime's command (default code/bootstrap) in code/ with
FC's environment (FC_CUSTOM_LISTEN_PORT, FC_FUNCTION_NAME, ... and the function's own
variables, /code mapped to the local folder, placeholder credentials), wait until it
answers HTTP (FC allows 120 s), call POST /initialize with FC's common headers and rules
(2xx ready; 4xx or a timeout: retried with backoff, bounded here where FC retries without
end; 5xx: the instance is restarted), forward requests from --listen adding FC's headers
(client x-fc-* headers refused, instanceConcurrency enforced), and on Ctrl-C or SIGTERM
call GET /pre-stop, then SIGTERM the instance and SIGKILL it after --grace seconds.

An event function (its answers or its triggers say so) gets each event as FC sends it: POST
/invoke, x-fc-control-path /invoke, application/octet-stream. --invoke sends --event FILE
(default: a sample event of its timer or OSS trigger, filled from s.yaml); --listen takes
plain POSTs and forwards each body as an event. x-fc-status 404 counts as a failure.

Not emulated: the Linux image and the Python of the FC runtime (your interpreter runs the
code: the project's .venv when it has one), layers under /opt, freezing between requests,
scaling to more instances, memory and CPU limits, the request-size limits, the function
timeout's hard kill. Where FC's documents disagree on a failed Initializer, this follows
the custom-runtime hook page (4xx: FC keeps retrying; 500: instance restarted), and PreStop
is called before the instance stops (the Chinese pages: on destroy, not on freeze).

Exit status: 0 when every step met FC's rules, 1 otherwise (each problem is printed).
"""


def register(subparsers) -> None:
    """Add ``run``."""
    parser = subparsers.add_parser(
        "run",
        help="run a project locally as FC does (hooks included, no Docker)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("project", nargs="?", default=".", type=Path, help="project folder")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="HOST:PORT or PORT to serve on")
    parser.add_argument("--once", action="store_true", help="stop after one forwarded request")
    parser.add_argument("--invoke", action="store_true", help="start, send one request, stop")
    parser.add_argument("--method", default="GET", help="with --invoke (default GET)")
    parser.add_argument("--path", default="/", help="with --invoke (default /)")
    parser.add_argument("--data", default="", help="with --invoke: the request body")
    parser.add_argument("--event", type=Path, metavar="FILE",
                        help="with --invoke, for an event function: the event to send"
                        " (default: a sample event of its trigger)")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    parser.add_argument("--python", help="interpreter whose folder goes first on PATH")
    parser.add_argument("--resource", help="which function of s.yaml, if several")
    parser.add_argument("--startup-timeout", type=_seconds, metavar="S",
                        default=facts.STARTUP_LIMIT,
                        help="seconds the instance has to answer HTTP (FC: 120)")  # fmt: skip
    parser.add_argument("--grace", type=_seconds, default=10.0, metavar="S",
                        help="seconds between SIGTERM and SIGKILL")  # fmt: skip
    parser.add_argument("--init-attempts", type=_attempts, default=5, metavar="N",
                        help="Initializer calls before giving up (FC never does)")  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the project and report."""
    from fc_lifecycle import console
    from fc_lifecycle.localrun.session import Invocation, RunOptions, masked, run_local

    options = RunOptions(
        startup_limit=args.startup_timeout,
        grace=args.grace,
        init_attempts=args.init_attempts,
        listen=_listen(args.listen),
        once=args.once,
    )
    if args.event is not None and not args.invoke:  # bad input first, then the port
        from fc_lifecycle.errors import UserError

        raise UserError("--event: only with --invoke (it is the event sent)")
    if not args.invoke:
        _check_free(options.listen)
    invocation = (
        Invocation(args.method.upper(), args.path, args.data.encode(), args.event)
        if args.invoke
        else None
    )
    report, answer = run_local(
        args.project, options, console.err, invocation=invocation,
        python=args.python, resource=args.resource,
    )  # fmt: skip
    if answer is not None and not args.json:
        console.out(masked(f"{answer[0]} {answer[1].decode(errors='replace')}"))
    if args.json:
        console.out(masked(report.to_json()))
    return 0 if report.ok else 1


def _seconds(text: str) -> float:
    """A number of seconds above zero (argparse turns the error into one line, exit 2)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0 (got {text!r})")
    return value


def _attempts(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, at least 1 (got {text!r})")
    return int(text)


def _check_free(listen: tuple[str, int]) -> None:
    """Fail in one line before the lifecycle starts when ``--listen`` cannot be bound."""
    import socket

    from fc_lifecycle.errors import FcLifecycleError

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(listen)
        except OSError as error:
            where = f"{listen[0]}:{listen[1]}"
            raise FcLifecycleError(
                f"--listen {where}: cannot listen there ({error.strerror or error}); "
                "stop what uses it or pick another port"
            ) from None


def _listen(value: str) -> tuple[str, int]:
    from fc_lifecycle.errors import UserError

    host, _, port = value.rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UserError(f"--listen {value}: must be PORT or HOST:PORT")
    return host or "127.0.0.1", int(port)
