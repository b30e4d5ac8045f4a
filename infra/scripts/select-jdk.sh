# Sourced by ./runwatch and .ci/run: exports JAVA_HOME for a JDK 21 or newer.
# Order: an explicit JAVA_HOME, the java on PATH, then the newest JDK under the usual roots.
# Why: these machines default to JDK 17 while a newer JDK sits beside it; a fresh laptop may
# have only one JDK on PATH.

runwatch_java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

runwatch_select_jdk() {
  local candidates=() java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  # Newest first: version-sort the install folders in reverse.
  while IFS= read -r java; do candidates+=("$java"); done < <(
    ls -d /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java 2>/dev/null | sort -rV)
  for java in "${candidates[@]}"; do
    [ -x "$java" ] || continue
    major=$(runwatch_java_major "$java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      java=$(readlink -f "$java")
      export JAVA_HOME="${java%/bin/java}"
      # Maven's own Guice still calls sun.misc.Unsafe; JDK 24+ warns about it on every run.
      if [ "$major" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "runwatch: needs a JDK 21 or newer (found none in JAVA_HOME, on PATH or under /usr/lib/jvm)." >&2
  return 1
}
