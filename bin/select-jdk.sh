# Sourced by mvnw, bin/civitas and .ci/run: picks a JDK >= 21 so that nobody has to set JAVA_HOME.
# The machine's default java may be older (17 here); Civitas is built and run with Temurin 25 when present.
# Order: $JAVA_HOME if it is >= 21, then known JDK locations, then `java` on the PATH.
civitas_java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
civitas_select_jdk() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2[1-9]* \
    /usr/lib/jvm/java-2[1-9]-openjdk* /usr/lib/jvm/jdk-2[1-9]*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(civitas_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(civitas_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  fi
  echo "civitas: no JDK 21 or newer found. Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
# mvnw runs with noglob (set -f); the JDK patterns above need globbing for a moment.
case $- in *f*) civitas_noglob=1; set +f ;; *) civitas_noglob=0 ;; esac
civitas_select_jdk || exit 1
[ "$civitas_noglob" = 1 ] && set -f
unset civitas_noglob
