"""The adapters the interview is given have every member of its protocols."""

from __future__ import annotations

import pytest

from mockinterview.interview import Recogniser, Screen, Voice


def members(protocol: type) -> set[str]:
    return {n for n in vars(protocol) if not n.startswith("_")}


@pytest.mark.parametrize("protocol, adapter", [
    (Screen, "mockinterview.console:TerminalScreen"),
    (Screen, "mockinterview.webapp.screen:WebScreen"),
    (Recogniser, "mockinterview.speech.asr:StreamingRecogniser"),
    (Voice, "mockinterview.commands.practice:InterviewerVoice"),
    (Voice, "mockinterview.commands.practice:SilentVoice"),
])
def test_the_real_adapters_implement_the_interview_protocols(protocol, adapter):
    import importlib

    module, name = adapter.split(":")
    cls = getattr(importlib.import_module(module), name)
    assert members(protocol) and not [m for m in members(protocol) if not hasattr(cls, m)]
