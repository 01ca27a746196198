#!/bin/sh
# Register emu's user-mode emulators with the kernel's binfmt_misc, so that
# foreign Linux programs run directly (./prog -> emu-<arch> ./prog), like
# qemu-binfmt-conf.sh does for qemu-user.
#
# Usage: scripts/emu-binfmt.sh [options] [arch...]      (arch: i386 arm ppc)
#   --path DIR      directory holding emu-<arch> (default: this tree's build/)
#   --persistent    open the emulator at registration (flag F): works in
#                   chroots and containers that lack the emulator's path
#   --unregister    remove the registrations instead
#   --dry-run       print what would be written to binfmt_misc, change nothing
#   --force         also register the host's own family (i386 on x86-64 hosts
#                   would otherwise run natively; refused without this)
# With no arch, every emu-<arch> found in the directory is handled.
# Needs root and binfmt_misc mounted at /proc/sys/fs/binfmt_misc.
set -e

here=$(cd "$(dirname "$0")/.." && pwd)
dir=$here/build
flags=""
action=register
dry=no
force=no
archs=""
binfmt=/proc/sys/fs/binfmt_misc

while [ $# -gt 0 ]; do
    case $1 in
    --path) dir=$2; shift ;;
    --persistent) flags=F ;;
    --unregister) action=unregister ;;
    --dry-run) dry=yes ;;
    --force) force=yes ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) echo "emu-binfmt: unknown option $1" >&2; exit 2 ;;
    *) archs="$archs $1" ;;
    esac
    shift
done

# ELF header magic and mask (e_ident, e_type ET_EXEC/ET_DYN, e_machine).
magic_of() {
    case $1 in
    i386) echo '\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00' ;;
    arm) echo '\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x28\x00' ;;
    ppc) echo '\x7fELF\x01\x02\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x14' ;;
    *) return 1 ;;
    esac
}

mask_of() {
    case $1 in
    i386|arm) echo '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' ;;
    ppc) echo '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff' ;;
    esac
}

host_family() {
    case $(uname -m) in
    x86_64|i?86) echo i386 ;;
    arm*|aarch64) echo arm ;;
    ppc*) echo ppc ;;
    esac
}

if [ -z "$archs" ]; then
    for e in "$dir"/emu-*; do
        a=${e##*/emu-}
        magic_of "$a" >/dev/null 2>&1 && archs="$archs $a"
    done
fi
[ -n "$archs" ] || { echo "emu-binfmt: no emu-<arch> in $dir" >&2; exit 1; }

if [ $dry = no ] && [ ! -w $binfmt/register ]; then
    echo "emu-binfmt: $binfmt/register is not writable (run as root; mount binfmt_misc)" >&2
    exit 1
fi

for a in $archs; do
    magic_of "$a" >/dev/null || { echo "emu-binfmt: unknown arch $a" >&2; exit 2; }
    name=emu-$a
    if [ $action = unregister ]; then
        if [ $dry = yes ]; then
            echo "echo -1 > $binfmt/$name"
        elif [ -e $binfmt/$name ]; then
            echo -1 > $binfmt/$name
            echo "emu-binfmt: unregistered $name"
        fi
        continue
    fi
    if [ "$a" = "$(host_family)" ] && [ $force = no ]; then
        echo "emu-binfmt: skipping $a: the host runs these natively (use --force)" >&2
        continue
    fi
    emu=$dir/emu-$a
    [ -x "$emu" ] || { echo "emu-binfmt: $emu not found (build it first)" >&2; exit 1; }
    line=":$name:M::$(magic_of "$a"):$(mask_of "$a"):$emu:$flags"
    if [ $dry = yes ]; then
        echo "echo '$line' > $binfmt/register"
    else
        [ -e $binfmt/$name ] && echo -1 > $binfmt/$name
        printf '%s\n' "$line" > $binfmt/register
        echo "emu-binfmt: registered $name -> $emu"
    fi
done
