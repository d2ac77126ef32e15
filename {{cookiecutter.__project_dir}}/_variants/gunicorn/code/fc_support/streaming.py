"""The End line of a WSGI answer, written before the last piece of its body leaves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fc_support import logs


def ending_before_last_piece(body: Iterable[bytes], rid: str) -> Iterator[bytes]:
    """Yield ``body``, writing the End line before its last piece; then close ``body``.

    FC may freeze the instance once the answer is complete, so the End line is written
    while one piece is still held back. It is also written when the server stops sending
    (the client left) or the body fails.
    """
    ended = False
    try:
        pieces = iter(body)
        held = next(pieces, None)
        if held is not None:  # else the body is empty
            for piece in pieces:
                yield held
                held = piece
        ended = True
        logs.marker("Invoke", "End", rid)
        if held is not None:
            yield held
    finally:
        if not ended:
            logs.marker("Invoke", "End", rid)
        close = getattr(body, "close", None)
        if close is not None:
            close()
        logs.CURRENT.set(logs.NO_REQUEST)
