"""Crash safety: kill a writer with SIGKILL at random moments; every time,
qemu-img check must find no corruption (leaks are allowed) and every write
that was followed by a completed flush must read back."""
import random
import signal
import subprocess
import time

import pytest

from conftest import EMU_IO, check_no_corruption, emu_img, qemu_img, emu_io

MB = 1 << 20


def permutation(seed, n):
    """The slot order emu-io's "random" command uses (same LCG)."""
    slots = list(range(n))
    x = seed
    mask = (1 << 64) - 1
    for i in range(n, 1, -1):
        x = (x * 6364136223846793005 + 1442695040888963407) & mask
        j = (x >> 33) % i
        slots[i - 1], slots[j] = slots[j], slots[i - 1]
    return slots


@pytest.mark.parametrize('opts,slot,snapshot', [
    ('cluster_size=64k', 64 * 1024, False),
    ('cluster_size=4k', 12 * 1024, False),
    ('cluster_size=512,refcount_bits=8', 4096, False),
    ('cluster_size=64k', 32 * 1024, True),
])
def test_sigkill_writer(tmp_path, opts, slot, snapshot):
    rng = random.Random(opts + str(snapshot))
    size = 64 * MB if slot >= 32 * 1024 else 16 * MB
    nslots = size // slot
    for it in range(6):
        img = tmp_path / f'c{it}.qcow2'
        emu_img('create', '-q', '-f', 'qcow2', '-o', opts, img, size)
        if snapshot:
            emu_io(img, 'write -P 0xee 0 8M')
            emu_img('snapshot', '-c', 'base', img)
        seed = rng.randrange(1 << 32)
        p = subprocess.Popen([EMU_IO, '-c', f'random {seed} {nslots} {slot} 16', str(img)],
                             stdout=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.02, 0.4))
        p.send_signal(signal.SIGKILL)
        out, _ = p.communicate(timeout=30)
        flushed = 0
        for line in out.splitlines():
            if line.startswith('flushed '):
                flushed = int(line.split()[1])
            elif line.startswith('random: ') and 'done' in line:
                flushed = int(line.split()[1])
        check_no_corruption(img)
        raw = tmp_path / 'out.raw'
        qemu_img('convert', '-O', 'raw', img, raw)
        data = raw.read_bytes()
        order = permutation(seed, nslots)
        for i in range(flushed):
            off = order[i] * slot
            want = bytes([(i * 37) % 251 + 1]) * slot
            assert data[off:off + slot] == want, f'iteration {it}: flushed write {i} lost'
        # the image stays usable: repair leaks, keep writing
        qemu_img('check', '-r', 'leaks', img, check=False)
        emu_io(img, 'write -P 1 0 64k', 'read -P 1 0 64k')
        check_no_corruption(img)
        raw.unlink()
        img.unlink()


def test_lazy_refcounts_repaired_after_crash(tmp_path):
    img = tmp_path / 'lazy.qcow2'
    emu_img('create', '-q', '-f', 'qcow2', '-o', 'lazy_refcounts=on,cluster_size=4k', img,
            16 * MB)
    p = subprocess.Popen([EMU_IO, '-c', f'random 5 4096 4096 64', str(img)],
                         stdout=subprocess.PIPE, text=True)
    time.sleep(0.2)
    p.send_signal(signal.SIGKILL)
    p.communicate(timeout=30)
    info = qemu_img('info', '--output=json', img)[1]
    if '"dirty-flag": true' in info:
        # emu repairs the stale refcounts when it opens the image read-write
        emu_io(img, 'write -P 3 0 4k')
    assert '"dirty-flag": false' in qemu_img('info', '--output=json', img)[1]
    rc, out, err = qemu_img('check', img, check=False)
    assert rc == 0, out + err
