#!/usr/bin/env bash
# Cold-start benchmark of the detect function: JVM start -> first EventBridge event handled by the
# real DetectHandler (production wiring from environment variables) against local emulators
# (DynamoDB Local, fauxqs, WireMock). Not a test: nothing in the Maven build runs it.
#
#   aws-function/bench/coldstart.sh [--runs N] [--variants a,b,c,d]
#
# See aws-function/bench/README.md for what is and is not measured.
set -euo pipefail

RUNS=7
VARIANTS="a,b,c,d"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(dirname "$HERE")"
REPO="$(dirname "$MODULE")"
TARGET="$MODULE/target"
WORK="$TARGET/bench"
JAR="$TARGET/runwatch-aws-function.jar"
EVENT_TEMPLATE="$REPO/core/src/test/resources/events/aws/eventbridge-api-call-sendcommand.json"

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
"$JAVA" -version 2>&1 | head -1 | grep -Eq '"(2[1-9]|[3-9][0-9])' \
  || { echo "JAVA_HOME must be a JDK 21 or later: $JAVA_HOME" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for fauxqs" >&2; exit 1; }

# ---- build what is missing

cd "$REPO"
if [[ ! -f "$JAR" || ! -f "$TARGET/test-classes/io/runwatch/aws/bench/FirstEvent.class" ]]; then
  echo "building aws-function (jar and test classes)..."
  ./mvnw -B -ntp -q -pl aws-function -am package -DskipTests
fi
CLASSPATH_FILE="$WORK/emulators.classpath"
mkdir -p "$WORK"
if [[ ! -s "$CLASSPATH_FILE" || "$MODULE/pom.xml" -nt "$CLASSPATH_FILE" ]]; then
  echo "resolving the test classpath for the emulators..."
  ./mvnw -B -ntp -q -pl aws-function -am dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/deps.classpath" >/dev/null
  # This worktree's own modules, not whatever snapshot the local repository holds.
  deps="$(tr ':' '\n' <"$WORK/deps.classpath" | grep -v '/io/runwatch/' | paste -sd: -)"
  echo "$TARGET/test-classes:$TARGET/classes:$REPO/core/target/classes:$REPO/core/target/test-classes:$deps" \
    >"$CLASSPATH_FILE"
fi

# Only FirstEvent (one class, no nested ones) joins the measured JVM's classpath, in a jar of its
# own: the rest of test-classes must not shadow or add anything, and CDS/AOT archives accept jars
# only on the classpath (no non-empty directories).
BENCH_CLASSES="$WORK/classes"
rm -rf "$BENCH_CLASSES"
mkdir -p "$BENCH_CLASSES/io/runwatch/aws/bench"
cp "$TARGET/test-classes/io/runwatch/aws/bench/FirstEvent.class" "$BENCH_CLASSES/io/runwatch/aws/bench/"
"$JAVA_HOME/bin/jar" --create --file "$WORK/first-event.jar" -C "$BENCH_CLASSES" .
CP="$JAR:$WORK/first-event.jar"

# ---- emulators

ENV_FILE="$WORK/emulators.env"
EMU_LOG="$WORK/emulators.log"
rm -f "$ENV_FILE"
exec 3> >(exec "$JAVA" -Xshare:auto -Dsqlite4java.library.path="$TARGET/native-libs" \
  -Drunwatch.tools="$REPO/tools/node" -cp "$(cat "$CLASSPATH_FILE")" \
  io.runwatch.aws.bench.Emulators "$ENV_FILE" >"$EMU_LOG" 2>&1)
EMU_PID=$!

stop_emulators() {
  exec 3>&- || true # stdin closes: Emulators prints what it saw and stops
  for _ in $(seq 1 50); do
    kill -0 "$EMU_PID" 2>/dev/null || return 0
    sleep 0.2
  done
  kill "$EMU_PID" 2>/dev/null || true
}
cleanup() { stop_emulators; }
trap cleanup EXIT

for _ in $(seq 1 300); do
  [[ -f "$ENV_FILE" ]] && break
  kill -0 "$EMU_PID" 2>/dev/null || { echo "emulators exited:" >&2; cat "$EMU_LOG" >&2; exit 1; }
  sleep 0.2
done
[[ -f "$ENV_FILE" ]] || { echo "emulators not ready after 60 s" >&2; cat "$EMU_LOG" >&2; exit 1; }

# The function's environment: exactly the env file, plus what any process needs.
declare -a FUNCTION_ENV=(PATH="$PATH" HOME="$WORK/home" LANG=C.UTF-8 TZ=UTC)
while IFS= read -r line; do
  [[ "$line" == BENCH_* ]] || FUNCTION_ENV+=("$line")
done <"$ENV_FILE"
mkdir -p "$WORK/home" # no ~/.aws: as in Lambda
WIREMOCK="$(grep '^BENCH_WIREMOCK_URL=' "$ENV_FILE" | cut -d= -f2-)"

# ---- one run

# A fresh event: new ids, a new command id and account (so it is no duplicate and starts from an
# empty baseline, the same work every run), sent 30 s ago (its window is open).
fresh_event() {
  local out="$1" sent account
  sent="$(date -u -d '-30 seconds' +%Y-%m-%dT%H:%M:%SZ)"
  account="$(printf '%012d' $(((RANDOM << 30 | RANDOM << 15 | RANDOM) % 1000000000000)))"
  sed -e "s/6d4e1c3a-9d5b-4b0e-a0c6-2a7c3f1e9b11/$(cat /proc/sys/kernel/random/uuid)/" \
    -e "s/ceaea85a-6db9-4595-9842-d904fce2f047/$(cat /proc/sys/kernel/random/uuid)/" \
    -e "s/c41499e3-c04c-48e7-9da9-ef63d0868553/$(cat /proc/sys/kernel/random/uuid)/" \
    -e "s/f49a1fe5-d12b-4ac0-98bc-0e4bd83d70c0/$(cat /proc/sys/kernel/random/uuid)/" \
    -e "s/2025-02-19T16:32:39Z/$sent/g" \
    -e "s/111122223333/$account/g" \
    "$EVENT_TEMPLATE" >"$out"
}

wiremock_count() { # $1: X-Amz-Target, or "ec2" for the query protocol
  local pattern
  if [[ "$1" == ec2 ]]; then
    pattern='{"method":"POST","url":"/","bodyPatterns":[{"contains":"Action=DescribeInstances"}]}'
  else
    pattern="{\"method\":\"POST\",\"url\":\"/\",\"headers\":{\"X-Amz-Target\":{\"equalTo\":\"$1\"}}}"
  fi
  curl -sf -X POST "$WIREMOCK/__admin/requests/count" -d "$pattern" | jq -r .count
}

# run <variant> <n> <flags...>: prints "ms rssMB ok pollWaitMs"
run() {
  local variant="$1" n="$2"
  shift 2
  local dir="$WORK/runs/$variant-$n"
  mkdir -p "$dir"
  fresh_event "$dir/event.json"
  curl -sf -X DELETE "$WIREMOCK/__admin/requests" >/dev/null
  local -a extra=()
  # The unmeasured warm-up run logs where its classes came from (the archives in use, or not).
  [[ "$n" != 0 ]] || extra=(-Xlog:class+load=info:file="$dir/classes.txt")
  local start
  start="$(date +%s%3N)"
  env -i "${FUNCTION_ENV[@]}" /usr/bin/time -f %M -o "$dir/rss" \
    "$JAVA" "$@" "${extra[@]}" -cp "$CP" io.runwatch.aws.bench.FirstEvent "$dir/event.json" \
    >"$dir/stdout" 2>"$dir/stderr" || true
  local handled ms rss ok response ssm starts polls ec2
  handled="$(sed -n 's/^handledAtMillis=//p' "$dir/stdout")"
  response="$(sed -n 's/^response=//p' "$dir/stdout")"
  rss="$(tail -1 "$dir/rss")"
  ssm="$(wiremock_count AmazonSSM.ListCommands)"
  starts="$(wiremock_count Logs_20140328.StartQuery)"
  polls="$(wiremock_count Logs_20140328.GetQueryResults)"
  ec2="$(wiremock_count ec2)"
  ok=no
  if [[ -n "$handled" && -n "$response" ]] \
    && jq -e '.commands == 1 and .poison == false and .duplicate == false and .notified >= 0
              and .telemetryFailures == 0 and .contentUnknown == 0 and .pendingAdded == 1' \
      <<<"$response" >/dev/null \
    && [[ "$ssm" == 1 && "$starts" == 0 ]]; then
    # The command's window is open: the first look fetches the content and waits for telemetry
    # (pending), so Logs Insights is not asked; the re-check does that, off the SOC's path.
    ok=yes
  fi
  if [[ -n "$handled" ]]; then ms=$((handled - start)); else ms=-1; fi
  # Each Logs Insights query waits LogsInsightsSettings' first poll (500 ms) before its one
  # GetQueryResults (the stub answers Complete at once): deliberate waiting, not start-up.
  echo "$ms $((rss / 1024)) $ok $((polls * 500)) notified=$(jq -r .notified <<<"$response" 2>/dev/null) ssm=$ssm queries=$starts polls=$polls ec2=$ec2" \
    | tee -a "$WORK/runs.log" >"$dir/result"
  cat "$dir/result"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

BASE=(-XX:+UseSerialGC -XX:MaxRAM=256m)
C1=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
flags_for() {
  case "$1" in
    a) echo "${BASE[*]}" ;;
    b) echo "${BASE[*]} ${C1[*]}" ;;
    c) echo "${BASE[*]} ${C1[*]} -XX:SharedArchiveFile=$WORK/app-cds.jsa -Xshare:auto" ;;
    d) echo "${BASE[*]} ${C1[*]} -XX:AOTCache=$WORK/app.aot" ;;
  esac
}
describe() {
  case "$1" in
    a) echo "a: serial GC, MaxRAM=256m" ;;
    b) echo "b: a + TieredStopAtLevel=1 (Lambda java21 default)" ;;
    c) echo "c: b + AppCDS archive (dynamic, from a training run)" ;;
    d) echo "d: b + JDK 25 AOT cache (from a training run)" ;;
  esac
}

# ---- training runs for the archives (their own fresh events; not measured)

train() {
  local kind="$1" dir="$WORK/runs/train-$1"
  mkdir -p "$dir"
  fresh_event "$dir/event.json"
  case "$kind" in
    c) rm -f "$WORK/app-cds.jsa"
      env -i "${FUNCTION_ENV[@]}" "$JAVA" "${BASE[@]}" "${C1[@]}" \
        -XX:ArchiveClassesAtExit="$WORK/app-cds.jsa" -cp "$CP" \
        io.runwatch.aws.bench.FirstEvent "$dir/event.json" >"$dir/stdout" 2>"$dir/stderr"
      [[ -s "$WORK/app-cds.jsa" ]] ;;
    d) rm -f "$WORK/app.aot"
      env -i "${FUNCTION_ENV[@]}" "$JAVA" "${BASE[@]}" "${C1[@]}" \
        -XX:AOTCacheOutput="$WORK/app.aot" -cp "$CP" \
        io.runwatch.aws.bench.FirstEvent "$dir/event.json" >"$dir/stdout" 2>"$dir/stderr"
      [[ -s "$WORK/app.aot" ]] ;;
  esac
}

: >"$WORK/runs.log"
rm -rf "$WORK/runs" "$WORK"/variant-*
"$JAVA" -version 2>&1 | head -1
echo "runs per variant: $RUNS; cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a ACTIVE=()
for v in ${VARIANTS//,/ }; do
  if [[ "$v" == c || "$v" == d ]] && ! train "$v"; then
    echo "variant $v: training run failed (see $WORK/runs/train-$v/stderr); skipped" >&2
    continue
  fi
  ACTIVE+=("$v")
  : >"$WORK/variant-$v"
  read -r -a flags <<<"$(flags_for "$v")"
  # One unmeasured run first: the page cache holds the jar, the JDK and the archive.
  run "$v" 0 "${flags[@]}" >/dev/null
  echo "$v: $(grep -c . "$WORK/runs/$v-0/classes.txt") classes loaded," \
    "$(grep -c 'source: shared objects file' "$WORK/runs/$v-0/classes.txt" || true) of them from CDS/AOT archives"
done
# Round robin, so a change in the machine's load (it is shared) hits every variant alike.
for n in $(seq 1 "$RUNS"); do
  for v in "${ACTIVE[@]}"; do
    read -r -a flags <<<"$(flags_for "$v")"
    echo -n "$v run $n: "
    run "$v" "$n" "${flags[@]}" | tee -a "$WORK/variant-$v"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -a ROWS=()
for v in ${VARIANTS//,/ }; do
  if [[ ! -f "$WORK/variant-$v" ]] || ! printf '%s\n' "${ACTIVE[@]}" | grep -qx "$v"; then
    ROWS+=("$(describe "$v")|training failed||||||")
    continue
  fi
  okRuns="$(awk '$3 == "yes"' "$WORK/variant-$v")"
  count=0
  [[ -z "$okRuns" ]] || count="$(grep -c . <<<"$okRuns")"
  ROWS+=("$(describe "$v")|$(awk '{print $1}' <<<"$okRuns" | median)|$(awk '{print $1 - $4}' <<<"$okRuns" | median)|$(awk '{print $1}' <<<"$okRuns" | sort -n | head -1)|$(awk '{print $1}' <<<"$okRuns" | sort -n | tail -1)|$(awk '{print $2}' <<<"$okRuns" | median)|$count/$RUNS")
done

echo
echo "JVM start -> first event handled ($("$JAVA" -version 2>&1 | head -1); runs that failed do not count)"
printf '%-52s | %9s | %12s | %6s | %6s | %8s | %s\n' variant "median ms" "minus polls" "min" "max" "RSS MB" "handled"
for row in "${ROWS[@]}"; do
  IFS='|' read -r name med net min max rss ok <<<"$row"
  printf '%-52s | %9s | %12s | %6s | %6s | %8s | %s\n' "$name" "$med" "$net" "$min" "$max" "$rss" "$ok"
done
stop_emulators
grep '^emulators saw' "$EMU_LOG" || true
echo "'minus polls': the median without the Logs Insights first-poll waits (500 ms per query, by design)."
echo "flags: base = ${BASE[*]}; C1 = ${C1[*]}"
echo "per-run details: $WORK/runs.log, $WORK/runs/"
