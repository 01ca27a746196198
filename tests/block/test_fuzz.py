"""Bounded libFuzzer run over the image-opening and metadata paths, seeded
with the corpus in tests/block/fuzz-corpus (new inputs go to a temp dir).
The seed is fixed so that a failure can be reproduced."""
import os
import subprocess

import pytest

from conftest import BUILD

FUZZER = os.path.join(BUILD, 'tests', 'block', 'fuzz-qcow2')
CORPUS = os.path.join(os.path.dirname(__file__), 'fuzz-corpus')


def test_fuzz_qcow2_bounded(tmp_path):
    if not os.path.exists(FUZZER):
        pytest.skip('fuzz-qcow2 not built (clang with libFuzzer missing)')
    p = subprocess.run([FUZZER, '-seed=1', '-max_total_time=25', '-timeout=30',
                        '-rss_limit_mb=1024',
                        f'-artifact_prefix={tmp_path}/', str(tmp_path), CORPUS],
                       capture_output=True, text=True, errors='replace', timeout=120)
    assert p.returncode == 0, p.stderr[-4000:]
    assert 'Done' in p.stderr
