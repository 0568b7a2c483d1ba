#!/usr/bin/env bash
# Cold start to the first shown window: AE Capture's app image against a bare JavaFX window packaged
# the same way (same runtime modules, same JVM options), alternating runs, medians. Needs a display
# (e.g. Xvfb :99), xdotool, and the app image from installer/build.sh app-image.
#   DISPLAY=:99 installer/startup/measure.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
out=target/installer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the bare window, packaged like the application (see installer/build.sh)
mkdir -p "$work/classes" "$work/input"
javac -d "$work/classes" --module-path "$out/javafx" --add-modules javafx.controls installer/startup/BareWindow.java
jar --create --file "$work/input/bare.jar" -C "$work/classes" .
jpackage --type app-image --dest "$work" --name bare --input "$work/input" --main-jar bare.jar \
  --main-class 'BareWindow$Launcher' --module-path "$out/javafx" \
  --add-modules javafx.controls,java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.security.jgss,java.sql,java.xml,java.xml.crypto,jdk.jfr,jdk.unsupported,jdk.zipfs \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --generate-cds-archive"

# milliseconds from launch until a visible window with this title exists
time_to_window() {
  local title=$1; shift
  local start now
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 &
  local pid=$!
  until xdotool search --onlyvisible --name "$title" >/dev/null 2>&1; do
    if (( ($(date +%s%N) - start) / 1000000000 > 60 )); then   # no window in a minute: no display, or a start that failed
      kill "$pid" 2>/dev/null
      echo "no window titled '$title' within 60 s" >&2
      return 1
    fi
    sleep 0.01
  done
  now=$(date +%s%N)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  echo $(( (now - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

AECAPTURE_PASSWORD=start-up-measure-only "$out/aecapture/bin/aecapture" init --db "$work/startup.db" --admin measurer >/dev/null
app=(); bare=()
for i in $(seq "$runs"); do
  bare+=("$(time_to_window "Bare Window" "$work/bare/bin/bare")")
  app+=("$(time_to_window "AE Capture" "$out/aecapture/bin/aecapture" --db "$work/startup.db")")
done
app_median=$(printf '%s\n' "${app[@]}" | median)
bare_median=$(printf '%s\n' "${bare[@]}" | median)
echo "bare JavaFX window, ms: ${bare[*]}  (median $bare_median)"
echo "AE Capture,        ms: ${app[*]}  (median $app_median)"
awk -v a="$app_median" -v b="$bare_median" 'BEGIN {printf "ratio %.2f (goal: at most 1.15)\n", a / b}'
