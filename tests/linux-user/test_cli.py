"""emu-i386's command line: errors for missing and foreign programs, -version,
-help, -E/-U/-0, -strace, -tb-size, and what only the emulator reports
(uname i686)."""
import glob
import os
import re
import subprocess

import pytest

BUILD = os.environ.get('EMU_BUILD', os.path.join(os.path.dirname(__file__), '../../build'))
EMU = os.environ.get('EMU_I386', os.path.join(BUILD, 'emu-i386'))
PROG_DIR = os.path.join(BUILD, 'tests/linux-user')


def run(args, **kw):
    return subprocess.run([EMU] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=30, text=True, **kw)


def test_nonexistent_program():
    r = run(['/nonexistent/prog'])
    assert r.returncode == 1
    assert 'emu-i386: /nonexistent/prog: No such file or directory' in r.stderr


def test_foreign_elf():
    r = run(['/bin/true'])
    assert r.returncode == 1
    assert 'x86-64' in r.stderr and 'i386' in r.stderr


def test_not_elf(tmp_path):
    p = tmp_path / 'text'
    p.write_text('hello\n')
    r = run([str(p)])
    assert r.returncode == 1 and 'not an ELF' in r.stderr


def test_version_and_help():
    assert 'emu-i386 version' in run(['-version']).stdout
    h = run(['-help']).stdout
    for opt in ('-L', '-E', '-U', '-0', '-strace', '-cpu', '-d', '-D', '-s', '-tb-size'):
        assert opt in h


def test_unknown_option():
    r = run(['-bogus', '/bin/true'])
    assert r.returncode == 1 and 'unknown option' in r.stderr


def guest(name):
    path = os.path.join(PROG_DIR, name)
    if not os.path.exists(path):
        pytest.skip(f'{path} not built')
    return path


def test_env_and_argv0():
    r = run(['-E', 'EMU_T1=one', '-U', 'HOME', '-0', 'zero', guest('t_env')],
            env=dict(os.environ, HOME='/root'))
    assert r.returncode == 0, r.stderr
    assert 'argv0=zero' in r.stdout
    assert 'EMU_T1=one' in r.stdout
    assert not any(line.startswith('HOME=') for line in r.stdout.splitlines())


def test_uname_is_i686():
    r = run([guest('t_env'), 'uname'])
    assert r.returncode == 0, r.stderr
    assert 'machine=i686' in r.stdout


def test_strace():
    r = run(['-strace', guest('t_env')])
    assert r.returncode == 0, r.stderr
    assert 'write(1,' in r.stderr
    assert 'exit_group(0)' in r.stderr


def test_segfault_like_native():
    prog = guest('t_segv')
    shell = 'ulimit -c 0; "$@"; echo "status $?"'
    native = subprocess.run(['bash', '-c', shell, 'sh', prog], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, timeout=30)
    emu = subprocess.run(['bash', '-c', shell, 'sh', EMU, prog], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, timeout=30)
    assert native.stdout == 'before the fault\nstatus 139\n'
    assert emu.stdout == native.stdout
    assert 'Segmentation fault' in native.stderr
    pid = re.compile(r'\d+ Segmentation')
    assert pid.sub('Segmentation', emu.stderr) == pid.sub('Segmentation', native.stderr)


def test_binfmt_script_dry_run():
    script = os.path.join(os.path.dirname(__file__), '../../scripts/emu-binfmt.sh')
    r = subprocess.run([script, '--dry-run', '--force', '--path', BUILD, 'i386'],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("echo ':emu-i386:M::\\x7fELF\\x01\\x01\\x01")
    assert f':{BUILD}/emu-i386:' in r.stdout and r.stdout.rstrip().endswith('/register')
    r = subprocess.run([script, '--dry-run', '--unregister', 'i386'], stdout=subprocess.PIPE,
                       text=True, timeout=30)
    assert r.stdout.strip() == 'echo -1 > /proc/sys/fs/binfmt_misc/emu-i386'
    r = subprocess.run([script, '--dry-run', '--path', BUILD, 'i386'], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    assert r.stdout == '' and 'natively' in r.stderr


def test_unimp_log_to_file(tmp_path):
    log = tmp_path / 'emu.log'
    r = run(['-d', 'unimp', '-D', str(log), guest('t_proc')], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'unknown syscall -1 errno 38' in r.stdout
    assert 'unimplemented syscall 1000' in log.read_text()


def test_stack_size_option():
    r = run(['-s', '64k', guest('t_env')])
    assert r.returncode == 0, r.stderr
    assert run(['-s', 'lots', guest('t_env')]).returncode == 1


def max_rss_kb(args):
    """Run emu with args in a child and return (result, its peak RSS in KB)."""
    code = ('import resource, subprocess, sys; '
            'r = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60); '
            'print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); '
            'print(r.stdout, end="")')
    r = subprocess.run(['/usr/bin/python3', '-c', code, EMU] + args, stdout=subprocess.PIPE,
                       text=True, timeout=90)
    head, _, out = r.stdout.partition('\n')
    rc, rss = head.split()
    return int(rc), int(rss), out


def test_tb_size():
    """-tb-size MB bounds the code buffer: t_jit translates ~10 MB of code, so a
    1 MB buffer is flushed several times (same output as natively) and the
    process stays far smaller than with 64 MB."""
    prog = guest('t_jit')
    native = subprocess.run([prog], stdout=subprocess.PIPE, text=True, timeout=30).stdout
    rc1, rss1, out1 = max_rss_kb(['-tb-size', '1', prog])
    rc64, rss64, out64 = max_rss_kb(['-tb-size', '64', prog])
    assert rc1 == 0 and rc64 == 0
    assert out1 == native and out64 == native
    assert rss64 - rss1 > 5000, (rss1, rss64)
    for bad in ('0', '1025', 'x', '12abc'):
        r = run(['-tb-size', bad, prog])
        assert r.returncode == 1 and 'bad -tb-size' in r.stderr


@pytest.mark.parametrize('flags', ['cpu,nochain', 'cosim'])
def test_debug_logs_keep_x87_results(tmp_path, flags):
    """-d cpu reads the x87 state between finding a block and running it, and
    -d cosim runs blocks twice: neither may disturb the guest's x87 state,
    which generated code keeps in the host's x87 unit."""
    prog = guest('t_x87live')
    native = subprocess.run([prog, '20000'], stdout=subprocess.PIPE, timeout=30, text=True)
    r = run(['-d', flags, '-D', str(tmp_path / 'log'), prog, '20000'])
    assert r.returncode == 0 and r.stdout == native.stdout


def test_perfmap():
    """-perfmap names each block's code for perf: /tmp/perf-<pid>.map lines
    "start size guest_0x<pc>", the first at the program's entry point; a
    forked child writes its own file."""
    prog = guest('t_x87live')       # forks once
    with open(prog, 'rb') as f:
        entry = int.from_bytes(f.read(28)[24:28], 'little')     # e_entry (ELF32)
    before = set(glob.glob('/tmp/perf-*.map'))
    p = subprocess.Popen([EMU, '-perfmap', prog, '1000'], stdout=subprocess.PIPE, text=True)
    out, _ = p.communicate(timeout=30)
    new = set(glob.glob('/tmp/perf-*.map')) - before
    maps = {}
    for path in new:
        maps[path] = open(path).read().splitlines()
        os.unlink(path)
    assert p.returncode == 0 and 'threads' in out
    parent = f'/tmp/perf-{p.pid}.map'
    assert parent in maps and len(new) == 2
    assert len(maps[parent]) > 100 and maps[parent][0].endswith(f'guest_0x{entry:08x}')
    for lines in maps.values():
        assert lines
        for line in lines:
            assert re.fullmatch(r'[0-9a-f]+ [0-9a-f]+ guest_0x[0-9a-f]{8}', line), line
