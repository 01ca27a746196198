#!/bin/sh
# Download Debian packages of a guest architecture and unpack them into a
# sysroot in the cache (outside git): $EMU_CACHE/sysroot-ARCH.
# Usage: scripts/fetch-debian.sh ARCH PACKAGE...   (prints the sysroot path)
set -e
[ $# -ge 2 ] || { echo "usage: $0 ARCH PACKAGE..." >&2; exit 2; }
arch=$1; shift
cache=${EMU_CACHE:-$(cd "$(dirname "$0")/.." && pwd)/build/cache}
debs=$cache/debs-$arch
root=$cache/sysroot-$arch
mkdir -p "$debs" "$root/.fetched"

for pkg in "$@"; do
    [ -e "$root/.fetched/$pkg" ] && continue
    if ! ls "$debs/${pkg}"_*.deb >/dev/null 2>&1; then
        if ! (cd "$debs" && apt-get download -q "$pkg:$arch" >/dev/null 2>&1); then
            # The index may be missing on a fresh machine: refresh it once.
            apt-get update -qq >/dev/null 2>&1 || true
            (cd "$debs" && apt-get download -q "$pkg:$arch" >/dev/null) || {
                echo "fetch-debian: cannot download $pkg:$arch" >&2; exit 1; }
        fi
    fi
    for deb in "$debs/${pkg}"_*.deb; do
        dpkg-deb -x "$deb" "$root"
    done
    touch "$root/.fetched/$pkg"
done
echo "$root"
