#!/usr/bin/env bash
# Set up everything mockinterview needs on Debian/Ubuntu: system packages (when root or
# sudo is available), a virtual environment in .venv, and the package itself.
#   bash scripts/setup.sh          what a candidate needs to practise
#   bash scripts/setup.sh --test   also what the tests need (virtual microphone, browser)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
# eSpeak NG speaks the questions; PortAudio reaches the microphone and speakers.
packages=(espeak-ng libespeak-ng1 libportaudio2 alsa-utils)
# pyworld (the pitch tracker) ships no wheel for every Python: pip builds it (~40 s).
packages+=(g++ python3-dev)
if [ "$mode" = "--test" ]; then
  # PulseAudio null sinks make a real virtual microphone; Chromium opens the HTML report.
  packages+=(pulseaudio pulseaudio-utils libasound2-plugins chromium fonts-liberation sox)
  # Firefox opens the HTML report too (Debian's ESR package; Ubuntu has no firefox-esr).
  if grep -qx 'ID=debian' /etc/os-release 2>/dev/null; then packages+=(firefox-esr); fi
fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
  packages+=(python3-venv python3-pip)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else sudo=(none); fi
  if [ "${sudo[*]-}" = none ]; then
    echo "setup: please install these packages first (needs root): ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing system packages: ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  # With recommended packages: sox's format plugins and Chromium's fonts come that way, and
  # this is the set the tests were run with.
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtual environment .venv" >&2
  python3 -m venv .venv
fi
extras=""
[ "$mode" = "--test" ] && extras="[test]"
# Skip pip when this pyproject.toml is already installed (with the test extras, if asked).
hash=$(sha256sum pyproject.toml | cut -c1-16)
stamp=.venv/.installed-$hash${extras:+-test}
if [ ! -f "$stamp" ] && [ ! -f ".venv/.installed-$hash-test" ]; then
  echo "setup: installing mockinterview${extras} into .venv" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
  touch "$stamp"
fi
echo "setup: ready. The command is .venv/bin/mockinterview (see --help)" >&2
