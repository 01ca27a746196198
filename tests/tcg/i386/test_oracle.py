"""i386 oracle tests: every tests/tcg/i386/test-*.c program runs natively (the
host CPU is the oracle) and under emu-i386; the outputs must be identical.

EMU_I386 names the runner under test (default $EMU_BUILD/emu-i386); sections
listed in expected-skips are left out of both runs.
"""
import difflib
import glob
import os
import shutil
import subprocess
import warnings

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get('EMU_BUILD', os.path.join(HERE, '..', '..', '..', 'build'))
BIN_DIR = os.path.join(BUILD, 'tests', 'tcg', 'i386')
TIMEOUT = 120


def emu_runner():
    """Return the emulator command, or None when it does not exist."""
    emu = os.environ.get('EMU_I386') or os.path.join(BUILD, 'emu-i386')
    if os.sep not in emu:
        emu = shutil.which(emu) or emu
    return emu if os.path.isfile(emu) and os.access(emu, os.X_OK) else None


def expected_skips():
    """Map program name -> sections listed in expected-skips (comments: #)."""
    skips = {}
    with open(os.path.join(HERE, 'expected-skips')) as f:
        for line in f:
            words = line.split('#', 1)[0].split()
            if len(words) >= 2:
                skips.setdefault(words[0], []).append(words[1])
    return skips


def programs():
    return sorted(os.path.basename(p)[:-2]
                  for p in glob.glob(os.path.join(HERE, 'test-*.c')))


def run(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, errors='replace', text=True)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors='replace') if e.stdout else ''
        return 'timeout', out, ''


@pytest.mark.parametrize('prog', programs())
def test_oracle(prog):
    emu = emu_runner()
    if emu is None:
        pytest.skip('no emulator: build/emu-i386 not built yet (or EMU_I386 unset)')
    binary = os.path.join(BIN_DIR, prog)
    assert os.path.exists(binary), f'{binary} not built (make check builds it)'
    args = []
    for sec in expected_skips().get(prog, []):
        args += ['-x', sec]
    n_rc, n_out, n_err = run([binary] + args)
    assert n_rc == 0, f'native run failed ({n_rc}): {n_err}'
    e_rc, e_out, e_err = run([emu, binary] + args)
    if e_out != n_out or e_rc != n_rc:
        diff = difflib.unified_diff(n_out.splitlines(), e_out.splitlines(),
                                    'native', 'emu', lineterm='', n=2)
        text = '\n'.join(list(diff)[:80])
        pytest.fail(f'{prog}: output differs from the host CPU '
                    f'(exit native {n_rc}, emu {e_rc}; stderr {e_err[-500:]!r})\n'
                    f'{section_verdicts(emu, binary, args)}\n{text}')
    for sec in args[1::2]:
        if run([binary, sec])[:2] == run([emu, binary, sec])[:2]:
            warnings.warn(f'{prog} {sec} now matches the host: remove it from expected-skips')


def section_verdicts(emu, binary, args):
    """Run each section alone, so one crash does not hide the others."""
    rc, out, _ = run([binary, '--list'])
    skipped = set(args[1::2])
    lines = []
    for sec in out.split():
        if sec in skipped:
            lines.append(f'  {sec}: expected skip')
            continue
        n = run([binary, sec])
        e = run([emu, binary, sec])
        verdict = 'ok' if n[:2] == e[:2] else f'DIFFERS (emu exit {e[0]})'
        lines.append(f'  {sec}: {verdict}')
    return 'sections:\n' + '\n'.join(lines)
