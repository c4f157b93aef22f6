# Sourced by every benchmark script, after it has `cd`-ed to the repository root and set W (the work folder) and RUNS.
#
# measure LABEL COMMAND...   runs COMMAND $RUNS times under /usr/bin/time and prints, for each run, the wall time,
#                            user and system time and peak RSS; then the median wall time. A failing run prints its
#                            stderr and stops the script. Set for one call (`VAR=... measure ...`) or for the script:
#   CLEAN=FILE     removed before each run and after the last (an output that must not be reused)
#   SHOW_STDOUT=1  the run's stdout (first 80 characters) after its figures
#   STEP_RE=REGEX  the program reports a step's own time as "REGEX N s" on stdout or stderr: printed, with its median
#   PAUSE=N        seconds to wait after `sync` before each run (default 1)
# ensure_incidents ROWS      makes bench/work's names_ROWS.csv and coords_ROWS.csv when missing (bench/gen_incidents.py).
# BIN                        the release binary, built on sourcing.

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
  local label=$1; shift
  local all=() inner=() step=""
  for i in $(seq "$RUNS"); do
    [ -n "${CLEAN:-}" ] && rm -f "$CLEAN"
    sync; sleep "${PAUSE:-1}"   # let the previous run's output reach the disk first
    /usr/bin/time -f "%e %M %U %S" -o "$W/time.txt" "$@" >"$W/stdout.txt" 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
    read -r secs kb user sys < "$W/time.txt"
    all+=("$secs")
    if [ -n "${STEP_RE:-}" ]; then
      step=$(grep -ohE "$STEP_RE [0-9.]+ s" "$W/stdout.txt" "$W/stderr.txt" | grep -oE '[0-9.]+ s$' | head -1 | cut -d' ' -f1 || true)
      [ -n "$step" ] && inner+=("$step")
    fi
    printf '%-66s run %d: %6.2f s (user %5.2f, sys %5.2f)  peak RSS %7.1f MiB%s%s\n' "$label" "$i" "$secs" "$user" "$sys" \
      "$(echo "$kb/1024" | bc -l)" "${step:+  step $step s}" \
      "$([ -n "${SHOW_STDOUT:-}" ] && printf '  %s' "$(tr '\n' ' ' < "$W/stdout.txt" | cut -c1-80)")"
  done
  printf '%-66s median: %6.2f s%s\n' "$label" "$(printf '%s\n' "${all[@]}" | median)" \
    "$([ ${#inner[@]} -gt 0 ] && printf '  (step alone: %s s)' "$(printf '%s\n' "${inner[@]}" | median)")"
  [ -n "${CLEAN:-}" ] && rm -f "$CLEAN"
  return 0
}

ensure_incidents() {
  local rows=$1
  [ -f "$W/names_$rows.csv" ] || python3 bench/gen_incidents.py "$rows" "$W/names_$rows.csv" "$W/coords_$rows.csv" \
    ../shared/data/gazetteer/balochistan_geonames.txt
}

mkdir -p "$W"
cargo build --release -q --bin incident-mapper
BIN=target/release/incident-mapper
