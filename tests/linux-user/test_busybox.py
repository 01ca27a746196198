"""Debian's busybox-static:i386 under emu-i386 against the same binary run
natively: shell loops and pipes, sed, awk, sort, grep, tar, gzip/gunzip,
md5sum/sha256sum produce the same output and status."""
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '../..'))
BUILD = os.environ.get('EMU_BUILD', os.path.join(ROOT, 'build'))
EMU = os.environ.get('EMU_I386', os.path.join(BUILD, 'emu-i386'))

SCRIPTS = {
    'loops_pipes': '''
        i=0; while [ $i -lt 50 ]; do echo "n $i $((i * 7 % 13))"; i=$((i + 1)); done |
            grep -v " 3" | sort -k3 -n | head -n 20 | tail -n 5
        for w in alpha beta gamma; do printf "%s:%d\\n" $w ${#w}; done | tr a-z A-Z
        echo $(( (1 << 20) / 3 )) $((0x7fffffff + 1))
        x=$(echo abc | rev); echo "sub $x"; case $x in c*) echo matched;; esac
        f() { local v=$1; echo "func $v $#"; return 3; }; f one two || echo "status $?"
        ''',
    'sed_awk': '''
        printf "a,1\\nb,22\\nc,333\\n" > t.csv
        sed -n "s/,\\(.*\\)/ = \\1/p" t.csv
        sed "2d;s/^/> /" t.csv
        awk -F, '{ n += $2; printf "%s %5.2f\\n", $1, $2 / 7 } END { print "total", n }' t.csv
        awk 'BEGIN { for (i = 1; i <= 5; i++) s = s i * i " "; print s; print length("hello"), substr("emulator", 2, 3), index("abc", "c") }'
        ''',
    'sort_grep_uniq': '''
        printf "pear\\napple\\nfig\\napple\\nbanana\\nfig\\nfig\\n" > f.txt
        sort f.txt | uniq -c
        sort -r -u f.txt
        grep -n "an" f.txt; grep -c fig f.txt; grep -E "^(a|b)" f.txt | wc -l
        seq 1 20 | grep -v 1 | xargs echo
        ''',
    'tar_gzip': '''
        mkdir -p d/sub; i=0; while [ $i -lt 200 ]; do echo "data line $i"; i=$((i+1)); done > d/a.txt
        echo small > d/sub/b.txt
        touch -t 200001020304 d d/a.txt d/sub d/sub/b.txt   # the archive holds mtimes
        tar cf x.tar d && tar tf x.tar | sort
        gzip -9 -c x.tar > x.tar.gz && gunzip -c x.tar.gz | md5sum
        md5sum x.tar | cut -d" " -f1
        mkdir out && cd out && tar xzf ../x.tar.gz && cat d/sub/b.txt && wc -l d/a.txt
        ''',
    'checksums': '''
        i=0; while [ $i -lt 1000 ]; do echo "$i"; i=$((i+1)); done > n.txt
        md5sum n.txt; sha1sum n.txt; sha256sum n.txt; sha512sum n.txt | cut -c1-32
        cksum n.txt; wc n.txt; od -A x -t x1 n.txt | head -n 2
        ''',
}


@pytest.fixture(scope='module')
def busybox():
    r = subprocess.run([os.path.join(ROOT, 'scripts/fetch-debian.sh'), 'i386', 'busybox-static'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    if r.returncode != 0:
        pytest.skip('cannot fetch busybox-static:i386: ' + r.stderr.strip()[-200:])
    return os.path.join(r.stdout.strip().splitlines()[-1], 'bin/busybox')


def run_script(cmd, tmp):
    os.makedirs(tmp, exist_ok=True)
    return subprocess.run(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=60)


@pytest.mark.parametrize('name', sorted(SCRIPTS))
def test_busybox_script(busybox, name, tmp_path):
    script = 'set -e\n' + SCRIPTS[name]
    native = run_script([busybox, 'sh', '-c', script], tmp_path / 'native')
    emu = run_script([EMU, busybox, 'sh', '-c', script], tmp_path / 'emu')
    assert native.returncode == 0, native.stdout.decode(errors='replace')
    assert emu.stdout.decode(errors='replace') == native.stdout.decode(errors='replace')
    assert emu.returncode == native.returncode
