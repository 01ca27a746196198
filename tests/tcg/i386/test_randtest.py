"""Bounded sample of the random differential tester (randtest-run): a fixed
seed per instruction class, native vs emu-i386, zero mismatches required.
The long run is `tests/tcg/i386/randtest-run --insns 10000000`."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_oracle import emu_runner  # noqa: E402

# (class, cases): 5-20 s per class on an idle 2-core machine.
SAMPLES = [('int', 8000), ('x87', 8000), ('sse', 12000), ('sse3', 8000), ('all', 4000)]


@pytest.mark.parametrize('cls,cases', SAMPLES)
def test_randtest(cls, cases):
    if emu_runner() is None:
        pytest.skip('no emulator: build/emu-i386 not built yet (or EMU_I386 unset)')
    p = subprocess.run([sys.executable, os.path.join(HERE, 'randtest-run'), '--seed', '1',
                        '--classes', cls, '--cases', str(cases), '--max-mismatches', '1'],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stdout[-6000:]
