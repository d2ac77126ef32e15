"""``fc-lifecycle run``: run a project locally as FC does, lifecycle hooks included."""

from __future__ import annotations

import argparse
from pathlib import Path

from fc_lifecycle.commands import HelpFormatter, add_project
from fc_lifecycle.i18n import N_, _
from fc_lifecycle.localrun.billing import PRICE_PER_CU_USD
from fc_template import facts

DESCRIPTION = N_("""\
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

FC's instance lifecycle (sources: docs/fc-facts.md, "The local runner"):
- function timeout: a request still running after s.yaml's timeout gets FC's answer (502,
  X-Fc-Error-Type: UnhandledInvocationError, "Function time out after N seconds"); the
  instance is then stopped and the next request starts a new one (--on-timeout restart;
  FC's pages do not say what becomes of the instance: --on-timeout keep leaves it running).
- Initializer: its timeout is enforced; when it fails or times out on a cold start the
  caller gets FC's answer: HTTP 200 with X-Fc-Error-Type: InitializationError.
- memory: the instance's whole process tree is held to memorySize (its RSS, sampled every
  0.1 s); over it, the instance is ended at once and a request it held gets 502 "Process
  exited unexpectedly before completing request".
- limits: path with query over 4 KB, request headers over 8 KB: 400; a body over 32 MB:
  400 EntityTooLarge, not read; response headers over 8 KB: 502.
- X-Fc-Invocation-Type: Async (the one x-fc- header a client may send): answered 202 at
  once with X-Fc-Request-Id, run afterwards; its body is limited to 128 KB.
- --freeze, --idle, --max-instances: below. After each invocation a REPORT line gives the
  request id, duration, billed duration (1 ms steps), the instance's peak memory and what
  a million such invocations cost (FC's CU price; --json has it too).
Not emulated: the Linux image and the Python of the FC runtime (your interpreter runs the
code: the project's .venv when it has one), layers under /opt, the CPU limit, the retries
and destinations of asynchronous invocations. Processes are frozen and measured with POSIX
signals and psutil (Linux and macOS). Where FC's documents disagree on a failed
Initializer, this follows the custom-runtime hook page (4xx: FC keeps retrying; 500:
instance restarted).

Exit status: 0 when every step met FC's rules, 1 otherwise (each problem is printed).
""")

EPILOG = N_("""\
examples:
  fc-lifecycle run                        the project here, on http://127.0.0.1:8080
  fc-lifecycle run ~/src/my-function --listen 8081
  fc-lifecycle run --invoke --method POST --path /items --data '{"name": "x"}'
  (in a generated project, make run ARGS="--listen 8081" does the same with its .venv)
""")


def register(subparsers) -> None:
    """Add ``run``."""
    parser = subparsers.add_parser(
        "run",
        help=_("run a project locally as FC does (hooks included, no Docker)"),
        description=_(DESCRIPTION),
        epilog=_(EPILOG),
        formatter_class=HelpFormatter,
    )
    add_project(parser)
    parser.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT",
                        help=_("where to serve, HOST:PORT or PORT"))  # fmt: skip
    parser.add_argument("--once", action="store_true", help=_("stop after one forwarded request"))
    parser.add_argument("--invoke", action="store_true", help=_("start, send one request, stop"))
    parser.add_argument("--method", default="GET", help=_("with --invoke: the HTTP method"))
    parser.add_argument("--path", default="/", help=_("with --invoke: the path and query"))
    parser.add_argument(
        "--data", default="", help=_("with --invoke: the request body (default: none)")
    )
    parser.add_argument("--event", type=Path, metavar="FILE",
                        help=_("with --invoke, for an event function: the event to send"
                        " (default: a sample event of its trigger)"))  # fmt: skip
    parser.add_argument("--json", action="store_true", help=_("print a JSON report on stdout"))
    parser.add_argument("--python", metavar="PATH",
                        help=_("interpreter whose folder goes first on PATH"
                        " (default: the project's .venv, else this one's)"))  # fmt: skip
    parser.add_argument("--resource", metavar="NAME",
                        help=_("which function of s.yaml (default: the only one)"))  # fmt: skip
    parser.add_argument("--startup-timeout", type=_seconds, metavar="S",
                        default=facts.STARTUP_LIMIT,
                        help=_("seconds the instance has to answer HTTP (FC: 120; default:"
                        " %(default)g)"))  # fmt: skip
    parser.add_argument("--grace", type=_seconds, default=10.0, metavar="S",
                        help=_("seconds between SIGTERM and SIGKILL"
                        " (default: %(default)g)"))  # fmt: skip
    parser.add_argument("--init-attempts", type=_attempts, default=5, metavar="N",
                        help=_("Initializer calls before giving up (FC never does; default:"
                        " %(default)s)"))  # fmt: skip
    parser.add_argument("--freeze", action="store_true",
                        help=_("stop the instance's processes (SIGSTOP) between invocations and"
                        " continue them (SIGCONT) for the next one, as FC freezes on-demand"
                        " instances (default: off)"))  # fmt: skip
    parser.add_argument("--freeze-hooks", action=argparse.BooleanOptionalAction, default=True,
                        help=_("with --freeze: PreStop before each freeze and the Initializer"
                        " again on thaw, as FC's English custom-runtime hook page says; the"
                        " Chinese pages call PreStop only before destroying an instance"
                        " (default: on)"))  # fmt: skip
    parser.add_argument("--idle", type=_seconds, metavar="S",
                        help=_("after S seconds without requests: PreStop, stop the instance;"
                        " the next request is a cold start with the Initializer (FC: usually"
                        " 3-5 minutes; default: never)"))  # fmt: skip
    parser.add_argument("--max-instances", type=_attempts, default=1, metavar="N",
                        help=_("start another instance (own port, own Initializer) when all"
                        " hold instanceConcurrency requests, up to N (default: 1)"))  # fmt: skip
    parser.add_argument("--on-timeout", choices=("restart", "keep"), default="restart",
                        help=_("after a request ran past the timeout: stop the instance or keep"
                        " it (default: restart)"))  # fmt: skip
    parser.add_argument("--price-per-cu", type=_price, default=PRICE_PER_CU_USD, metavar="USD",
                        help=_("FC's price of a compute unit, for the cost in the report"
                        " (default: %(default)s, tier 1 list price)"))  # fmt: skip
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
        freeze=args.freeze,
        freeze_hooks=args.freeze_hooks,
        idle=args.idle,
        max_instances=args.max_instances,
        on_timeout=args.on_timeout,
        price_per_cu=args.price_per_cu,
    )
    if args.event is not None and not args.invoke:  # bad input first, then the port
        from fc_lifecycle.errors import UserError

        raise UserError(_("--event: only with --invoke (it is the event sent)"))
    if not (args.project / "s.yaml").is_file():  # the project before the port
        from fc_lifecycle.errors import UserError

        raise UserError(
            _("run: no s.yaml in %(project)s (give a project folder)") % {"project": args.project}
        )
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
        raise argparse.ArgumentTypeError(
            _("must be a number of seconds above 0 (got %(text)r)") % {"text": text}
        )
    return value


def _price(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(
            _("must be a price in USD, 0 or more (got %(text)r)") % {"text": text}
        )
    return value


def _attempts(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            _("must be a whole number, at least 1 (got %(text)r)") % {"text": text}
        )
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
            other = f"{listen[0]}:{listen[1] + 1 if listen[1] < 65535 else 8081}"
            # Most people start it with make run, where --listen goes through ARGS.
            raise FcLifecycleError(
                _(
                    "--listen %(where)s: cannot listen there (%(reason)s); stop what uses it"
                    ' or pick another port: --listen %(other)s, or make run ARGS="--listen'
                    ' %(other)s"'
                )
                % {"where": where, "reason": error.strerror or error, "other": other}
            ) from None


def _listen(value: str) -> tuple[str, int]:
    from fc_lifecycle.errors import UserError

    host, _colon, port = value.rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UserError(_("--listen %(value)s: must be PORT or HOST:PORT") % {"value": value})
    return host or "127.0.0.1", int(port)
