#!/bin/sh
# emu-img bench against qemu-img bench: same options, same machine, one run.
# Cases: 4 KiB and 64 KiB allocating writes into a fresh qcow2, and 4 KiB
# reads scattered over a written image (step 4K*7919 mod size), each with
# aio=threads (cache=writeback) and aio=native (cache=none).  The machine is
# shared, so the two tools alternate run by run (which one goes first
# alternates too) and each case reports the median of RUNS runs per tool.
# Usage: bench/img/compare.sh [build-dir] [work-dir]; env RUNS (default 5),
# CASES (default all; a grep -E pattern over the case names).
set -e
BUILD=${1:-build}
WORK=${2:-$(mktemp -d /var/tmp/emu-bench.XXXXXX)}
RUNS=${RUNS:-5}
CASES=${CASES:-.}
EMU_IMG=$BUILD/emu-img
IMG=$WORK/bench.qcow2
SIZE=4G

seconds() {
    sed -n 's/^Run completed in \([0-9.]*\) seconds\./\1/p'
}

median() {      # numbers on stdin, one a line
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
                   else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

one_run() {     # tool count fresh bench-options... -> ops/s
    tool=$1 count=$2 fresh=$3
    shift 3
    if [ "$fresh" = yes ]; then
        rm -f "$IMG"
        qemu-img create -q -f qcow2 "$IMG" $SIZE
    fi
    t=$("$tool" bench -f qcow2 -c "$count" "$@" "$IMG" | seconds)
    awk -v c="$count" -v t="$t" 'BEGIN { printf "%.0f\n", c / t }'
}

run_case() {     # name count fresh(yes/no) bench-options...
    name=$1 count=$2 fresh=$3
    shift 3
    echo "$name" | grep -Eq "$CASES" || return 0
    : >"$WORK/qemu" ; : >"$WORK/emu"
    i=0
    while [ $i -lt "$RUNS" ]; do
        if [ $((i % 2)) = 0 ]; then order="qemu emu"; else order="emu qemu"; fi
        for who in $order; do
            if [ $who = qemu ]; then tool=qemu-img; else tool=$EMU_IMG; fi
            one_run "$tool" "$count" "$fresh" "$@" >>"$WORK/$who"
        done
        i=$((i + 1))
    done
    q=$(median <"$WORK/qemu") e=$(median <"$WORK/emu")
    printf '%-30s qemu-img %8s  emu-img %8s ops/s  (%s)  [q: %s] [e: %s]\n' "$name" "$q" "$e" \
        "$(awk -v q="$q" -v e="$e" 'BEGIN { printf "%+.1f%%", (e - q) * 100 / q }')" \
        "$(tr '\n' ' ' <"$WORK/qemu" | sed 's/ $//')" "$(tr '\n' ' ' <"$WORK/emu" | sed 's/ $//')"
}

echo "median of $RUNS interleaved runs per tool"
for aio in threads native; do
    if [ $aio = native ]; then set -- -t none -i native; else set -- -t writeback -i threads; fi
    run_case "4k alloc write aio=$aio" 60000 yes -w -s 4k "$@"
    run_case "64k alloc write aio=$aio" 20000 yes -w -s 64k "$@"
    if echo "4k scattered read aio=$aio" | grep -Eq "$CASES"; then
        rm -f "$IMG"
        qemu-img create -q -f qcow2 "$IMG" 1G
        qemu-img bench -q -f qcow2 -w -c 16384 -s 64k "$IMG" >/dev/null
        run_case "4k scattered read aio=$aio" 100000 no -s 4k -S 32436224 "$@"
    fi
done
rm -rf "$WORK"
