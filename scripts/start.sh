#!/usr/bin/env bash
# Quick start: set everything up, then start a spoken mock interview.
# Any arguments go to `mockinterview practice` (e.g. --questions 3); with --app first, the
# browser window instead (`mockinterview app`, the rest of the arguments go to it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = "--app" ]; then
  shift
  exec .venv/bin/mockinterview app "$@"
fi
exec .venv/bin/mockinterview practice "$@"
