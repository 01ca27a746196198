"""Measuring one command for bench/run: run it with a time limit, take its
wall-clock and CPU time (rusage of it and its waited-for children) and its
output; plus the formatting helpers the reports share."""
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START_TRIES = 10


def run_once(cmd, env, timeout, binary):
    """Run cmd once; return a sample dict (times, exit status, output)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        for attempt in range(START_TRIES):
            start = time.perf_counter()
            try:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                        env=env, cwd=ROOT, start_new_session=True)
                break
            except OSError as e:
                # A program being relinked by a concurrent build is missing or
                # cannot be started for a moment: try again for up to 30 s.
                if attempt == START_TRIES - 1:
                    return {'ok': False, 'why': f'cannot start: {e}'}
                time.sleep(3)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        data = out.read()
        err.seek(0)
        errtext = err.read()[-600:].decode(errors='replace')
    sample = {'wall': wall, 'user': usage.ru_utime, 'sys': usage.ru_stime,
              'cpu': usage.ru_utime + usage.ru_stime, 'maxrss_kib': usage.ru_maxrss,
              'exit': proc.returncode}
    if binary:
        sample['output'] = f'{len(data)} bytes sha256 {hashlib.sha256(data).hexdigest()[:16]}'
    else:
        sample['output'] = data.decode(errors='replace').strip()
    if timed_out.is_set():
        sample.update(ok=False, why=f'timed out after {timeout:.0f} s')
    elif proc.returncode != 0:
        code = proc.returncode
        why = f'killed by {signal.Signals(-code).name}' if code < 0 else f'exit status {code}'
        sample.update(ok=False, why=why + (f': {errtext.strip()}' if errtext.strip() else ''))
    else:
        sample['ok'] = True
    return sample


def progress(text):
    print(text, file=sys.stderr, flush=True)


def fmt_time(t):
    if t is None:
        return '-'
    if t < 0.1:
        return f'{t * 1000:.1f}ms'
    return f'{t:.3f}s'


def fmt_ratio(x):
    if x is None:
        return 'n/a'
    return f'{x:.2f}' if x < 100 else f'{x:.0f}'


def ratio(a, b):
    return a / b if a is not None and b else None


def write_json(path, payload):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(payload, f, indent=1, sort_keys=True)
        f.write('\n')
