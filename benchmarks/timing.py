"""Alternate measurements (A B A B ...), summarise them, and compare pair by pair."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field


def alternate(runs: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    """Call each run once per round for ``repeats`` rounds; return the samples.

    Every other round runs in reverse order (A B, then B A), so neither side of a pair is
    always the one measured first (a machine warming up or settling would favour it).
    """
    samples: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs.items())
    for round_ in range(repeats):
        for name, run in reversed(order) if round_ % 2 else order:
            samples[name].append(run())
    return samples


@dataclass(frozen=True)
class Stat:
    """A median with the smallest and largest sample."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: list[float]) -> Stat:
        return cls(statistics.median(samples), min(samples), max(samples))


@dataclass
class Comparison:
    """Ours against a reference: the figure, its range over pairs, and the target.

    For a ratio the figure is median(ours) / median(reference) and the range spans the
    ratios of the pairs measured in the same round; for a difference, median(ours) minus
    median(reference) and the range spans the rounds' differences of medians.
    """

    name: str
    unit: str
    ours: list[float]
    reference: list[float]
    kind: str = "ratio"
    limit: float | None = None
    higher_is_better: bool = False
    rounds: list[tuple[list[float], list[float]]] = field(default_factory=list)
    note: str = ""

    @property
    def value(self) -> float:
        if self.kind == "ratio":
            return statistics.median(self.ours) / statistics.median(self.reference)
        return statistics.median(self.ours) - statistics.median(self.reference)

    @property
    def spread(self) -> tuple[float, float]:
        if self.kind == "ratio":
            pairs = [a / b for a, b in zip(self.ours, self.reference)]
        else:
            pairs = [statistics.median(a) - statistics.median(b) for a, b in self.rounds]
        return min(pairs), max(pairs)

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def to_json(self) -> dict:
        """Every raw sample, with the figures derived from them."""
        low, high = self.spread
        return {
            "name": self.name,
            "unit": self.unit,
            "kind": self.kind,
            "value": self.value,
            "min": low,
            "max": high,
            "target": self.limit,
            "higher_is_better": self.higher_is_better,
            "met": self.met,
            "ours": self.ours,
            "reference": self.reference,
            "note": self.note,
        }
