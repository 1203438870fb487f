#!/usr/bin/env bash
# Whole-process figures of the desktop app on a plan, in a real window under
# Xvfb with software OpenGL: the time from starting `convene` to the agenda
# drawn (its "New session" button painted), the peak memory by then, and the
# peak after a minute of use (every tab, a search, scrolling the agenda and
# the Check view three times over). Needs Xvfb, xdotool, ImageMagick and bc.
#
#   bash ui/testdata/measure-app.sh PLAN.convene [RUNS]   (from the repository root)
set -euo pipefail
plan=${1:?usage: measure-app.sh PLAN.convene [RUNS]}
runs=${2:-3}
work=$(mktemp -d)
display=:$((100 + RANDOM % 800))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() {
  [[ -n $app ]] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/convene" ./cmd/convene
sleep 1
export DISPLAY=$display LANG=en_GB.UTF-8 LIBGL_ALWAYS_SOFTWARE=1 HOME=$work/home

# drawn reports whether the agenda's "New session" button (a saturated
# blue) is painted at the top right of the default 1200×780 window.
drawn() {
  local c
  c=$(import -silent -window root -crop 1x1+1120+93 txt:- 2>/dev/null | tail -1 | grep -o 'srgb([0-9,]*)') || return 1
  [[ $c =~ srgb\(([0-9]+),([0-9]+),([0-9]+)\) ]] && ((BASH_REMATCH[1] < 120 && BASH_REMATCH[3] > 200))
}
peak() { awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$app/status"; }

for run in $(seq "$runs"); do
  rm -rf "$HOME" && mkdir -p "$HOME"
  cp "$plan" "$work/plan.convene" && chmod 600 "$work/plan.convene"
  start=$(date +%s.%N)
  "$work/convene" --db "$work/plan.convene" >"$work/app.log" 2>&1 &
  app=$!
  until drawn; do
    if (($(echo "$(date +%s.%N) - $start > 30" | bc))); then echo "run $run: not drawn within 30 s" >&2; exit 1; fi
  done
  echo "run $run: drawn after $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s, peak memory $(peak)"
  sleep 3
  echo "run $run: peak memory once settled $(peak)"
  for _ in 1 2 3; do
    for x in 27 92 165 235 325; do xdotool mousemove "$x" 50 click 1; sleep 0.7; done
    xdotool mousemove 92 50 click 1 key ctrl+f type --delay 80 "session 12"
    sleep 1
    xdotool key ctrl+a BackSpace mousemove 600 500 click --repeat 30 5
    xdotool mousemove 325 50 click 1 mousemove 600 500 click --repeat 30 5
    sleep 1
  done
  echo "run $run: peak memory after use $(peak)"
  kill "$app"
  wait "$app" 2>/dev/null || true
  app=
done
