#!/bin/sh
# `make run`: run a real i386 Debian program under emu-i386. Fetches
# busybox-static:i386 into the cache on first use, then runs a small shell
# script through the emulated busybox (pipes, sed, awk, sort, md5sum).
set -e
cd "$(dirname "$0")/.."
build=${EMU_BUILD:-build}
root=$(scripts/fetch-debian.sh i386 busybox-static)
bb=$root/bin/busybox
echo "emu-i386: running $bb (Debian busybox-static, i386) under $build/emu-i386"
exec "${EMU_I386:-$build/emu-i386}" "$bb" sh -c '
echo "uname -m: $(uname -m)"
i=1
while [ $i -le 5 ]; do echo "line $i $((i * i))"; i=$((i + 1)); done > /tmp/emu-run-$$.txt
echo "sed:";  sed -e "s/line/row/" /tmp/emu-run-$$.txt | head -n 2
echo "awk:";  awk "{ s += \$3 } END { print \"sum of squares\", s }" /tmp/emu-run-$$.txt
echo "sort:"; sort -k3 -n -r /tmp/emu-run-$$.txt | head -n 2
echo "md5sum:"; md5sum < /tmp/emu-run-$$.txt
echo "pipes:"; cat /tmp/emu-run-$$.txt | grep -c line | tr 0-9 a-j
rm -f /tmp/emu-run-$$.txt
'
