#!/usr/bin/env bash
# Checks the README's set-up on a bare Debian 12: debootstraps a minbase bookworm root, copies
# the working tree's tracked files in and runs the README's two commands there, as root and as
# a normal user with sudo, each in a fresh root (docs/FRESH-MACHINE.md).
#
# Usage: scripts/check-fresh-machine.sh [--only root|user] [--keep] [--cache-dir DIR] [--work-dir DIR]
#   --only      run one variant (default: both)
#   --keep      keep the roots under the work dir for inspection (they are unmounted either way)
#   --cache-dir where the pristine root's tarball is kept (default /var/cache/gateway-fresh-machine)
#   --work-dir  where the roots are made (default /var/tmp/gateway-fresh-machine)
# Needs root (debootstrap, chroot, mount). The roots share the host's network, so ports
# 8080-8084 and 8090 must be free on the host. A host whose network re-signs TLS with its own
# certificate authority (a company proxy) lends it to the roots, as a machine on that network
# would have it: the certificates in /usr/local/share/ca-certificates, and NODE_EXTRA_CA_CERTS
# (Node trusts only its own list otherwise) when the host sets it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# The README's two commands, run exactly as written; the script checks the README has them.
RUN_COMMAND='sh scripts/setup.sh run'
TEST_COMMAND='sh scripts/setup.sh test'
SUITE=bookworm
PORTS=(8080 8081 8082 8083 8084 8090)
USER_NAME=dev
RUN_URL_PATH=/service-a
RUN_EXPECT='Hello from instance'
LISTEN_TIMEOUT=3600   # s: the run command installs and builds first when run on its own

variants=(root user)
keep=0
cache_dir=/var/cache/gateway-fresh-machine
work_dir=/var/tmp/gateway-fresh-machine

die() { echo "check-fresh-machine: $*" >&2; exit 1; }
say() { echo "== $(date +%H:%M:%S) $*"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --only) [ "${2:-}" = root ] || [ "${2:-}" = user ] || die "--only takes root or user"
                variants=("$2"); shift 2 ;;
        --keep) keep=1; shift ;;
        --cache-dir) cache_dir=${2:?}; shift 2 ;;
        --work-dir) work_dir=${2:?}; shift 2 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and mount): run it with sudo or as root"

# ---------------------------------------------------------------------------------------------
# Host preparation

# The mirror the host's apt uses for bookworm (deb822 .sources or one-line sources.list).
host_mirror() {
    local file uris suites line
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        uris='' suites=''
        while IFS= read -r line || [ -n "$line" ]; do
            case "$line" in
                URIs:*) uris=${line#URIs:} ;;
                Suites:*) suites=${line#Suites:} ;;
                '') if [[ " $suites " == *" $SUITE "* ]] && [ -n "$uris" ]; then
                        echo "${uris## }" | awk '{print $1}'; return
                    fi
                    uris='' suites='' ;;
            esac
        done <"$file"
        if [[ " $suites " == *" $SUITE "* ]] && [ -n "$uris" ]; then
            echo "${uris## }" | awk '{print $1}'; return
        fi
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        line=$(awk -v s="$SUITE" '$1 == "deb" && $0 !~ /security/ {
                   for (i = 2; i <= NF; i++) if ($i == s) { print $(i - 1); exit } }' "$file")
        [ -n "$line" ] && { echo "$line"; return; }
    done
    echo http://deb.debian.org/debian
}

need_host_tools() {
    command -v debootstrap >/dev/null 2>&1 && return
    say "installing debootstrap on the host"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq debootstrap
}

# Ports in LISTEN state on the host (IPv4 and IPv6), from /proc/net/tcp*.
listening_ports() {
    local local_address state _
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
        while read -r _ local_address _ state _; do
            if [ "$state" = 0A ]; then echo $((16#${local_address##*:})); fi
        done | sort -un
}

check_ports_free() {
    local busy=() port listening
    listening=$(listening_ports)
    for port in "${PORTS[@]}"; do
        grep -qx "$port" <<<"$listening" && busy+=("$port")
    done
    [ ${#busy[@]} -eq 0 ] ||
        die "port(s) ${busy[*]} in use on this host; the roots share its network and the demo needs 8080-8084 and 8090: stop what listens there (e.g. a 'make run') and try again"
}

check_readme() {
    local command
    for command in "$RUN_COMMAND" "$TEST_COMMAND"; do
        grep -qF "$command" "$repo/README.md" || die "README.md no longer shows '$command': update this script"
    done
}

# ---------------------------------------------------------------------------------------------
# Roots

mounts=()        # every mount point, in mount order; cleanup unmounts in reverse
roots=()         # every root made, for cleanup

pristine_tarball() {
    local tarball=$cache_dir/$SUITE-minbase.tar.gz tmp
    if [ ! -f "$tarball" ]; then
        mkdir -p "$cache_dir"
        tmp=$(mktemp -d "$cache_dir/debootstrap.XXXXXX")
        say "debootstrap --variant=minbase $SUITE from $mirror (cached as $tarball)" >&2
        debootstrap --variant=minbase "$SUITE" "$tmp" "$mirror" >"$cache_dir/debootstrap.log" 2>&1 ||
            { tail -20 "$cache_dir/debootstrap.log" >&2; rm -rf "$tmp"; die "debootstrap failed (log: $cache_dir/debootstrap.log)"; }
        chmod 0755 "$tmp"
        tar -C "$tmp" --numeric-owner -czf "$tarball.part" .
        mv "$tarball.part" "$tarball"
        rm -rf "$tmp"
    fi
    echo "$tarball"
}

# make_root NAME: a pristine minbase root at $work_dir/NAME, with /proc, /dev, /dev/pts, /sys
# and /dev/shm mounted, the host's resolv.conf and hosts, and the working tree at SRC.
make_root() {
    local name=$1 root=$work_dir/$1 tarball
    tarball=$(pristine_tarball)
    remove_root "$root" || die "unmount what is mounted under $root, then try again"
    mkdir -p "$root"
    roots+=("$root")
    tar -C "$root" --numeric-owner -xzf "$tarball" || die "could not unpack $tarball"
    chmod 0755 "$root"    # a root made in a mktemp directory would be 0700: users could not enter
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    cp /etc/hosts "$root/etc/hosts"
    # ca-certificates, which the set-up installs, adds these to the system's list.
    if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
        mkdir -p "$root/usr/local/share/ca-certificates"
        cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
    fi
    mount_in "$root" proc proc -t proc
    mount_in "$root" sys sysfs -t sysfs
    mount_in "$root" dev /dev --bind
    mount_in "$root" dev/pts /dev/pts --bind
    mount_in "$root" dev/shm tmpfs -t tmpfs -o mode=1777
    say "root '$name' ready at $root"
}

mount_in() {
    local root=$1 target=$2 source=$3
    shift 3
    mount "$@" "$source" "$root/$target" || die "could not mount $source on $root/$target"
    mounts+=("$root/$target")
}

# copy_tree ROOT DIR OWNER: the working tree's tracked files (as they are on disk, edits
# included) to DIR inside ROOT, owned by OWNER (a user name inside the root).
copy_tree() {
    local root=$1 dir=$2 owner=$3
    mkdir -p "$root$dir"
    (cd "$repo" && git ls-files -z | while IFS= read -r -d '' f; do
        if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
    done | tar --null -T - -cf -) | tar -C "$root$dir" -xf - || die "could not copy the tree to $root$dir"
    chroot "$root" chown -R "$owner:" "$dir"
}

# add_sudo_user ROOT USER: a normal user with passwordless sudo, as on a developer's laptop.
# The package lists are removed afterwards, so the set-up must fetch them as on a fresh machine.
add_sudo_user() {
    local root=$1 user=$2
    chroot "$root" useradd --create-home --shell /bin/bash "$user"
    in_root "$root" root / 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sudo' \
        >"$logs/$user-sudo-install.log" 2>&1 || { tail -20 "$logs/$user-sudo-install.log"; die "installing sudo failed"; }
    echo "$user ALL=(ALL) NOPASSWD: ALL" >"$root/etc/sudoers.d/$user"
    chmod 0440 "$root/etc/sudoers.d/$user"
    chroot "$root" sh -c 'apt-get clean && rm -rf /var/lib/apt/lists/*'
}

# in_root ROOT USER DIR COMMAND: COMMAND through sh in DIR as USER, with a login-like clean
# environment (no DISPLAY: the console runs headless).
in_root() {
    local root=$1 user=$2 dir=$3 command=$4 home=/root
    [ "$user" = root ] || home=/home/$user
    chroot --userspec="$user:$user" "$root" /usr/bin/env -i \
        HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        ${NODE_EXTRA_CA_CERTS:+NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"} \
        /bin/sh -c "cd '$dir' && $command"
}

# Processes whose root is ROOT (a run still going, a stray test).
processes_in() {
    local root=$1 pid
    for pid in /proc/[0-9]*; do
        if [ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ]; then echo "${pid#/proc/}"; fi
    done
    return 0
}

remove_root() {
    local root=$1
    [ -e "$root" ] || return 0
    if grep -q " $root/" /proc/mounts; then
        echo "check-fresh-machine: $root still has mounts; not removing it" >&2
        return 1
    fi
    rm -rf --one-file-system "$root"
}

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    local status=$? i root pids
    for root in "${roots[@]}"; do
        pids=$(processes_in "$root")
        if [ -n "$pids" ]; then
            # shellcheck disable=SC2086
            kill -KILL $pids 2>/dev/null || true
            sleep 1
        fi
    done
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null ||
            echo "check-fresh-machine: could not unmount ${mounts[i]}" >&2
    done
    mounts=()
    if [ "$keep" -eq 1 ]; then
        [ ${#roots[@]} -eq 0 ] || echo "roots kept for inspection: ${roots[*]}"
    else
        for root in "${roots[@]}"; do remove_root "$root" || true; done
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'echo "check-fresh-machine: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# ---------------------------------------------------------------------------------------------
# Checks. Each records its result in summary[] and returns non-zero on failure.

summary=()
failed=0

# check_test VARIANT ROOT USER DIR: the test command, its wall time and CTest's summary line.
check_test() {
    local variant=$1 root=$2 user=$3 dir=$4 log start seconds status=0 line
    log=$logs/$variant-test.log
    say "[$variant] $TEST_COMMAND (log: $log)"
    start=$(date +%s)
    in_root "$root" "$user" "$dir" "$TEST_COMMAND" >"$log" 2>&1 || status=$?
    seconds=$(($(date +%s) - start))
    line=$(grep -E '[0-9]+% tests passed' "$log" | tail -1 || true)
    if [ "$status" -ne 0 ] || [[ "$line" != "100% tests passed"* ]]; then
        tail -40 "$log"
        summary+=("$variant: test FAILED (exit $status) after $(duration "$seconds")${line:+: $line}")
        return 1
    fi
    say "[$variant] test passed in $(duration "$seconds"): $line"
    summary+=("$variant: '$TEST_COMMAND' $(duration "$seconds"), $line")
}

# check_run VARIANT ROOT USER DIR: the run command in the background; once it listens, one
# request through the gateway, then SIGTERM to the program and a clean exit of the command.
check_run() {
    local variant=$1 root=$2 user=$3 dir=$4 log start pid seconds body='' status=0 program='' i
    log=$logs/$variant-run.log
    check_ports_free
    say "[$variant] $RUN_COMMAND (log: $log)"
    start=$(date +%s)
    in_root "$root" "$user" "$dir" "$RUN_COMMAND" >"$log" 2>&1 &
    pid=$!
    until port_listening 8080; do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" || status=$?
            tail -40 "$log"
            summary+=("$variant: run FAILED: exited ($status) before listening")
            return 1
        fi
        if [ $(($(date +%s) - start)) -gt "$LISTEN_TIMEOUT" ]; then
            tail -40 "$log"
            summary+=("$variant: run FAILED: not listening on 8080 after ${LISTEN_TIMEOUT}s")
            return 1
        fi
        sleep 1
    done
    seconds=$(($(date +%s) - start))
    # The demo instances may come up a moment after the gateway's port: a few tries.
    for i in 1 2 3 4 5 6 7 8 9 10; do
        body=$(http_get 127.0.0.1 8080 "$RUN_URL_PATH" || true)
        [[ "$body" == *"$RUN_EXPECT"* ]] && break
        sleep 1
    done
    body=$(grep -m1 -F "$RUN_EXPECT" <<<"$body" | tr -d '\r' || true)
    program=$(program_pid "$root")
    if [ -z "$program" ]; then
        tail -40 "$log"
        summary+=("$variant: run FAILED: no gateway-console process found in the root")
        return 1
    fi
    kill -TERM "$program"
    for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then
        tail -40 "$log"
        summary+=("$variant: run FAILED: still running 30 s after SIGTERM")
        return 1
    fi
    wait "$pid" || status=$?
    if [ -z "$body" ] || [ "$status" -ne 0 ]; then
        tail -40 "$log"
        summary+=("$variant: run FAILED: response '${body:-none}', exit $status after SIGTERM")
        return 1
    fi
    say "[$variant] run listened after $(duration "$seconds"), answered '$body', exited 0 on SIGTERM"
    summary+=("$variant: '$RUN_COMMAND' listening after $(duration "$seconds"); GET $RUN_URL_PATH -> '$body'; SIGTERM -> exit 0")
}

port_listening() { grep -qx "$1" <(listening_ports); }

# The gateway-console process inside ROOT (started by make).
program_pid() {
    local pid
    for pid in $(processes_in "$1"); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = gateway-console ] && { echo "$pid"; return; }
    done
    return 0
}

# http_get HOST PORT PATH: the response (head and body) of one GET, through bash's /dev/tcp
# (a bare machine has no curl).
http_get() {
    local host=$1 port=$2 path=$3
    exec 3<>"/dev/tcp/$host/$port" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$path" "$host" "$port" >&3
    timeout 10 cat <&3
    exec 3<&-
}

duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# One variant: a fresh root, the tree, then the README's commands. Test first (from nothing:
# install, build, every test), then run (the program on the same root).
check_variant() {
    local variant=$1 root=$work_dir/$1 user dir
    make_root "$variant" || die "could not make the root $root"
    if [ "$variant" = root ]; then
        user=root dir=/root/gateway-console
    else
        user=$USER_NAME dir=/home/$USER_NAME/gateway-console
        add_sudo_user "$root" "$user" || die "could not add the user $user"
    fi
    copy_tree "$root" "$dir" "$user" || die "could not copy the working tree into $root"
    check_test "$variant" "$root" "$user" "$dir" || return 1
    check_run "$variant" "$root" "$user" "$dir" || return 1
}

# ---------------------------------------------------------------------------------------------

check_readme
check_ports_free
need_host_tools
mirror=$(host_mirror)
mkdir -p "$work_dir"
logs=$work_dir/logs
mkdir -p "$logs"
commit=$(git -C "$repo" rev-parse --short HEAD)
dirty=$(git -C "$repo" status --porcelain --untracked-files=no | head -1)
overall_start=$(date +%s)
say "checking ${variants[*]} on $SUITE minbase, commit $commit${dirty:+ (with uncommitted changes)}, mirror $mirror"

for variant in "${variants[@]}"; do
    check_variant "$variant" || failed=1
done

echo
echo "Fresh-machine check, $(date -u +%Y-%m-%d), commit $commit${dirty:+ + uncommitted changes}, Debian $SUITE minbase"
printf '  %s\n' "${summary[@]}"
echo "  total $(duration $(($(date +%s) - overall_start)))"
[ "$failed" -eq 0 ] && echo "  result: PASS" || echo "  result: FAIL (logs: $logs)"
exit "$failed"
