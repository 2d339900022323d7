# Sourced by the benchmark launchers (bin/jmh.sh, bin/bench-ceiling.sh), from the project root with
# JAVA_HOME set: builds the test classes and prints the classpath that runs them (cached in
# target/jmh.classpath until pom.xml changes).
vigil_test_classpath() {
  # (Maven's own output goes to stderr: stdout is the classpath)
  { ./mvnw -q -o test-compile 2>/dev/null || ./mvnw -q test-compile; } >&2
  cp=target/jmh.classpath
  if [ ! -s "$cp" ] || [ pom.xml -nt "$cp" ]; then
    ./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null 2>&1 \
      || ./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
  fi
  echo "target/test-classes:target/classes:$(cat "$cp")"
}
