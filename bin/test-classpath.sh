# Sourced by the launchers of code in the test sources (bin/jmh.sh, bin/bench-ceiling.sh).
# vigil_test_setup NAME ROOT: finds a JDK >= 25 (exports JAVA_HOME), moves to the project ROOT,
# builds the test classes and sets $classpath to what runs them (the dependency part is cached in
# target/jmh.classpath until pom.xml changes). NAME prefixes the error message.
. "$(dirname "$0")/find-jdk.sh"
vigil_test_setup() {
  JAVA_HOME=$(vigil_find_jdk) || { echo "$1: no JDK >= 25 found (set JAVA_HOME)" >&2; exit 1; }
  export JAVA_HOME
  cd "$2"
  # Maven's own output goes to stderr, so that nothing but results reaches stdout
  { ./mvnw -q -o test-compile 2>/dev/null || ./mvnw -q test-compile; } >&2
  cp=target/jmh.classpath
  if [ ! -s "$cp" ] || [ pom.xml -nt "$cp" ]; then
    ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null 2>&1 \
      || ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
  fi
  classpath="target/test-classes:target/classes:$(cat "$cp")"
}
