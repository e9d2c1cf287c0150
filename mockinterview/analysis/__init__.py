"""The answer analyser: pure functions from a transcript (and audio facts) to findings.

The names below are imported on first use (PEP 562), so that importing one submodule (the
schema, say) does not load the whole analyser.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AnalysisResult", "Measures", "Tip", "analyse_answer", "measure"]

_HOME = {"AnalysisResult": "result", "Measures": "result", "Tip": "result",
         "analyse_answer": "analyse", "measure": "analyse"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        from importlib import import_module

        return getattr(import_module(f"mockinterview.analysis.{_HOME[name]}"), name)
    raise AttributeError(f"module 'mockinterview.analysis' has no attribute {name!r}")
