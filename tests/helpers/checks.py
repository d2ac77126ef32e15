"""Counting the in-process answer checks (each given answer is checked once)."""

from __future__ import annotations


def counted_checks(monkeypatch) -> list[str]:
    """Record every in-process rule check by question; the template's own check (its Jinja
    extension, which plain cookiecutter needs) is left out."""
    from fc_template import cookiecutter_ext, rules

    calls, real = [], rules.check
    monkeypatch.setattr(rules, "check", lambda name, *a: calls.append(name) or real(name, *a))
    monkeypatch.setattr(cookiecutter_ext, "check_context", lambda context: None)
    return calls
