"""The generated ``fc_support/logs.py`` masking, fuzzed: no secret in any form, no forged
marker line, whatever the text around it. logs.py is plain Python (no template code), so
it is loaded from the template as it is."""

from __future__ import annotations

import contextlib
import io
import threading
from urllib.parse import quote, quote_plus

import pytest
from conftest import ROOT
from helpers.modules import load_module
from hypothesis import given, settings
from hypothesis import strategies as st

SOURCE = ROOT / "{{cookiecutter.__project_dir}}" / "code" / "fc_support" / "logs.py"
# What STS tokens and AccessKey secrets are made of, '%' and '*' too (masking must not
# join text into a secret), and the text around them: any characters, line breaks too.
SECRET = st.text(alphabet="ABCDEFabcdef0123456789+/=-_.~%* ", min_size=4, max_size=40)
TEXT = st.text(max_size=60)
FORMS = (str, quote, quote_plus, lambda s: quote(s, safe=""))
FUZZ = settings(max_examples=300, derandomize=True, deadline=None)


@pytest.fixture(scope="module")
def logs():
    return load_module(SOURCE, "fc30_logs")


def every_form(secret: str) -> set[str]:
    return {form(secret) for form in FORMS} | {quote(secret, safe="").lower()}


@FUZZ
@given(secret=SECRET, before=TEXT, after=TEXT, form=st.sampled_from(FORMS))
def test_no_form_of_a_secret_survives(logs, secret, before, after, form):
    masked = logs.redact(before + form(secret) + after, (secret,))
    assert [f for f in every_form(secret) if f in masked] == []


@FUZZ
@given(secret=SECRET, pieces=st.lists(TEXT, max_size=5))
def test_the_masked_stream_forges_no_marker_and_shows_no_secret(logs, secret, pieces):
    sink = io.StringIO()
    stream = logs.MaskedStream(sink)
    header = {"x-fc-security-token": secret}.get
    logs.CURRENT.set(("rid", lambda name: header(name, "")))
    for piece in pieces:
        stream.write(piece + "\nFC Invoke End RequestId: forged " + secret)
    lines = sink.getvalue().split("\n")
    assert not [line for line in lines if line.startswith("FC ")]
    assert secret not in sink.getvalue()


def written_in_pieces(logs, text: str, cuts: list[int], flushes: bool) -> str:
    """``text`` written to a masking stream in pieces cut at ``cuts`` (a flush after each
    piece if ``flushes``), then its line ended as before a marker line: what came out."""
    sink = io.StringIO()
    stream = logs.MaskedStream(sink)
    bounds = [0, *sorted(c % (len(text) + 1) for c in cuts), len(text)]
    for start, end in zip(bounds, bounds[1:]):
        stream.write(text[start:end])
        if flushes:
            stream.flush()
    stream.end_line()
    return sink.getvalue()


@FUZZ
@given(
    secret=SECRET,
    pieces=st.lists(TEXT, max_size=4),
    cuts=st.lists(st.integers(0, 999)),
    limit=st.sampled_from([8, 64 * 1024]),
)
def test_a_secret_written_in_pieces_is_masked(logs, secret, pieces, cuts, limit):
    """``write("tok"); write("en")``: the line is masked once it is whole; a line longer
    than the stream holds is written in parts, none ending inside a secret."""
    header = {"x-fc-security-token": secret}.get
    logs.CURRENT.set(("rid", lambda name: header(name, "")))
    text = "".join(piece + " " + secret + "\n" for piece in pieces) + secret
    held, logs.HOLD_LIMIT = logs.HOLD_LIMIT, limit
    try:
        written = written_in_pieces(logs, text, cuts, flushes=False)
    finally:
        logs.HOLD_LIMIT = held
    assert secret not in written
    lines = logs.redact(text, (secret,)).split("\n")  # nothing lost, nothing added:
    assert written.split("\n")[:-1] == [" " + x if x.startswith("FC ") else x for x in lines]


@FUZZ
@given(pieces=st.lists(TEXT, max_size=4), cuts=st.lists(st.integers(0, 999)), flushes=st.booleans())
def test_a_marker_written_in_pieces_is_shifted(logs, pieces, cuts, flushes):
    """``print("FC", "Invoke End ...")`` writes "FC" on its own: still no marker line, even
    with a flush after every piece."""
    logs.CURRENT.set(logs.NO_REQUEST)
    text = "".join(piece + "\nFC Invoke End RequestId: forged\n" for piece in pieces) + "FC"
    lines = written_in_pieces(logs, text, cuts, flushes).split("\n")
    assert not [line for line in lines if line.startswith("FC ")]


def test_a_line_printed_without_its_end_comes_before_the_marker_line(logs, monkeypatch):
    """A request that printed without a line break: its text is written and its line ended
    before FC's End line, which starts a line of its own."""
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    logs.CURRENT.set(logs.NO_REQUEST)
    logs.mask_output()
    logs.marker("Invoke", "Start", "r-1")
    print("progress", end="")
    print("...", end="")
    logs.marker("Invoke", "End", "r-1")
    assert out.getvalue().splitlines() == [
        "FC Invoke Start RequestId: r-1",
        "progress...",
        "FC Invoke End RequestId: r-1",
    ]


def test_a_signal_handler_writing_in_the_middle_of_a_write_goes_through(logs):
    """gunicorn's master logs from its SIGCHLD handler, which runs in the thread it
    interrupted, maybe inside a write: that write must not wait for itself."""
    handled: list[str] = []

    class Beneath(io.StringIO):
        def write(self, text: str) -> int:
            if not handled:  # the signal arrives here, once
                handled.append(text)
                stream.write("from the handler\n")
            return super().write(text)

    sink = Beneath()
    stream = logs.MaskedStream(sink)
    logs.CURRENT.set(logs.NO_REQUEST)
    writer = threading.Thread(target=print, args=("a line",), kwargs={"file": stream})
    writer.start()
    writer.join(timeout=5)
    assert not writer.is_alive(), "deadlocked"
    assert sink.getvalue() == "from the handler\na line\n"


@FUZZ
@given(secret=SECRET, message=TEXT)
def test_error_lines_forge_no_marker(logs, secret, message):
    with contextlib.redirect_stderr(io.StringIO()) as sink:
        logs.log_error("rid", message + "\nFC Invoke End RequestId: x\r\n" + secret, (secret,))
    written = sink.getvalue()
    assert not [line for line in written.split("\n") if line.startswith("FC ")]
    assert secret not in written


def test_print_is_masked_and_marker_lines_stay_whole(logs, monkeypatch):
    """After ``mask_output``, ``print`` goes through the masking stream on stdout, while
    ``marker`` and ``end_open`` write FC's lines beneath it, unshifted."""
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    header = {"x-fc-security-token": "tok-secret-1234"}.get
    logs.CURRENT.set(("rid", lambda name: header(name, "")))
    logs.mask_output()
    print("printed", "tok-secret-1234")
    print("FC Invoke End RequestId: forged")
    logs.marker("Invoke", "Start", "r-1")
    logs.end_open()
    assert out.getvalue().splitlines() == [
        "printed ***", " FC Invoke End RequestId: forged",
        "FC Invoke Start RequestId: r-1", "FC Invoke End RequestId: r-1",
    ]  # fmt: skip
