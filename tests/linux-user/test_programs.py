"""Guest programs run under emu-i386 and natively (the host runs i386 code):
same output, same exit status. One test per program t_*.c (built by build.mk).
"""
import glob
import os
import subprocess

import pytest

BUILD = os.environ.get('EMU_BUILD', os.path.join(os.path.dirname(__file__), '../../build'))
EMU = os.environ.get('EMU_I386', os.path.join(BUILD, 'emu-i386'))
PROG_DIR = os.path.join(BUILD, 'tests/linux-user')
SRC_DIR = os.path.dirname(os.path.abspath(__file__))
PROGS = sorted(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(SRC_DIR, 't_*.c')))
TIMEOUT = 30


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT, **kw)


@pytest.mark.parametrize('prog', PROGS)
def test_same_as_native(prog, tmp_path):
    path = os.path.join(PROG_DIR, prog)
    if not os.path.exists(path):
        pytest.skip(f'{path} not built')
    native = run([path], cwd=tmp_path)
    emu = run([EMU, path], cwd=tmp_path)
    assert emu.stdout.decode(errors='replace') == native.stdout.decode(errors='replace'), \
        emu.stderr.decode(errors='replace')[-2000:]
    assert emu.returncode == native.returncode
