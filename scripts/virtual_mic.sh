#!/usr/bin/env bash
# A real PulseAudio virtual microphone for tests and demos (no sound card needed).
#   eval "$(bash scripts/virtual_mic.sh start)"   start it; prints the variables to export
#   bash scripts/virtual_mic.sh stop              stop it
#   bash scripts/virtual_mic.sh env               print the variables again
#
# Two null sinks: `speaker` (the program's playback goes there, never into the mic) and
# `vmic`, whose monitor is the default source: `paplay -d vmic answer.wav` is somebody
# speaking into the microphone. A loopback keeps the sinks rendering in small blocks, so a
# new recording stream gets its first audio at once instead of up to 2 s late.
set -euo pipefail

dir=${MOCKINTERVIEW_PULSE_DIR:-/tmp/mockinterview-pulse-$(id -u)}
pidfile=$dir/daemon.pid

print_env() {
  echo "export XDG_RUNTIME_DIR=$dir"
  echo "export PULSE_SERVER=unix:$dir/pulse/native"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

start() {
  if running; then print_env; return; fi
  command -v pulseaudio >/dev/null || {
    echo "virtual_mic: pulseaudio is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)" >&2
    exit 1
  }
  mkdir -p "$dir" && chmod 700 "$dir"
  cat > "$dir/vmic.pa" <<PA
load-module module-native-protocol-unix auth-anonymous=1
load-module module-null-sink sink_name=speaker rate=16000 channels=1
load-module module-null-sink sink_name=vmic rate=16000 channels=1
load-module module-loopback source=vmic.monitor sink=speaker latency_msec=20
set-default-sink speaker
set-default-source vmic.monitor
PA
  export XDG_RUNTIME_DIR=$dir PULSE_SERVER=unix:$dir/pulse/native
  nohup pulseaudio -n -F "$dir/vmic.pa" --daemonize=no --exit-idle-time=-1 \
    --disallow-exit --log-target=file:"$dir/daemon.log" >/dev/null 2>&1 &
  echo $! > "$pidfile"
  # Ready when the socket answers and the microphone delivers audio.
  for _ in $(seq 1 100); do
    if pactl info >/dev/null 2>&1 && \
       [ "$(timeout 1 parec -d vmic.monitor --raw 2>/dev/null | head -c 3200 | wc -c)" -ge 3200 ]; then
      print_env
      return
    fi
    sleep 0.1
  done
  echo "virtual_mic: PulseAudio did not start; see $dir/daemon.log" >&2
  exit 1
}

stop() {
  if running; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 1 50); do running || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
