"""The benchmarks' arithmetic, as units: the order of the rounds and the figures of a
comparison. The quick run (tests/test_benchmarks.py) runs one round of each benchmark, so
the paths that need two or more rounds are checked here, with known samples."""

from __future__ import annotations

from conftest import ROOT
from helpers.modules import load_module

timing = load_module(ROOT / "benchmarks" / "timing.py", "timing")


def test_every_other_round_runs_in_reverse_order():
    calls = []
    runs = {name: (lambda name=name: calls.append(name) or float(len(calls))) for name in "ab"}
    samples = timing.alternate(runs, 3)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert samples == {"a": [1.0, 4.0, 5.0], "b": [2.0, 3.0, 6.0]}


def test_a_ratio_is_of_medians_and_its_range_of_the_rounds_pairs():
    compared = timing.Comparison("x", "ms", ours=[2.0, 3.0, 9.0], reference=[1.0, 2.0, 3.0])
    assert compared.value == 1.5
    assert compared.spread == (1.5, 3.0)
    assert compared.to_json()["min"] == 1.5 and compared.to_json()["max"] == 3.0


def test_a_difference_is_of_medians_and_its_range_of_the_rounds_differences():
    rounds = [([5.0, 7.0], [1.0, 1.0]), ([4.0, 4.0], [2.0, 4.0])]
    ours = [v for a, _ in rounds for v in a]
    reference = [v for _, b in rounds for v in b]
    compared = timing.Comparison("x", "ms", ours, reference, kind="difference", rounds=rounds)
    assert compared.value == 4.5 - 1.5
    assert compared.spread == (1.0, 5.0)


def test_a_target_is_met_on_the_side_it_names():
    slower = timing.Comparison("x", "ms", ours=[2.0], reference=[1.0], limit=1.5)
    faster = timing.Comparison("x", "req/s", [2.0], [1.0], limit=1.5, higher_is_better=True)
    assert (slower.met, faster.met) == (False, True)
    assert timing.Comparison("x", "ms", [1.0], [1.0]).met is None
