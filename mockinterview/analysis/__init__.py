"""The answer analyser: pure functions from a transcript (and audio facts) to findings."""

from mockinterview.analysis.analyse import analyse_answer, measure
from mockinterview.analysis.result import AnalysisResult, Measures, Tip

__all__ = ["AnalysisResult", "Measures", "Tip", "analyse_answer", "measure"]
