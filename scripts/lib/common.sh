# Shared helpers for the scripts in scripts/. Source it; it sets ROOT to the repository root.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="$ROOT/.local-aws"
# Scripts write their build logs and state here from their first line on, so it exists from the start.
mkdir -p "$STATE_DIR"

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

require_tools() {
  command -v java >/dev/null || die "Java 17 or newer is required (java not found on PATH)"
  command -v mvn >/dev/null || die "Maven is required (mvn not found on PATH)"
  command -v python3 >/dev/null || die "Python 3 is required (python3 not found on PATH)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [ "${major%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is required (found ${major:-unknown})"
}

# Compiles a module (and what it depends on) and writes its runtime classpath to $STATE_DIR/<name>.classpath.
# Prints the classpath. Quiet unless Maven fails.
module_classpath() {
  local module="$1" name="$2" out="$STATE_DIR/$2.classpath" log="$STATE_DIR/build-$2.log"
  mkdir -p "$STATE_DIR"
  say "Building $module (Maven; the first run downloads dependencies)..."
  if ! (cd "$ROOT" && mvn -B -q -DskipTests -Dmaven.test.skip=true -pl "$module" -am install >"$log" 2>&1 \
        && mvn -B -q -f "$module/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
             -Dmdep.outputFile="$out" >>"$log" 2>&1); then
    cat "$log" >&2
    die "the build of $module failed (log: $log)"
  fi
  printf '%s:%s\n' "$ROOT/$module/target/classes" "$(cat "$out")"
}

# Removes the test reports and integration-test logs of earlier runs, so that a run reports, and the PHI log scan
# judges, only what that run did.
clear_test_results() {
  find "$ROOT" -path "$STATE_DIR" -prune -o -type d -path '*/target/*' \
    \( -name surefire-reports -o -name failsafe-reports -o -name it-logs \) -prune -exec rm -rf {} +
}

# Prints what the last test run did (a line per test class, every skip with its reason) and a closing line of totals
# that starts with LABEL (one word).
print_test_report() {
  python3 "$ROOT/scripts/lib/test_report.py" "$ROOT" "$1"
}
