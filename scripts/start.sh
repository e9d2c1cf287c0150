#!/usr/bin/env bash
# Quick start: set everything up, then start a spoken mock interview.
# Any arguments go to `mockinterview practice` (e.g. --questions 3).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/mockinterview practice "$@"
