"""How long each benchmark runs: the full run for people, the quick run for CI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Repetitions and durations; every benchmark runs in both modes, only shorter."""

    generation_repeats: int
    cli_repeats: int
    update_repeats: int
    cold_start_rounds: int
    load_rounds: int
    load_seconds: float
    warmup_seconds: float
    overhead_rounds: int
    overhead_pairs: int
    burst_rounds: int


FULL = Settings(
    generation_repeats=10,
    cli_repeats=20,
    update_repeats=10,
    cold_start_rounds=10,
    load_rounds=6,
    load_seconds=5.0,
    warmup_seconds=1.0,
    overhead_rounds=10,
    overhead_pairs=200,
    burst_rounds=20,
)
# One round of everything: the quick run checks that each benchmark runs and reports, not
# the figures (the arithmetic over several rounds is tests/test_benchmark_timing.py's).
QUICK = Settings(
    generation_repeats=1,
    cli_repeats=1,
    update_repeats=1,
    cold_start_rounds=1,
    load_rounds=1,
    load_seconds=0.2,
    warmup_seconds=0.0,
    overhead_rounds=1,
    overhead_pairs=20,
    burst_rounds=1,
)
