#!/usr/bin/env bash
# Installs whokilled: the jar, a launcher and the alert rules under PREFIX (default /opt/whokilled),
# a command on the PATH (/usr/local/bin/whokilled), the agent's systemd unit (/etc/systemd/system),
# man pages (/usr/local/share/man/man1), bash and zsh completion (/usr/share/bash-completion/
# completions, /usr/share/zsh/vendor-completions) and the journal catalog (/usr/lib/systemd/catalog).
# Man pages and completions come from the build's command model (cli/target/man, cli/target/completion).
#
#   packaging/install.sh                     build if needed, install to /opt/whokilled
#   packaging/install.sh --prefix /opt/wk    jar and launcher elsewhere
#   packaging/install.sh --destdir /tmp/root stage into a directory (for packages and tests)
#   packaging/install.sh --uninstall         remove what install put there (not the store)
#
# Then: systemctl daemon-reload && systemctl enable --now whokilled-agent
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
prefix=/opt/whokilled destdir="" uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift ;;
    --destdir) destdir=$2; shift ;;
    --uninstall) uninstall=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$prefix" in /*) ;; *) echo "install.sh: --prefix must be absolute, got '$prefix'" >&2; exit 2 ;; esac

root="${destdir%/}"
bin="$root/usr/local/bin/whokilled"
unit="$root/etc/systemd/system/whokilled-agent.service"
completion="$root/usr/share/bash-completion/completions/whokilled"
zsh_completion="$root/usr/share/zsh/vendor-completions/_whokilled"
man1="$root/usr/local/share/man/man1"
catalog="$root/usr/lib/systemd/catalog/whokilled.catalog"

if [ "$uninstall" = 1 ]; then
  rm -f "$bin" "$unit" "$completion" "$zsh_completion" "$catalog" "$man1"/whokilled.1.gz "$man1"/whokilled-*.1.gz
  rm -rf "${root}${prefix}"
  echo "removed ${root}${prefix}, $bin, $unit, the man pages and completions; the store (/var/lib/whokilled) is kept"
  exit 0
fi

jar="$here/cli/target/whokilled.jar"
built="$here/cli/target"
if [ ! -f "$jar" ] || [ ! -f "$built/man/man1/whokilled.1" ] || [ ! -f "$built/completion/_whokilled" ]; then
  (cd "$here" && mvn -q -B -DskipTests package)
fi

install -d -m 0755 "${root}${prefix}/bin" "${root}${prefix}/lib" "$(dirname "$bin")" "$(dirname "$unit")"
install -m 0644 "$jar" "${root}${prefix}/lib/whokilled.jar"
install -m 0644 "$here/README.md" "${root}${prefix}/README.md"
install -d -m 0755 "${root}${prefix}/prometheus"
install -m 0644 "$here/packaging/prometheus/whokilled-alerts.yml" "${root}${prefix}/prometheus/whokilled-alerts.yml"
cat > "${root}${prefix}/bin/whokilled" <<LAUNCHER
#!/bin/sh
# whokilled launcher (installed by packaging/install.sh). JVM flags: a small bounded heap and serial
# GC (the CLI streams its input; the agent's unit narrows the heap further), class data sharing,
# the C1 compiler only (short CLI runs; the agent's small footprint).
exec java -XX:SharedArchiveFile=${prefix}/lib/whokilled.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off \\
  -XX:+UseSerialGC -Xms32m -Xmx160m -XX:-UsePerfData -XX:TieredStopAtLevel=1 \${WHOKILLED_JAVA_OPTS:-} -jar ${prefix}/lib/whokilled.jar "\$@"
LAUNCHER
chmod 0755 "${root}${prefix}/bin/whokilled"
ln -sf "${prefix}/bin/whokilled" "$bin"
sed "s|/opt/whokilled/|${prefix}/|g" "$here/packaging/whokilled-agent.service" > "$unit"
chmod 0644 "$unit"
# Tab completion of commands and options: bash-completion loads it on demand, zsh finds _whokilled
# on its fpath and runs the same script through bashcompinit.
install -d -m 0755 "$(dirname "$completion")" "$(dirname "$zsh_completion")" "$man1"
install -m 0644 "$built/completion/whokilled.bash" "$completion"
install -m 0644 "$built/completion/_whokilled" "$zsh_completion"
# The journal catalog: journalctl -x explains whokilled's entries (MESSAGE_ID) with this text. The
# catalog index is rebuilt only on the live system; a staged tree leaves it to the package's postinst.
install -d -m 0755 "$(dirname "$catalog")"
install -m 0644 "$here/packaging/whokilled.catalog" "$catalog"
if [ -z "$root" ] && command -v journalctl >/dev/null 2>&1; then
  journalctl --update-catalog || echo "install.sh: journalctl --update-catalog failed; run it later" >&2
fi
# One page per command (whokilled(1), whokilled-list(1), ...), compressed as Debian ships them.
for page in "$built"/man/man1/whokilled*.1; do
  gzip -9n -c "$page" > "$man1/$(basename "$page").gz"
  chmod 0644 "$man1/$(basename "$page").gz"
done
# The class-data-sharing archive is made by a training run of the installed jar (not when staging):
# CdsTraining runs analyze, decode, signals and list in one JVM, on the same classpath as the launcher.
if [ -z "$destdir" ]; then
  printf '%s\n' '6,1,1000,-;x[1]: segfault at 0 ip 0 sp 0 error 4 in x[400000+1000]' |
    java -XX:ArchiveClassesAtExit="${prefix}/lib/whokilled.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp "${prefix}/lib/whokilled.jar" dev.whokilled.cli.CdsTraining >/dev/null 2>&1 || true
fi
echo "installed whokilled to ${root}${prefix} (command: $bin, unit: $unit, man pages: $man1)"
echo "start the agent: systemctl daemon-reload && systemctl enable --now whokilled-agent"
