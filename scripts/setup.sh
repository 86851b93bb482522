#!/bin/sh
# The two set-up commands for a bare Debian 12 (nothing installed, not even make):
#   sh scripts/setup.sh run    installs what is missing, builds, runs the console with the demo config
#   sh scripts/setup.sh test   installs what is missing, builds, runs every test
# Extra arguments go to make (sh scripts/setup.sh run CONFIG=my.yaml). Installing needs root:
# as a normal user it uses sudo. POSIX sh, so it runs before anything is installed.
set -eu

usage() {
    echo "usage: sh scripts/setup.sh run|test [make arguments...]" >&2
    exit 2
}
[ $# -ge 1 ] || usage
case "$1" in
    run | test) ;;
    -h | --help) usage ;;
    *) echo "setup.sh: unknown command '$1'" >&2; usage ;;
esac

cd "$(dirname "$0")/.."

# The packages (make among them) are installed by install-deps.sh, which uses sudo when not root.
# bash is part of every Debian system, so it runs on a bare one too.
bash scripts/install-deps.sh build

exec make "$@"
