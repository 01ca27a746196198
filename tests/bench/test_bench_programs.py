"""Smoke test of bench/: each benchmark program, run natively at its smoke
size through bench/run, prints the checksum recorded in bench/suite.py; the
harness shows a failing or lying runner as FAIL/absent, never as a time; the
x87 and SSE2 builds really use the x87 unit and SSE2. No timing is asserted
and nothing is built: programs that `make bench` has not built are skipped."""
import json
import os
import re
import stat
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '../..'))
BUILD = os.environ.get('EMU_BUILD', os.path.join(ROOT, 'build'))
RUN = os.path.join(ROOT, 'bench', 'run')
I386 = os.path.join(BUILD, 'bench', 'i386')

sys.path.insert(0, os.path.join(ROOT, 'bench'))
import suite  # noqa: E402


def bench_run(tmp_path, *args):
    out = tmp_path / 'results.json'
    env = {k: v for k, v in os.environ.items() if k != 'BENCH_ARGS'}
    proc = subprocess.run([RUN, '--build', BUILD, '--smoke', '-n', '1', '--json', str(out)] +
                          list(args), capture_output=True, text=True, timeout=120, env=env)
    assert out.exists(), proc.stdout + proc.stderr
    return proc, json.loads(out.read_text())


def test_help():
    proc = subprocess.run([RUN, '--help'], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0
    for opt in ('--bench', '--reps', '--runners', '--json', '--img'):
        assert opt in proc.stdout


def test_unknown_benchmark_is_an_error():
    proc = subprocess.run([RUN, '-b', 'no-such-bench'], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode != 0
    assert 'unknown benchmark' in proc.stderr


@pytest.mark.parametrize('name', [b.name for b in suite.BENCHMARKS])
def test_native_checksum(tmp_path, name):
    proc, res = bench_run(tmp_path, '--runners', 'native', '-b', name)
    run = res['benchmarks'][0]['runs']['native']
    if run['state'] == 'not built':
        pytest.skip(run['why'])
    assert run['state'] == 'ok', run['why']
    assert proc.returncode == 0
    expected = suite.by_name(name).smoke_expect
    if expected is not None:
        assert run['samples'][0]['output'] == expected


def fake_emulator(tmp_path, body):
    path = tmp_path / 'fake-emu'
    path.write_text('#!/bin/sh\n' + body + '\n')
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def need(prog):
    if not os.path.exists(os.path.join(I386, prog)):
        pytest.skip(f'build/bench/i386/{prog} not built (make bench)')


def test_wrong_output_is_fail_not_time(tmp_path):
    need('hash')
    emu = fake_emulator(tmp_path, 'echo "hash n=20 checksum=00000000"')
    proc, res = bench_run(tmp_path, '--runners', 'native,emu', '--emu', emu, '-b', 'hash')
    bench = res['benchmarks'][0]
    assert bench['runs']['native']['state'] == 'ok'
    assert bench['runs']['emu']['state'] == 'FAIL'
    assert bench['runs']['emu']['median'] is None
    assert bench['emu/native'] is None
    assert re.search(r'^hash\s+int\s+\S+\s+FAIL\s+n/a', proc.stdout, re.M), proc.stdout


def test_crashing_runner_is_fail(tmp_path):
    need('hash')
    emu = fake_emulator(tmp_path, 'kill -SEGV $$')
    _, res = bench_run(tmp_path, '--runners', 'native,emu', '--emu', emu, '-b', 'hash')
    run = res['benchmarks'][0]['runs']['emu']
    assert run['state'] == 'FAIL'
    assert 'SIGSEGV' in run['why']


def test_missing_emulator_is_absent(tmp_path):
    need('hash')
    proc, res = bench_run(tmp_path, '--emu', str(tmp_path / 'none'), '-b', 'hash')
    assert res['benchmarks'][0]['runs']['emu']['state'] == 'absent'
    assert 'emu: absent' in proc.stdout
    assert any(t['verdict'] == 'n/a' for t in res['targets'])


def test_honest_emulator_is_timed(tmp_path):
    need('hash')
    emu = fake_emulator(tmp_path, 'exec "$@"')
    _, res = bench_run(tmp_path, '--runners', 'native,emu', '--emu', emu, '-b', 'hash')
    bench = res['benchmarks'][0]
    assert bench['runs']['emu']['state'] == 'ok'
    assert bench['runs']['emu']['median'] > 0
    assert bench['emu/native'] > 0


def disassembly(prog, symbol):
    need(prog)
    out = subprocess.run(['objdump', '-d', f'--disassemble={symbol}', '--no-show-raw-insn',
                          os.path.join(I386, prog)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def mnemonics(text):
    return {m.group(1) for m in re.finditer(r'^\s*[0-9a-f]+:\s+([a-z0-9]+)', text, re.M)}


def test_x87_build_uses_the_x87_unit():
    ops = mnemonics(disassembly('x87', 'main'))
    assert {'fmul', 'fsqrt'} & ops or {'fmull', 'faddp'} <= ops, sorted(ops)
    sse = {op for op in ops if re.fullmatch(r'(add|sub|mul|div|sqrt|mov)[sp]d', op)}
    assert not sse, sorted(sse)


def test_sse2_build_uses_sse2():
    ops = mnemonics(disassembly('sse2', 'main'))
    assert {'mulsd', 'addsd'} <= ops, sorted(ops)
    assert {'mulpd', 'addpd'} & ops, 'no packed SSE2 arithmetic: ' + ' '.join(sorted(ops))


def test_emulator_rebuilt_during_run_is_reported(tmp_path):
    need('hash')
    emu = fake_emulator(tmp_path, 'echo >> "$0"; exec "$@"')
    proc, res = bench_run(tmp_path, '--runners', 'native,emu', '--emu', emu, '-b', 'hash')
    assert res['machine']['rebuilt_during_run'] == [emu]
    assert 'changed during the run' in proc.stdout


def test_hanging_runner_is_killed_and_fails(tmp_path):
    need('hash')
    emu = fake_emulator(tmp_path, 'sleep 60')
    _, res = bench_run(tmp_path, '--runners', 'native,emu', '--emu', emu, '-b', 'hash',
                       '--timeout', '1')
    run = res['benchmarks'][0]['runs']['emu']
    assert run['state'] == 'FAIL'
    assert 'timed out' in run['why']


def load_run():
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader('bench_run', RUN)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader('bench_run', loader))
    loader.exec_module(module)
    return module


def test_targets_are_judged_from_complete_data_only():
    run = load_run()
    rows = [{'name': b.name, 'group': b.group, 'emu/qemu': 0.05, 'emu/native': 1.5}
            for b in suite.BENCHMARKS]
    means = {'int+mem': {'emu/native': {'value': 1.5, 'of': 5, 'total': 5}}}
    verdicts = {t['goal']: t['verdict'] for t in run.targets(rows, means)}
    assert set(verdicts.values()) == {'PASS'}, verdicts
    rows[0]['emu/qemu'] = 1.2          # hash slower than under QEMU
    rows[-1]['emu/qemu'] = None        # python not measured under emu
    means['int+mem']['emu/native'] = {'value': 2.5, 'of': 5, 'total': 5}
    goals = {t['goal']: t for t in run.targets(rows, means)}
    every = goals['every benchmark faster under emu than under qemu']
    assert every['verdict'] == 'FAIL' and 'hash' in every['why'] and 'python' in every['why']
    assert goals['geomean emu/native over int+mem <= 2.0']['verdict'] == 'FAIL'
    means['int+mem']['emu/native'] = {'value': 1.0, 'of': 4, 'total': 5}
    goals = {t['goal']: t for t in run.targets(rows[1:], means)}
    assert goals['geomean emu/native over int+mem <= 2.0']['verdict'] == 'n/a'
