#!/usr/bin/env bash
# .ci/readme-project.sh - does what the README tells a new user to do, and checks that it works:
# a separate Maven project made of the README's Maven dependency snippet (section "Use it") and
# its API example (section "The API"), both taken from README.md as they are, built against the
# uds4j artifacts of this tree and run on Java 8, 17 and 25 (and 11 if JAVA11_HOME is set).
#
# Usage: .ci/readme-project.sh [MAVEN OPTIONS...]    e.g. .ci/readme-project.sh -o
# Environment: JAVA8_HOME (required), JAVA17_HOME (default /usr/lib/jvm/java-17-openjdk-amd64,
#   the JDK that builds), JAVA25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), JAVA11_HOME
#   (optional), as .ci/run exports them; KEEP=1 keeps the work directory (its path is printed).
#
# 1. `mvn install -DskipTests` of this tree into a private local repository: a directory that
#    links to every entry of ~/.m2/repository except io/github/uds4j, so third-party artifacts
#    and plugins come from (and new downloads go to) ~/.m2, while the uds4j artifacts are
#    exactly this tree's and ~/.m2's are neither used nor overwritten.
# 2. Four projects, each the README's snippet in a minimal pom and the README's API example as
#    its only source (compiled with --release 8): "all" with the snippet as it is (the four jars
#    for "anywhere from Java 8 to the newest"), and one per row of the README's table, the snippet
#    without the <dependency> entries that row does not list:
#      java8   uds-api, uds-junixsocket            run on Java 8 (and 11)
#      java16  uds-api, uds-jdk16, uds-junixsocket run on Java 17
#      java22  uds-api, uds-jdk16, uds-ffm         run on Java 25
#    "all" runs on every Java. Each run is `java -cp CLASSES:DEPENDENCIES MAIN` in an empty
#    directory and must exit 0, print exactly what the README says (ping), print nothing on
#    stderr (no warning), and leave the directory empty.
# Exits 0 if every run passes, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

fail() { printf 'readme-project.sh: %s\n' "$*" >&2; exit 1; }

JAVA17_HOME=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -n "${JAVA8_HOME:-}" ] || fail "JAVA8_HOME is not set (eval \"\$(bash .ci/legacy-jdks.sh)\")"
for home in "$JAVA8_HOME" "$JAVA17_HOME" "$JAVA25_HOME" ${JAVA11_HOME:+"$JAVA11_HOME"}; do
  [ -x "$home/bin/java" ] || fail "$home/bin/java does not exist"
done
[ -x "$JAVA17_HOME/bin/javac" ] || fail "JAVA17_HOME=$JAVA17_HOME is not a JDK"

work=$(mktemp -d "${TMPDIR:-/tmp}/uds4j-readme.XXXXXX")
cleanup() { if [ "${KEEP:-}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
started=$(date +%s)

# ---- what the README says ----

# block SECTION LANG: the first ```LANG block in the README section "## SECTION", as it is.
block() {
  awk -v section="## $1" -v fence="\`\`\`$2" '
    /^## / { in_section = ($0 == section) }
    in_section && !done && $0 == fence { inside = 1; next }
    inside && $0 == "```" { inside = 0; done = 1 }
    inside { print }
  ' README.md
}
block "Use it" xml > "$work/snippet.xml"
block "The API" java > "$work/Example.java"
[ -s "$work/snippet.xml" ] || fail "no \`\`\`xml block in the README's section \"Use it\""
[ -s "$work/Example.java" ] || fail "no \`\`\`java block in the README's section \"The API\""
main=$(sed -nE 's/^public (final )?class ([A-Za-z0-9_]+).*/\2/p' "$work/Example.java" | head -1)
[ -n "$main" ] || fail "the README's API example declares no public class"
expected=ping   # "it prints `ping`", says the README
grep -q "it prints \`$expected\`" README.md || fail "the README no longer says the example prints $expected"

# ---- the private local repository ----

m2=${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}
repo="$work/repo"
mkdir -p "$m2/io/github" "$repo/io/github"
link_all_but() {  # link_all_but FROM TO EXCEPT: links every entry of FROM into TO, but EXCEPT
  local e
  for e in "$1"/* "$1"/.[!.]*; do
    [ -e "$e" ] && [ "$(basename "$e")" != "$3" ] && ln -s "$e" "$2/"
  done
  return 0
}
link_all_but "$m2" "$repo" io
link_all_but "$m2/io" "$repo/io" github
link_all_but "$m2/io/github" "$repo/io/github" uds4j

export JAVA_HOME=$JAVA17_HOME
mvn_opts=("$@")
mvn_() { mvn -B -q -Dmaven.repo.local="$repo" ${mvn_opts[@]+"${mvn_opts[@]}"} "$@"; }

echo "installing this tree into $repo (mvn install -DskipTests) ..."
if ! mvn_ install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Danimal.sniffer.skip=true > "$work/install.log" 2>&1; then
  tail -40 "$work/install.log"
  fail "mvn install of this tree failed (log above)"
fi
[ -d "$repo/io/github/uds4j/uds-bom" ] || fail "the install put no uds-bom into $repo"

# ---- the projects ----

# The plugins a `mvn compile` needs, at the versions this project's parent pom pins.
plugin_version() {
  sed -n "/<artifactId>$1<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;}" pom.xml | head -1
}
compiler=$(plugin_version maven-compiler-plugin)
resources=$(plugin_version maven-resources-plugin)
[ -n "$compiler" ] && [ -n "$resources" ] || fail "no compiler or resources plugin version in pom.xml"
dependency_plugin=3.8.1

# project NAME EXCLUDED_ARTIFACT...: the project NAME with the snippet minus those dependencies.
project() {
  local name=$1; shift
  local dir="$work/$name"
  mkdir -p "$dir/src/main/java"
  cp "$work/Example.java" "$dir/src/main/java/$main.java"
  {
    cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>readme-$name</artifactId>
  <version>1</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>8</maven.compiler.release>
  </properties>
EOF
    # The snippet, without the <dependency> entries whose artifactId is excluded.
    awk -v excluded=" $* " '
      /<dependency>/ { held = $0 "\n"; holding = 1; drop = 0; next }
      holding {
        held = held $0 "\n"
        if (match($0, /<artifactId>[^<]*<\/artifactId>/)) {
          a = substr($0, RSTART + 12, RLENGTH - 25)
          if (index(excluded, " " a " ")) drop = 1
        }
        if ($0 ~ /<\/dependency>/) { holding = 0; if (!drop) printf "%s", held }
        next
      }
      { print }
    ' "$work/snippet.xml"
    cat <<EOF
  <build>
    <pluginManagement>
      <plugins>
        <plugin><artifactId>maven-compiler-plugin</artifactId><version>$compiler</version></plugin>
        <plugin><artifactId>maven-resources-plugin</artifactId><version>$resources</version></plugin>
        <plugin><artifactId>maven-dependency-plugin</artifactId><version>$dependency_plugin</version></plugin>
      </plugins>
    </pluginManagement>
  </build>
</project>
EOF
  } > "$dir/pom.xml"
  if ! (cd "$dir" && mvn_ compile dependency:build-classpath -Dmdep.outputFile=classpath.txt \
      > build.log 2>&1); then
    cat "$dir/build.log"; fail "$name: the project did not build ($dir/pom.xml)"
  fi
  printf '%-7s %s\n' "$name" "$(tr ':' '\n' < "$dir/classpath.txt" | sed 's|.*/||' | tr '\n' ' ')"
}

# run NAME FEATURE HOME: runs project NAME's example on HOME/bin/java and checks what it did.
run() {
  local name=$1 v=$2 home=$3 cwd="$work/cwd"
  rm -rf "$cwd"; mkdir "$cwd"
  local status=0
  (cd "$cwd" && "$home/bin/java" -cp "$work/$name/target/classes:$(cat "$work/$name/classpath.txt")" \
      "$main") > "$work/out" 2> "$work/err" || status=$?
  if [ "$status" != 0 ] || [ "$(cat "$work/out")" != "$expected" ] || [ -s "$work/err" ] \
      || [ -n "$(ls -A "$cwd")" ]; then
    echo "--- stdout:"; cat "$work/out"; echo "--- stderr:"; cat "$work/err"
    echo "--- left behind:"; ls -A "$cwd"
    fail "$name on Java $v: exit $status; expected '$expected' on stdout, nothing on stderr, no file left"
  fi
  echo "$name on Java $v: printed $expected, nothing on stderr, no file left"
}

echo "the README's dependency snippet and API example ($main.java), built as projects (their class paths):"
project all
project java8 uds-jdk16 uds-ffm
project java16 uds-ffm
project java22 uds-junixsocket

for v in 8 11 17 25; do
  home_var="JAVA${v}_HOME"
  [ -n "${!home_var:-}" ] || continue
  run all "$v" "${!home_var}"
  case $v in
    8|11) run java8 "$v" "${!home_var}" ;;
    17) run java16 "$v" "${!home_var}" ;;
    25) run java22 "$v" "${!home_var}" ;;
  esac
done
echo "readme-project.sh: passed in $(($(date +%s) - started)) s"
