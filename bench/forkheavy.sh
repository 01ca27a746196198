# Fork-heavy shell script for busybox sh: every $(...) and (...) below is a
# forked subshell running only builtins, so no program is ever exec'd and
# the whole run stays inside the emulator being measured.
# Usage: busybox sh forkheavy.sh ROUNDS
rounds=${1:-100}
total=0
i=0
while [ "$i" -lt "$rounds" ]; do
    a=$(echo "$i")
    b=$( (echo "$((i * 3 + 1))") )
    ( exit $((i % 2)) ) && total=$((total + 1))
    c=$(printf '%s-%s' "$a" "$b")
    total=$((total + ${#c} + b))
    i=$((i + 1))
done
echo "forkheavy rounds=$rounds total=$total"
