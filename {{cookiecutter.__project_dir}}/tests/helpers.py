"""Values and checks the tests share."""

from __future__ import annotations

SECRET_HEADERS = {
    "x-fc-access-key-id": "STS.MARKER-KEY-ID-4f1d",
    "x-fc-access-key-secret": "MARKER-KEY-SECRET-9b7e",
    "x-fc-security-token": "MARKER-TOKEN-2c8a",
}
SECRET_ENV = {
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.MARKER-ENV-ID-77aa",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "MARKER-ENV-SECRET-31c0",
    "ALIBABA_CLOUD_SECURITY_TOKEN": "MARKER-ENV-TOKEN-e5d2",
}
SECRETS = [*SECRET_HEADERS.values(), *SECRET_ENV.values()]


def markers(output: str, event: str, request_id: str) -> list[str]:
    """Return FC's Start/End marker lines for one request, in the order they appear."""
    wanted = {f"FC {event} {phase} RequestId: {request_id}" for phase in ("Start", "End")}
    return [line for line in output.splitlines() if line in wanted]


def assert_markers(output: str, event: str, request_id: str) -> None:
    """Assert the Start line, then the End line, each on a line of its own."""
    assert markers(output, event, request_id) == [
        f"FC {event} Start RequestId: {request_id}",
        f"FC {event} End RequestId: {request_id}",
    ]


def assert_no_secret(*texts: str) -> None:
    """Assert that no credential value appears in any of ``texts``."""
    for secret in SECRETS:
        for text in texts:
            assert secret not in text


def body_text(response) -> str:
    """The body of a test client's answer (Flask calls it ``data``, the others ``content``)."""
    data = getattr(response, "content", None)
    return (response.data if data is None else data).decode(errors="replace")
