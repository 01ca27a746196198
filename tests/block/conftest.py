"""Shared helpers for the block-layer tests: paths to emu-img / emu-io /
qemu-img, running them, and building raw reference images in Python."""
import os
import shutil
import subprocess

import pytest

BUILD = os.environ.get('EMU_BUILD', os.path.join(os.path.dirname(__file__), '..', '..', 'build'))
EMU_IMG = os.path.join(BUILD, 'emu-img')
EMU_IO = os.path.join(BUILD, 'tests', 'block', 'emu-io')
QEMU_IMG = shutil.which('qemu-img')
QEMU_IO = shutil.which('qemu-io')


def run(*args, check=True, timeout=60, input=None):
    """Run a command; return (returncode, stdout, stderr)."""
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, errors='replace',
                       timeout=timeout, input=input)
    if check and p.returncode != 0:
        raise AssertionError(f'{args} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}')
    assert p.returncode >= 0, f'{args} killed by signal {-p.returncode}'
    return p.returncode, p.stdout, p.stderr


def emu_img(*args, **kw):
    return run(EMU_IMG, *args, **kw)


def qemu_img(*args, **kw):
    return run(QEMU_IMG, *args, **kw)


def emu_io(path, *cmds, fmt=None, opts=(), **kw):
    args = [EMU_IO] + list(opts)
    if fmt:
        args += ['-f', fmt]
    for c in cmds:
        args += ['-c', c]
    return run(*args, path, **kw)


def qemu_io(path, *cmds, fmt='qcow2', **kw):
    args = [QEMU_IO, '-f', fmt]
    for c in cmds:
        args += ['-c', c]
    return run(*args, path, **kw)


class RawRef:
    """A raw reference image written directly from Python: the oracle for
    what an image must read back as."""

    def __init__(self, path, size):
        self.path = path
        self.size = size
        with open(path, 'wb') as f:
            f.truncate(size)

    def write(self, off, length, pattern):
        with open(self.path, 'r+b') as f:
            f.seek(off)
            f.write(bytes([pattern]) * length)

    def zero(self, off, length):
        self.write(off, length, 0)


def check_clean(path, fmt='qcow2'):
    """qemu-img check must find neither errors nor leaks."""
    rc, out, err = qemu_img('check', '-f', fmt, path, check=False)
    assert rc == 0, f'qemu-img check {path}: rc={rc}\n{out}\n{err}'
    return out


def check_no_corruption(path):
    rc, out, err = qemu_img('check', path, check=False)
    assert rc in (0, 3), f'qemu-img check {path}: rc={rc}\n{out}\n{err}'
    return rc


def assert_same(a, b, fmt_a='qcow2', fmt_b='raw', tool=None):
    tool = tool or QEMU_IMG
    rc, out, err = run(tool, 'compare', '-f', fmt_a, '-F', fmt_b, a, b, check=False)
    assert rc == 0, f'compare {a} {b}: {out}{err}'


@pytest.fixture(autouse=True, scope='session')
def _tools():
    for t in (EMU_IMG, EMU_IO):
        if not os.path.exists(t):
            pytest.skip(f'{t} is not built')
    if not QEMU_IMG or not QEMU_IO:
        pytest.skip('qemu-utils (qemu-img, qemu-io) is not installed')
