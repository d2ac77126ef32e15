"""FC's two marker lines per request, written as the least FC-compliant app writes them.

Only with ``BARE_MARKERS=1`` (``apps.bare_with_markers``): then each bare app is what FC's
log contract asks at the minimum (fc-facts 5.5: ``FC Invoke Start/End RequestId`` lines are
required), each line in one write, flushed, as FC's sample prints them in its views.
"""

import os
import sys

ON = os.environ.get("BARE_MARKERS") == "1"


def write(phase: str, rid: str) -> None:
    """Write ``FC Invoke <phase> RequestId: <rid>`` when markers are on."""
    if ON:
        stream = sys.stdout
        stream.write(f"FC Invoke {phase} RequestId: {rid}\n")
        stream.flush()
