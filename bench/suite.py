"""The benchmark table of bench/run and of tests/bench/: one entry per
benchmark, with the command that runs it, its work size for a full run and for
a smoke run, and the output a correct run prints (when it does not depend on
the Debian package version).

Command words are templates: {bench} is build/bench, {i386} its i386/ folder,
{src} the bench/ source folder and {sysroot} the Debian i386 sysroot.
"""


class Bench:
    """One benchmark.

    argv: guest program and arguments, without the work size.
    size / smoke_size: the work-size arguments of a full run and of a smoke run.
    expect / smoke_expect: the output a correct run prints (None: not fixed, as
    for the output of a Debian program whose version may change).
    spawn: the program is started this many times (full run) by bench/spawn.
    dynamic: a dynamically linked program of the sysroot (run by its ld.so
    natively, with -L sysroot under the emulators).
    binary: the output is binary data, compared by its SHA-256.
    """

    def __init__(self, name, group, what, argv, size=(), smoke_size=(), expect=None,
                 smoke_expect=None, spawn=None, smoke_spawn=None, dynamic=False,
                 binary=False, env=None):
        self.name = name
        self.group = group
        self.what = what
        self.argv = list(argv)
        self.size = list(size)
        self.smoke_size = list(smoke_size)
        self.expect = expect
        self.smoke_expect = smoke_expect
        self.spawn = spawn
        self.smoke_spawn = smoke_spawn
        self.dynamic = dynamic
        self.binary = binary
        self.env = dict(env or {})

    def words(self, smoke):
        return self.argv + (self.smoke_size if smoke else self.size)

    def expected(self, smoke):
        return self.smoke_expect if smoke else self.expect

    def count(self, smoke):
        return self.smoke_spawn if smoke else self.spawn


PY_ENV = {'PYTHONHOME': '{sysroot}/usr', 'PYTHONDONTWRITEBYTECODE': '1'}

# Groups: the targets are stated per group (int + mem: geometric mean
# of emu/native <= 2; fp: 10x faster than qemu; start: 2x faster than qemu).
BENCHMARKS = [
    Bench('hash', 'int', 'CRC-32, Murmur3 mixing, 64-bit multiply hash over 64 KiB',
          ['{i386}/hash'], ['2000'], ['20'],
          'hash n=2000 checksum=6894e57b', 'hash n=20 checksum=eefb700b'),
    Bench('interp', 'int', 'bytecode VM, computed-goto dispatch (indirect jumps)',
          ['{i386}/interp'], ['20'], ['1'],
          'interp n=20 checksum=474460fd', 'interp n=1 checksum=f8af46fe'),
    Bench('sort', 'int', 'qsort with callbacks, merge sort, string qsort',
          ['{i386}/sort'], ['10'], ['1'],
          'sort n=10 checksum=1c094a02', 'sort n=1 checksum=d4d0ea5e'),
    Bench('memcpy', 'mem', 'libc memcpy/memmove/memset, small to 1 MiB',
          ['{i386}/memcpy'], ['300'], ['5'],
          'memcpy n=300 checksum=39458b5d', 'memcpy n=5 checksum=91f2d2e7'),
    Bench('ptrchase', 'mem', 'dependent loads over 32 KiB, 2 MiB, 16 MiB rings',
          ['{i386}/ptrchase'], ['8'], ['1'],
          'ptrchase n=8 checksum=c691e126', 'ptrchase n=1 checksum=4371faf6'),
    Bench('x87', 'fp', 'n-body, spectral norm, Mandelbrot on the x87 FPU',
          ['{i386}/x87'], ['6'], ['1'],
          'fpnum n=6 checksum=2498b34b', 'fpnum n=1 checksum=df1ff348'),
    Bench('sse2', 'fp', 'the same numerics in SSE2 (scalar and packed)',
          ['{i386}/sse2'], ['30'], ['1'],
          'fpnum n=30 checksum=61e55097', 'fpnum n=1 checksum=21cec302'),
    Bench('syscall', 'sys', 'getppid/read/write/lseek/fstat/open loop',
          ['{i386}/syscall'], ['600000'], ['1000'],
          'syscall n=600000 checksum=b2fe1815', 'syscall n=1000 checksum=43f1a695'),
    Bench('startup', 'start', 'static hello world started 150 times',
          ['{i386}/hello'], spawn=150, smoke_spawn=3,
          expect='hello, world\nspawn: 150 runs, identical output',
          smoke_expect='hello, world\nspawn: 3 runs, identical output'),
    Bench('forkheavy', 'start', 'busybox sh: 4 forked subshells per round, 150 rounds',
          ['{sysroot}/bin/busybox', 'sh', '{src}/forkheavy.sh'], ['150'], ['5'],
          'forkheavy rounds=150 total=34654', 'forkheavy rounds=5 total=55'),
    Bench('tcheavy', 'code', '6000 generated functions (2.4 MB of code) run once',
          ['{i386}/tcheavy'], expect='tcheavy functions=6000 checksum=eb7a89d4',
          smoke_expect='tcheavy functions=6000 checksum=eb7a89d4'),
    Bench('gzip', 'real', 'Debian gzip -6 of a 4 MiB text file',
          ['{sysroot}/bin/gzip', '-c'], ['-6', '{bench}/data-4m.txt'],
          ['-1', '{src}/pybench.py'], dynamic=True, binary=True),
    Bench('xz', 'real', 'Debian xz -6 of a 1 MiB text file',
          ['{sysroot}/usr/bin/xz', '-c', '-T1'], ['-6', '{bench}/data-1m.txt'],
          ['-1', '{src}/pybench.py'], dynamic=True, binary=True),
    Bench('python', 'real', 'Debian python3.11 running bench/pybench.py',
          ['{sysroot}/usr/bin/python3.11', '{src}/pybench.py'], ['15'], ['1'],
          'python rounds=15 checksum=988a863e', 'python rounds=1 checksum=2767e9e7',
          dynamic=True, env=PY_ENV),
]

GROUPS = {
    'int': 'integer',
    'mem': 'memory',
    'fp': 'floating point',
    'sys': 'system calls',
    'start': 'process start-up and fork',
    'code': 'translation',
    'real': 'Debian programs',
}


def by_name(name):
    for b in BENCHMARKS:
        if b.name == name:
            return b
    return None
