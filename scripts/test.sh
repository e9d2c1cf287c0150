#!/usr/bin/env bash
# Set everything up, start the PulseAudio virtual microphone, and run the test suite.
# Any arguments go to pytest (e.g. -k bank).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
eval "$(bash scripts/virtual_mic.sh start)"
trap 'bash scripts/virtual_mic.sh stop' EXIT
# The real virtual microphone, Vosk model and browser are required here, not optional:
# a missing one fails the run instead of skipping its tests.
export MOCKINTERVIEW_REQUIRE_REAL=1
.venv/bin/python -m pytest "$@"
