#!/usr/bin/env bash
# .ci/reproducible.sh - proves that the build is reproducible: builds the project twice, each time
# in a fresh copy of the tree at a different path, and compares the SHA-256 of every jar the two
# builds made (module jars, -sources, -javadoc and -tests jars, uds-cli/target/uds.jar).
#
# Usage: .ci/reproducible.sh [MAVEN OPTIONS...]    e.g. .ci/reproducible.sh -o
#   The copies are the files git knows of, tracked or not, without the ignored ones (target/):
#   what a fresh clone would hold, plus uncommitted changes. Each is built with
#   `mvn -B -q package -DskipTests` and the given options. Uses the local repository (~/.m2) but
#   never installs into it.
# Environment: KEEP=1 keeps the two copies (their paths are printed), for a look at a difference.
# Exits 0 if every jar is byte-identical, 1 and the differing jars (and the entries that differ)
# if not, 2 if a build fails or makes no jar.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

work=$(mktemp -d "${TMPDIR:-/tmp}/uds4j-repro.XXXXXX")
cleanup() { if [ "${KEEP:-}" = 1 ]; then echo "kept: $work/one $work/two"; else rm -rf "$work"; fi; }
trap cleanup EXIT

copy() {  # copy DIR: the tree as a fresh clone would have it, with uncommitted changes
  mkdir -p "$1"
  # (--ignore-failed-read: a tracked file deleted in the work tree is left out, as in a commit)
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | tar -C "$root" --null --no-recursion --ignore-failed-read -T - -cf - 2>/dev/null \
    | tar -xf - -C "$1"
}

jars() {  # jars DIR: every jar the build made, relative to DIR, sorted
  (cd "$1" && find . -path '*/target/*' -name '*.jar' -not -path '*/target/ci/*' | sort)
}

started=$(date +%s)
for copy in one two; do
  copy "$work/$copy"
  echo "building $work/$copy ..."
  if ! (cd "$work/$copy" && mvn -B -q package -DskipTests "$@" > "$work/$copy.log" 2>&1); then
    tail -40 "$work/$copy.log"
    echo "reproducible.sh: the build in $work/$copy failed (log above)" >&2
    exit 2
  fi
done

jars "$work/one" > "$work/one.list"
jars "$work/two" > "$work/two.list"
if [ ! -s "$work/one.list" ]; then
  echo "reproducible.sh: the builds made no jar" >&2
  exit 2
fi
if ! diff -u "$work/one.list" "$work/two.list"; then
  echo "reproducible.sh: the two builds made different sets of jars" >&2
  exit 1
fi

different=0
count=0
while read -r jar; do
  count=$((count + 1))
  a=$(sha256sum < "$work/one/$jar" | cut -d' ' -f1)
  b=$(sha256sum < "$work/two/$jar" | cut -d' ' -f1)
  if [ "$a" = "$b" ]; then
    printf 'same       %s  %s\n' "$a" "${jar#./}"
  else
    different=$((different + 1))
    printf 'DIFFERENT  %s  %s\n           %s\n' "$a" "${jar#./}" "$b"
    # Which entries differ: name, size, date and CRC of each, side by side.
    diff <(unzip -v "$work/one/$jar" | sed '1,3d') <(unzip -v "$work/two/$jar" | sed '1,3d') \
      | sed -n '1,20p' || true
  fi
done < "$work/one.list"

echo "$count jars compared, $different different, in $(($(date +%s) - started)) s"
[ "$different" -eq 0 ] || exit 1
