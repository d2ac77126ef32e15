"""One invocation's figures: duration, billed duration, memory, and what a million cost.

FC 3.0 bills pay-as-you-go usage in compute units (CU): each resource's usage times its
CU factor, times the price of a CU. Factors and price: docs/fc-facts.md ("The local
runner", billing), read 2026-12-06.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

CU_PER_10K_INVOCATIONS = 75.0
CU_PER_VCPU_SECOND = 1.0  # active vCPU
CU_PER_GB_SECOND = 0.15  # memory
PRICE_PER_CU_USD = 0.000020  # tier 1 (the first 100 million CU of a month), list price


@dataclass
class InvocationReport:
    """The report line of one invocation."""

    request_id: str
    instance: str
    status: int
    duration_ms: float
    billed_ms: int
    peak_memory_mb: float
    cost_per_million_usd: float
    note: str = ""

    def line(self) -> str:
        """The report as one line of the runner's output."""
        note = f" ({self.note})" if self.note else ""
        return (
            f"REPORT RequestId: {self.request_id} Instance: {self.instance}"
            f" Status: {self.status} Duration: {self.duration_ms:.1f} ms"
            f" Billed Duration: {self.billed_ms} ms"
            f" Peak Memory: {self.peak_memory_mb:.0f} MB"
            f" Cost of 1M: USD {self.cost_per_million_usd:.2f}{note}"
        )

    def to_dict(self) -> dict:
        """The report for --json."""
        return asdict(self)


def billed_ms(duration_ms: float) -> int:
    """FC bills execution by the millisecond, rounded up."""
    return max(1, math.ceil(duration_ms))


def cost_per_million(billed: int, cpu: float, memory_mb: int, price: float) -> float:
    """USD for a million invocations like this one, each alone on its instance.

    With instanceConcurrency above 1, FC bills the instance's active time once for the
    requests that overlap, so concurrent requests cost less than this.
    """
    seconds = billed / 1000
    per_call = (
        seconds * (cpu * CU_PER_VCPU_SECOND + memory_mb / 1024 * CU_PER_GB_SECOND)
        + CU_PER_10K_INVOCATIONS / 10_000
    )
    return per_call * 1_000_000 * price
