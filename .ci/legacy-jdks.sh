#!/usr/bin/env bash
# .ci/legacy-jdks.sh - obtain real OpenJDK 8 and 11 runtimes for testing uds4j
# on old Java versions, without touching the system's package setup.
#
# Usage:  eval "$(bash .ci/legacy-jdks.sh)"
#         mvn ... -Djvm="$JAVA8_HOME/bin/java"
#
# stdout: exactly two lines, JAVA8_HOME=/path and JAVA11_HOME=/path
# stderr: progress, `java -version` of each runtime, smoke-test results
#
# How it works:
#  * A private apt configuration (own sources.list, state, cache; nothing in
#    /etc/apt is read for sources or changed) points at the Debian mirror the
#    system's own apt sources already use, with the `sid` and `bullseye` suites.
#  * Java 11 = openjdk-11-jre-headless from bullseye; it runs natively on the
#    bookworm host (needs glibc >= 2.29 and zlib, both always present).
#  * Java 8 = openjdk-8-jre-headless from sid, which needs sid's glibc (>= 2.38).
#    sid's libc6, libstdc++6, libgcc-s1 and zlib1g are unpacked next to it and
#    every ELF file of that JRE is patched (with sid's own patchelf, run through
#    sid's dynamic loader) to use sid's ld-linux-x86-64.so.2 as interpreter and
#    a DT_RPATH that puts sid's libraries first. So $JAVA8_HOME/bin/java is the
#    real launcher binary: no wrapper, no LD_LIBRARY_PATH, and child JVMs,
#    `-jar`, JNI libraries (System.load/loadLibrary) all work as usual.
#  * Packages are unpacked with `dpkg -x` into the cache folder
#    ${UDS4J_JDK_CACHE:-$HOME/.cache/uds4j-jdks}; absolute symlinks into /etc
#    (jvm.cfg, java.security, ...) are redirected into the unpacked tree.
#  * Every run verifies each runtime (java -version plus, when a javac >= 9 is
#    on the PATH, a small program using a jar, zip, a thread, a loopback socket,
#    JNI loading and a child JVM). A runtime that verifies is reused as is.
#
# Environment:
#   UDS4J_JDK_CACHE      cache folder (default $HOME/.cache/uds4j-jdks)
#   UDS4J_DEBIAN_MIRROR  Debian archive URL to use instead of the one derived
#                        from the system's apt sources
set -euo pipefail

log() { printf '[legacy-jdks] %s\n' "$*" >&2; }
die() { printf '[legacy-jdks] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -z "${HOME:-}" ]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)" || true
  [ -n "$HOME" ] || die "HOME is not set; set UDS4J_JDK_CACHE"
fi
CACHE="${UDS4J_JDK_CACHE:-$HOME/.cache/uds4j-jdks}"

# Bump when the way the trees are built changes, to force a rebuild.
LAYOUT_VERSION=1

J8_PKGS="openjdk-8-jre-headless/sid libc6/sid libgcc-s1/sid libstdc++6/sid zlib1g/sid"
J8_TOOL_PKGS="patchelf/sid"
J11_PKGS="openjdk-11-jre-headless/bullseye"

for tool in apt-get dpkg dpkg-deb flock sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found"
done
arch="$(dpkg --print-architecture)"
[ "$arch" = amd64 ] || die "only amd64 is supported (this machine: $arch)"

mkdir -p "$CACHE" || die "cannot create cache folder $CACHE"
CACHE="$(cd "$CACHE" && pwd -P)"

# Layout of the cache.
J8_ROOT="$CACHE/jdk8"      # dpkg -x of openjdk-8-jre-headless + sid runtime libs
J11_ROOT="$CACHE/jdk11"    # dpkg -x of openjdk-11-jre-headless
J8_HOME="$J8_ROOT/usr/lib/jvm/java-8-openjdk-amd64/jre"
J11_HOME="$J11_ROOT/usr/lib/jvm/java-11-openjdk-amd64"
SID_LIBDIR="$J8_ROOT/usr/lib/x86_64-linux-gnu"
SID_LDSO="$SID_LIBDIR/ld-linux-x86-64.so.2"

# Warn if the cache would land inside a git work tree (it must not be committed).
if top="$(cd "$CACHE" && git rev-parse --show-toplevel 2>/dev/null)"; then
  log "WARNING: cache $CACHE is inside the git work tree $top"
fi

# One run at a time per cache folder.
exec 9>"$CACHE/.lock"
flock -w 600 9 || die "could not lock $CACHE/.lock within 600 s"

WORK=""
cleanup() { if [ -n "$WORK" ]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Smoke test program (compiled once with any javac >= 9 as --release 8).
# ---------------------------------------------------------------------------
SMOKE_SRC='import java.io.*;
import java.net.*;
import java.util.*;
import java.util.concurrent.TimeUnit;
import java.util.zip.*;

public class LegacyJdkSmoke {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            System.out.println("child-ok");
            return;
        }
        // 1. a resource read from the jar on the class path
        InputStream in = LegacyJdkSmoke.class.getResourceAsStream("/legacy-jdk-smoke.txt");
        if (in == null) throw new AssertionError("resource not found in jar");
        String res = new BufferedReader(new InputStreamReader(in, "UTF-8")).readLine();
        if (!"uds4j".equals(res)) throw new AssertionError("bad resource: " + res);

        // 2. java.util.zip (native zlib): gzip round trip
        byte[] data = new byte[100000];
        new Random(42).nextBytes(data);
        Arrays.fill(data, 0, 50000, (byte) 7);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        GZIPOutputStream gz = new GZIPOutputStream(bos);
        gz.write(data);
        gz.close();
        GZIPInputStream gin = new GZIPInputStream(new ByteArrayInputStream(bos.toByteArray()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = gin.read(buf)) > 0; ) out.write(buf, 0, n);
        if (!Arrays.equals(data, out.toByteArray())) throw new AssertionError("gzip round trip");
        CRC32 crc = new CRC32();
        crc.update(data);

        // 3. a thread serving a loopback TCP socket
        final ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        final String[] got = new String[1];
        Thread t = new Thread(new Runnable() {
            public void run() {
                try (Socket s = ss.accept()) {
                    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), "UTF-8"));
                    got[0] = r.readLine();
                    s.getOutputStream().write(("pong:" + got[0] + "\n").getBytes("UTF-8"));
                } catch (IOException e) {
                    got[0] = "error: " + e;
                }
            }
        }, "smoke-server");
        t.start();
        String reply;
        try (Socket c = new Socket("localhost", ss.getLocalPort())) {
            c.setSoTimeout(10000);
            c.getOutputStream().write("ping\n".getBytes("UTF-8"));
            reply = new BufferedReader(new InputStreamReader(c.getInputStream(), "UTF-8")).readLine();
        }
        t.join(10000);
        ss.close();
        if (!"pong:ping".equals(reply)) throw new AssertionError("socket reply: " + reply + " / " + got[0]);

        // 4. JNI: load native libraries that are not loaded at startup
        System.loadLibrary("j2pkcs11");
        for (int i = 1; i < args.length; i++) System.load(new File(args[i]).getAbsolutePath());

        // 5. a child JVM of the same runtime
        String javaHome = System.getProperty("java.home");
        String jar = new File(LegacyJdkSmoke.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        Process p = new ProcessBuilder(javaHome + "/bin/java", "-cp", jar, "LegacyJdkSmoke", "--child")
                .redirectErrorStream(true).start();
        String childOut = new BufferedReader(new InputStreamReader(p.getInputStream(), "UTF-8")).readLine();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !"child-ok".equals(childOut))
            throw new AssertionError("child JVM failed: " + childOut);

        System.out.println("LEGACY-JDK-SMOKE-OK java.version=" + System.getProperty("java.version")
                + " java.home=" + javaHome + " crc=" + Long.toHexString(crc.getValue()));
    }
}
'

# Prints the path of the smoke-test jar on stdout, or nothing if no javac >= 9
# (able to compile --release 8) and jar tool are available.
smoke_jar() {
  local hash dir jar javac_bin jar_bin tmp
  hash="$(printf '%s' "$SMOKE_SRC" | sha256sum | cut -c1-16)"
  dir="$CACHE/smoke"
  jar="$dir/legacy-jdk-smoke-$hash.jar"
  if [ -s "$jar" ]; then printf '%s\n' "$jar"; return 0; fi
  javac_bin="$(command -v javac 2>/dev/null || true)"
  if [ -z "$javac_bin" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    javac_bin="$JAVA_HOME/bin/javac"
  fi
  [ -n "$javac_bin" ] || return 0
  javac_bin="$(readlink -f "$javac_bin")"
  jar_bin="$(dirname "$javac_bin")/jar"
  [ -x "$jar_bin" ] || jar_bin="$(command -v jar 2>/dev/null || true)"
  [ -n "$jar_bin" ] || return 0
  tmp="$(mktemp -d "$CACHE/.smoke.XXXXXX")"
  mkdir -p "$tmp/src" "$tmp/classes"
  printf '%s' "$SMOKE_SRC" >"$tmp/src/LegacyJdkSmoke.java"
  printf 'uds4j\n' >"$tmp/classes/legacy-jdk-smoke.txt"
  if "$javac_bin" --release 8 -Xlint:-options -nowarn -d "$tmp/classes" \
        "$tmp/src/LegacyJdkSmoke.java" >&2 \
     && "$jar_bin" cfe "$tmp/smoke.jar" LegacyJdkSmoke -C "$tmp/classes" . >&2; then
    mkdir -p "$dir"
    mv "$tmp/smoke.jar" "$jar"
    printf '%s\n' "$jar"
  else
    log "WARNING: could not compile the smoke test with $javac_bin"
  fi
  rm -rf "$tmp"
}

# verify NAME HOME EXPECTED_VERSION_PREFIX [quiet]
# Runs HOME/bin/java -version (output to stderr) and the smoke test.
verify_java() {
  local name="$1" home="$2" want="$3" quiet="${4:-}" out jar
  [ -x "$home/bin/java" ] || { [ -n "$quiet" ] || log "$name: $home/bin/java missing"; return 1; }
  if ! out="$("$home/bin/java" -version 2>&1)"; then
    [ -n "$quiet" ] || { log "$name: '$home/bin/java -version' failed:"; printf '%s\n' "$out" >&2; }
    return 1
  fi
  if ! printf '%s\n' "$out" | grep -q "version \"$want"; then
    [ -n "$quiet" ] || { log "$name: unexpected version (want $want):"; printf '%s\n' "$out" >&2; }
    return 1
  fi
  if [ -z "$quiet" ]; then
    log "$name: $home/bin/java -version"
    printf '%s\n' "$out" >&2
  fi
  jar="$(smoke_jar)"
  if [ -z "$jar" ]; then
    [ -n "$quiet" ] || log "$name: no javac >= 9 found, smoke test skipped (java -version only)"
    return 0
  fi
  local mode
  for mode in cp jar; do
    if [ "$mode" = cp ]; then
      out="$(cd / && "$home/bin/java" -cp "$jar" LegacyJdkSmoke 2>&1)" || { [ -n "$quiet" ] || printf '%s\n' "$out" >&2; return 1; }
    else
      out="$(cd / && "$home/bin/java" -jar "$jar" 2>&1)" || { [ -n "$quiet" ] || printf '%s\n' "$out" >&2; return 1; }
    fi
    if ! printf '%s\n' "$out" | grep -q '^LEGACY-JDK-SMOKE-OK'; then
      [ -n "$quiet" ] || { log "$name: smoke test ($mode) failed:"; printf '%s\n' "$out" >&2; }
      return 1
    fi
  done
  [ -n "$quiet" ] || log "$name: smoke test OK (-cp jar and -jar: jar resource, gzip, thread, socket, JNI, child JVM)"
}

# ---------------------------------------------------------------------------
# Private apt setup
# ---------------------------------------------------------------------------

# The Debian archive URL the system's own apt sources use (deb822 .sources and
# one-line .list files), e.g. http://deb.debian.org/debian
derive_mirror() {
  if [ -n "${UDS4J_DEBIAN_MIRROR:-}" ]; then printf '%s\n' "${UDS4J_DEBIAN_MIRROR%/}"; return 0; fi
  local SL="/etc/apt/sources.list" SP="/etc/apt/sources.list.d/" files uris u
  eval "$(apt-config shell SL Dir::Etc::sourcelist/f SP Dir::Etc::sourceparts/d 2>/dev/null)" || true
  files="$(ls -1 "$SL" "${SP%/}"/*.list "${SP%/}"/*.sources 2>/dev/null || true)"
  [ -n "$files" ] || return 0
  uris="$(
    while IFS= read -r f; do
      case "$f" in
        *.sources)
          # URIs: field of deb822 stanzas (Types containing "deb")
          awk 'function flush() { if (deb && !off) for (i = 1; i <= n; i++) print u[i]; deb = 0; off = 0; n = 0 }
               /^[[:space:]]*$/ { flush(); next }
               /^[Tt]ypes:/ { if ($0 ~ /[[:space:]]deb([[:space:]]|$)/) deb = 1 }
               /^[Ee]nabled:[[:space:]]*[Nn][Oo]/ { off = 1 }
               /^URIs:/ { for (i = 2; i <= NF; i++) u[++n] = $i }
               END { flush() }' "$f" ;;
        *)
          sed -nE 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' "$f" ;;
      esac
    done <<<"$files"
  )"
  # Prefer the main archive (.../debian), then any other .../debian... URL that
  # is not the security archive.
  u="$(printf '%s\n' "$uris" | grep -E '^(https?|ftp)://[^[:space:]]+/debian/?$' | head -n1 || true)"
  [ -n "$u" ] || u="$(printf '%s\n' "$uris" | grep -E '^(https?|ftp)://[^[:space:]]*/debian' | grep -v -- '-security' | head -n1 || true)"
  printf '%s\n' "${u%/}"
}

# setup_apt SUITE...  -> creates $WORK/apt with a private config in $APTCONF
APTCONF=""
setup_apt() {
  local mirror keyring opts suite a="$WORK/apt"
  mirror="$(derive_mirror)"
  [ -n "$mirror" ] || die "could not find a Debian archive URL in the system's apt sources; set UDS4J_DEBIAN_MIRROR"
  log "using Debian mirror $mirror (from the system's apt sources) for suites: $*"
  mkdir -p "$a/etc/sources.list.d" "$a/etc/preferences.d" "$a/state/lists/partial" "$a/cache/archives/partial"
  : >"$a/state/status"
  : >"$a/etc/preferences"
  APTCONF="$a/apt.conf"
  cat >"$APTCONF" <<EOF
Dir::State "$a/state";
Dir::State::lists "$a/state/lists";
Dir::State::status "$a/state/status";
Dir::Cache "$a/cache";
Dir::Cache::archives "$a/cache/archives";
Dir::Etc::SourceList "$a/etc/sources.list";
Dir::Etc::SourceParts "$a/etc/sources.list.d";
Dir::Etc::Preferences "$a/etc/preferences";
Dir::Etc::PreferencesParts "$a/etc/preferences.d";
APT::Architecture "amd64";
#clear APT::Architectures;
APT::Architectures:: "amd64";
APT::Sandbox::User "root";
Acquire::Languages "none";
Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled "false";
Acquire::IndexTargets::deb::Contents-udeb::DefaultEnabled "false";
Acquire::Retries "3";
EOF
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  for opts in "signed-by=$keyring" "trusted=yes"; do
    if [ "${opts%%=*}" = signed-by ] && [ ! -r "$keyring" ]; then continue; fi
    : >"$a/etc/sources.list"
    for suite in "$@"; do
      printf 'deb [%s] %s %s main\n' "$opts" "$mirror" "$suite" >>"$a/etc/sources.list"
    done
    log "apt-get update (private lists, [$opts])"
    if apt-get -q -c "$APTCONF" update </dev/null >&2; then
      return 0
    fi
    log "WARNING: private apt-get update failed with [$opts]"
    rm -rf "$a/state/lists"; mkdir -p "$a/state/lists/partial"
  done
  die "apt-get update of the private sources ($*) from $mirror failed"
}

# download PKG/SUITE... into $WORK/debs
download() {
  mkdir -p "$WORK/debs"
  log "apt-get download $*"
  (cd "$WORK/debs" && apt-get -q -c "$APTCONF" download "$@" </dev/null >&2) \
    || die "apt-get download $* failed"
}

deb_of() { ls -1 "$WORK/debs/${1}_"*.deb 2>/dev/null | head -n1; }

# Unpack debs into ROOT and redirect absolute symlinks (e.g. jvm.cfg ->
# /etc/java-8-openjdk/jvm-amd64.cfg) to the copy inside ROOT when it exists.
unpack() {
  local root="$1" deb l t; shift
  for deb in "$@"; do
    [ -n "$deb" ] && [ -f "$deb" ] || die "missing downloaded package ($deb)"
    log "unpacking $(basename "$deb")"
    dpkg -x "$deb" "$root"
  done
  find "$root" -type l -lname '/*' -print | while IFS= read -r l; do
    t="$(readlink "$l")"
    if [ -e "$root$t" ] || [ -L "$root$t" ]; then ln -sfn "$root$t" "$l"; fi
  done
}

is_elf() { [ -f "$1" ] && [ "$(head -c4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; }

build_java11() {
  log "building Java 11 runtime in $J11_ROOT"
  setup_apt bullseye
  download $J11_PKGS
  rm -rf "$J11_ROOT"; mkdir -p "$J11_ROOT"
  unpack "$J11_ROOT" "$(deb_of openjdk-11-jre-headless)"
  [ -e "$J11_HOME/lib/security/cacerts" ] || log "WARNING: $J11_HOME/lib/security/cacerts -> /etc/ssl/certs/java/cacerts is missing (TLS would fail)"
  verify_java "Java 11" "$J11_HOME" "11." || die "the unpacked Java 11 runtime does not work"
  dpkg-deb -f "$(deb_of openjdk-11-jre-headless)" Version >"$J11_ROOT/.version"
  echo "$LAYOUT_VERSION" >"$J11_ROOT/.complete"
}

build_java8() {
  log "building Java 8 runtime in $J8_ROOT"
  setup_apt sid
  download $J8_PKGS $J8_TOOL_PKGS
  rm -rf "$J8_ROOT"; mkdir -p "$J8_ROOT"
  unpack "$J8_ROOT" "$(deb_of openjdk-8-jre-headless)" "$(deb_of libc6)" "$(deb_of libgcc-s1)" \
    "$(deb_of libstdc++6)" "$(deb_of zlib1g)"
  [ -x "$SID_LDSO" ] || die "sid's dynamic loader not found at $SID_LDSO"
  [ -x "$J8_HOME/bin/java" ] || die "java not found at $J8_HOME/bin/java"

  # sid's patchelf, run through sid's loader (needs nothing installed).
  mkdir -p "$WORK/patchelf"
  dpkg -x "$(deb_of patchelf)" "$WORK/patchelf"
  local pe_bin="$WORK/patchelf/usr/bin/patchelf"
  patchelf() { "$SID_LDSO" --library-path "$SID_LIBDIR" "$pe_bin" "$@"; }
  patchelf --version >&2 || die "cannot run sid's patchelf"

  # Every ELF file of the JRE: sid's libraries first in DT_RPATH (which, unlike
  # DT_RUNPATH, also applies to the dependencies of libraries without their own
  # path, e.g. libjvm.so -> libstdc++.so.6), and executables get sid's loader.
  local f rp n=0
  while IFS= read -r f; do
    is_elf "$f" || continue
    rp="$(patchelf --print-rpath "$f" 2>/dev/null || true)"
    if patchelf --print-interpreter "$f" >/dev/null 2>&1; then
      patchelf --set-interpreter "$SID_LDSO" "$f" || die "patchelf --set-interpreter $f failed"
    fi
    patchelf --force-rpath --set-rpath "$SID_LIBDIR${rp:+:$rp}" "$f" || die "patchelf --set-rpath $f failed"
    n=$((n + 1))
  done < <(find "$J8_ROOT/usr/lib/jvm" -type f \( -perm -u+x -o -name '*.so' -o -name '*.so.*' \))
  log "patched $n ELF files of the Java 8 runtime"
  [ -e "$J8_HOME/lib/security/cacerts" ] || log "WARNING: $J8_HOME/lib/security/cacerts -> /etc/ssl/certs/java/cacerts is missing (TLS would fail)"

  verify_java "Java 8" "$J8_HOME" "1.8." || die "the unpacked Java 8 runtime does not work"
  dpkg-deb -f "$(deb_of openjdk-8-jre-headless)" Version >"$J8_ROOT/.version"
  echo "$LAYOUT_VERSION" >"$J8_ROOT/.complete"
}

is_complete() { [ "$(cat "$1/.complete" 2>/dev/null || true)" = "$LAYOUT_VERSION" ]; }

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
need8=1; need11=1
if is_complete "$J8_ROOT" && verify_java "Java 8" "$J8_HOME" "1.8."; then need8=0
elif is_complete "$J8_ROOT"; then log "cached Java 8 in $J8_ROOT does not verify; rebuilding"; fi
if is_complete "$J11_ROOT" && verify_java "Java 11" "$J11_HOME" "11."; then need11=0
elif is_complete "$J11_ROOT"; then log "cached Java 11 in $J11_ROOT does not verify; rebuilding"; fi

if [ "$need8" = 1 ] || [ "$need11" = 1 ]; then
  WORK="$(mktemp -d "$CACHE/.work.XXXXXX")"
  if [ "$need11" = 1 ]; then
    rm -rf "$J11_ROOT/.complete"
    build_java11
    rm -rf "$WORK/apt" "$WORK/debs"
  fi
  if [ "$need8" = 1 ]; then
    rm -rf "$J8_ROOT/.complete"
    build_java8
  fi
  rm -rf "$WORK"; WORK=""
  log "Java 8 package $(cat "$J8_ROOT/.version" 2>/dev/null), Java 11 package $(cat "$J11_ROOT/.version" 2>/dev/null)"
else
  log "cache hit: $CACHE"
fi

printf 'JAVA8_HOME=%s\n' "$J8_HOME"
printf 'JAVA11_HOME=%s\n' "$J11_HOME"
