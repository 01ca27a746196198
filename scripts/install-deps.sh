#!/bin/sh
# Install everything emu needs to build, test and benchmark on Debian 12 amd64.
# Idempotent and quiet when all is present; run as root (or through sudo).
set -e

PKGS="build-essential pkg-config gcc-12-multilib
libglib2.0-dev zlib1g-dev libsdl2-dev libncurses-dev liburing-dev
libslirp-dev libcapstone-dev libaio-dev
gcc-i686-linux-gnu gcc-arm-linux-gnueabihf gcc-powerpc-linux-gnu
libc6-dev-i386-cross libc6-dev-armhf-cross libc6-dev-powerpc-cross
python3 python3-pytest qemu-utils qemu-user qemu-system-x86 seabios
gdb-multiarch clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
archs=$(dpkg --print-foreign-architectures)
need_arch=""
for a in i386 armhf; do
    echo "$archs" | grep -qx "$a" || need_arch="$need_arch $a"
done

[ -z "$missing" ] && [ -z "$need_arch" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
for a in $need_arch; do
    $SUDO dpkg --add-architecture "$a"
done
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "install-deps: apt-get update reported errors; continuing with the indexes it got" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
