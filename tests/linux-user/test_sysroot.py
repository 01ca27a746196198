"""Dynamically linked Debian i386 programs (coreutils, bash, perl, python3)
from a sysroot of Debian packages, under `emu-i386 -L sysroot` and natively
(through the sysroot's own ld.so): same output and status."""
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '../..'))
BUILD = os.environ.get('EMU_BUILD', os.path.join(ROOT, 'build'))
EMU = os.environ.get('EMU_I386', os.path.join(BUILD, 'emu-i386'))

PACKAGES = '''libc6 coreutils bash libtinfo6 libselinux1 libpcre2-8-0 libacl1 libattr1
libgmp10 perl-base libcrypt1 python3.11-minimal libpython3.11-minimal libpython3.11-stdlib
libssl3 zlib1g libffi8 libbz2-1.0 liblzma5 libexpat1 libuuid1 libsqlite3-0 libncursesw6
libreadline8 libdb5.3 libgdbm6 libnsl2 libtirpc3 libgssapi-krb5-2 libkrb5-3 libk5crypto3
libcom-err2 libkrb5support0 libkeyutils1'''.split()

BASH_SCRIPT = r'''
set -e
declare -A colour=([apple]=red [banana]=yellow)
arr=(one two three)
for k in $(printf "%s\n" "${!colour[@]}" | sort); do echo "$k is ${colour[$k]}"; done
echo "${#arr[@]} ${arr[1]^^} ${arr[*]:1}"
sq() { echo $(( $1 * $1 )); }
total=0; for i in {1..30}; do total=$(( total + $(sq $i) )); done; echo "sum $total"
seq 1 100 | paste -sd+ | tr -d '\n'; echo
printf 'b 2\na 10\nc 1\n' | sort -k2 -n | cut -d' ' -f1 | tr '\n' ' '; echo
( cd / && pwd ); echo "subshell $?"
x=$(echo hello | md5sum | cut -c1-8); echo "md5 $x"
mkdir -p d && touch -d @0 d/f1 && touch -d @86400 d/f2 && ls -ln --time-style=+%s d | tail -n 2 | awk '{print $6, $7}'
echo "$(factor 360) / $(expr 7 \* 6) / $(date -u -d @1234567890 +%F_%T)"
printf '%s\n' {a..e} | tac | head -n 3 | wc -l
sha256sum <<< "emu" | cut -c1-16
printf '#!/bin/bash\necho "script $# $1 ${BASH_VERSINFO[0]}"\n' > s.sh && chmod +x s.sh && ./s.sh arg
'''

PERL_SCRIPT = r'''
my %h = map { $_ => length($_) } qw(alpha beta gamma delta);
print join(",", map { "$_=$h{$_}" } sort keys %h), "\n";
my $s = "The quick brown fox"; (my $t = $s) =~ s/(\w+)/\u\L$1/g; print "$t\n";
my @w = sort { $b <=> $a } (3, 11, 7, 2); print "@w\n";
printf("%.3f %05d %x %s\n", 3.14159, 42, 255, scalar reverse("abc"));
print unpack("H*", pack("N n C", 0xdeadbeef, 0x1234, 7)), "\n";
my $n = 0; $n += $_ ** 2 for 1 .. 100; print "$n\n";
open(my $fh, ">", "p.txt") or die; print $fh "line$_\n" for 1 .. 3; close $fh;
open($fh, "<", "p.txt") or die; my @l = <$fh>; close $fh; print scalar(@l), " $l[2]";
print join("|", split(/,\s*/, "a, b,c ,  d")), "\n";
'''

PYTHON_SCRIPT = r'''
import hashlib, json, os, socket, subprocess, sys, threading, zlib
data = {"name": "emu", "values": [1, 2.5, None, True], "nested": {"k": "v"}}
text = json.dumps(data, sort_keys=True)
print(text, json.loads(text) == data)
blob = ("payload %d\n" * 500 % tuple(range(500))).encode()
packed = zlib.compress(blob, 9)
print(len(blob), zlib.decompress(packed) == blob, zlib.crc32(blob), zlib.adler32(blob))
print(hashlib.sha256(blob).hexdigest()[:32], hashlib.md5(blob).hexdigest(), hashlib.sha1(blob).hexdigest()[:16])
counter = {"n": 0}
lock = threading.Lock()
def work(k):
    for i in range(3000):
        with lock:
            counter["n"] += k
threads = [threading.Thread(target=work, args=(k,)) for k in range(1, 6)]
for t in threads: t.start()
for t in threads: t.join()
print("threads", counter["n"])
r = subprocess.run([sys.executable, "-c", "import sys; print(sum(range(101))); sys.exit(3)"],
                   capture_output=True, text=True)
print("subprocess", r.stdout.strip(), r.returncode)
p = subprocess.Popen(["sort", "-r"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
print("pipe", p.communicate("a\nc\nb\n")[0].split(), p.returncode)
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0)); srv.listen(2)
port = srv.getsockname()[1]
def serve():
    for _ in range(2):
        c, _ = srv.accept()
        with c:
            msg = b""
            while not msg.endswith(b"\n"):
                msg += c.recv(7)
            c.sendall(hashlib.sha1(msg).hexdigest().encode())
th = threading.Thread(target=serve); th.start()
for word in ("hello", "loopback"):
    with socket.create_connection(("127.0.0.1", port)) as cl:
        cl.sendall(word.encode() * 100 + b"\n")
        print("socket", word, cl.recv(100).decode()[:12])
th.join(); srv.close()
u = socket.socketpair(); u[0].sendall(b"unix"); print("socketpair", u[1].recv(10))
print("env", os.environ.get("EMU_TEST_VAR"), os.getcwd() == os.path.realpath("."))
'''

# Debian's i386 Python computes its floats on the x87 unit (i686, no SSE2).
PYTHON_FLOAT_SCRIPT = r'''
import cmath, fractions, math, statistics
v = [math.sin(i) * math.exp(-i / 1e4) + math.atan2(i, 7) for i in range(1, 20000)]
print(sum(v), statistics.pstdev(v), math.fsum(v), float(fractions.Fraction(355, 113)))
print(math.gamma(4.5), cmath.sqrt(-2 + 1j), round(2.675, 2), 1e308 * 10, int(1e18 / 3))
print(math.fmod(1e300, 3.7), 0.1 + 0.2, 2 ** 0.5, math.lgamma(100.5), math.erf(0.3))
print(float.hex(math.pi / 7), '%.17g %.3e' % (1 / 3, 6.02214076e23), float('1e-320') / 3)
try:
    math.exp(1000)
except OverflowError as e:
    print('overflow:', e)
print(sum(float(i) / 7.0 for i in range(100000)))
'''


@pytest.fixture(scope='module')
def sysroot():
    r = subprocess.run([os.path.join(ROOT, 'scripts/fetch-debian.sh'), 'i386'] + PACKAGES,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=900)
    if r.returncode != 0:
        pytest.skip('cannot fetch the i386 sysroot: ' + r.stderr.strip()[-300:])
    return r.stdout.strip().splitlines()[-1]


def compare(sysroot, prog, args, tmp_path, env_extra=None):
    libpath = f'{sysroot}/lib/i386-linux-gnu:{sysroot}/usr/lib/i386-linux-gnu'
    env = dict(os.environ, LD_LIBRARY_PATH=libpath, LC_ALL='C', EMU_TEST_VAR='set',
               PATH=f'{sysroot}/usr/bin:{sysroot}/bin:/usr/bin:/bin')
    env.update(env_extra or {})
    results = []
    for mode in ('native', 'emu'):
        cwd = tmp_path / mode
        cwd.mkdir()
        if mode == 'native':
            cmd = [f'{sysroot}/lib/ld-linux.so.2', f'{sysroot}{prog}'] + args
        else:
            cmd = [EMU, '-L', sysroot, f'{sysroot}{prog}'] + args
        results.append(subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, timeout=120))
    native, emu = results
    assert native.returncode == 0, native.stdout.decode(errors='replace')
    assert emu.stdout.decode(errors='replace') == native.stdout.decode(errors='replace')
    assert emu.returncode == native.returncode


def test_coreutils(sysroot, tmp_path):
    # Not '/': under -L, '/bin' names the sysroot's directory (as with qemu).
    compare(sysroot, '/bin/ls', ['-lni', '--time-style=+%s', os.path.join(ROOT, 'tests')],
            tmp_path)


def test_bash(sysroot, tmp_path):
    compare(sysroot, '/bin/bash', ['-c', BASH_SCRIPT], tmp_path)


def test_perl(sysroot, tmp_path):
    compare(sysroot, '/usr/bin/perl', ['-e', PERL_SCRIPT], tmp_path)


def test_python(sysroot, tmp_path):
    compare(sysroot, '/usr/bin/python3.11', ['-c', PYTHON_SCRIPT], tmp_path,
            {'PYTHONHOME': f'{sysroot}/usr'})


def test_python_float(sysroot, tmp_path):
    compare(sysroot, '/usr/bin/python3.11', ['-c', PYTHON_FLOAT_SCRIPT], tmp_path,
            {'PYTHONHOME': f'{sysroot}/usr'})
