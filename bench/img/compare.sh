#!/bin/sh
# emu-img bench against qemu-img bench: same options, same machine, one run.
# Cases: 4 KiB and 64 KiB allocating writes into a fresh qcow2, and 4 KiB
# reads scattered over a written image (step 4K*7919 mod size), each with
# aio=threads (cache=writeback) and aio=native (cache=none).
# Usage: bench/img/compare.sh [build-dir] [work-dir]; prints ops/s per tool.
set -e
BUILD=${1:-build}
WORK=${2:-$(mktemp -d /var/tmp/emu-bench.XXXXXX)}
EMU_IMG=$BUILD/emu-img
IMG=$WORK/bench.qcow2
SIZE=4G

seconds() {
    sed -n 's/^Run completed in \([0-9.]*\) seconds\./\1/p'
}

run_case() {     # name count fresh(yes/no) bench-options...
    name=$1 count=$2 fresh=$3
    shift 3
    for tool in qemu-img "$EMU_IMG"; do
        if [ "$fresh" = yes ]; then
            rm -f "$IMG"
            qemu-img create -q -f qcow2 "$IMG" $SIZE
        fi
        t=$("$tool" bench -f qcow2 -c "$count" "$@" "$IMG" | seconds)
        ops=$(awk -v c="$count" -v t="$t" 'BEGIN { printf "%.0f", c / t }')
        printf '%-34s %-9s %8s s %10s ops/s\n' "$name" "$(basename "$tool")" "$t" "$ops"
    done
}

for aio in threads native; do
    if [ $aio = native ]; then set -- -t none -i native; else set -- -t writeback -i threads; fi
    run_case "4k alloc write aio=$aio" 60000 yes -w -s 4k "$@"
    run_case "64k alloc write aio=$aio" 20000 yes -w -s 64k "$@"
    rm -f "$IMG"
    qemu-img create -q -f qcow2 "$IMG" 1G
    qemu-img bench -q -f qcow2 -w -c 16384 -s 64k "$IMG" >/dev/null
    run_case "4k scattered read aio=$aio" 100000 no -s 4k -S 32436224 "$@"
done
rm -rf "$WORK"
