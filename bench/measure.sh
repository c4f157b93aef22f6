# Sourced by the benchmark scripts: `measure LABEL COMMAND...` runs COMMAND $RUNS times under /usr/bin/time,
# printing each run's wall time and peak RSS, then the median. Needs W (the work folder) and RUNS.
measure() {
  local label=$1; shift
  local all=()
  for i in $(seq "$RUNS"); do
    sync; sleep 1   # let the previous run's output reach the disk first
    /usr/bin/time -f "%e %M" -o "$W/time.txt" "$@" >/dev/null 2>"$W/stderr.txt" || { cat "$W/stderr.txt"; exit 1; }
    read -r secs kb < "$W/time.txt"
    all+=("$secs")
    printf '%-66s run %d: %6.2f s  peak RSS %7.1f MB\n' "$label" "$i" "$secs" "$(echo "$kb/1024" | bc -l)"
  done
  printf '%-66s median: %6.2f s\n' "$label" "$(printf '%s\n' "${all[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
}
