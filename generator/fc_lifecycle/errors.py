"""The exceptions of fc-lifecycle; the CLI alone turns them into messages and exit codes."""

from fc_lifecycle.i18n import N_


class FcLifecycleError(Exception):
    """Root of every error fc-lifecycle raises on purpose."""

    exit_code = 1
    prefix = N_("error: ")  # the CLI prints it translated


class UserError(FcLifecycleError):
    """Bad input (an answer, a flag, a file): the text is one line, printed as is; exit 2."""

    exit_code = 2


class Aborted(FcLifecycleError):
    """The user pressed Ctrl-C (or the process got SIGTERM); exit 130."""

    exit_code = 130


class Declined(FcLifecycleError):
    """The user answered "no" when asked to go on: not an error, but nothing was done; exit 1."""

    exit_code = 1
    prefix = ""


class NeedsTerminal(UserError):
    """A question would be asked but standard input is not a terminal."""
