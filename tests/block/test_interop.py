"""qcow2 interoperability with qemu-img as the oracle: images written by
emu pass qemu-img check and compare; images written by qemu read back
correctly through emu."""
import random

import pytest

from conftest import (EMU_IMG, RawRef, assert_same, check_clean, emu_img, emu_io, qemu_img,
                      qemu_io, run)

MB = 1 << 20

CREATE_OPTS = [
    'compat=1.1',
    'compat=0.10',
    'cluster_size=512',
    'cluster_size=4k',
    'cluster_size=2M',
    'lazy_refcounts=on',
    'refcount_bits=1',
    'refcount_bits=8',
    'refcount_bits=64',
    'preallocation=metadata',
    'preallocation=falloc',
    'preallocation=full',
    'compat=0.10,cluster_size=4k',
]


def random_writes(rng, size, n, maxlen=200 * 1024):
    ops = []
    for _ in range(n):
        length = rng.randrange(1, maxlen)
        off = rng.randrange(0, size - length)
        ops.append((off, length, rng.randrange(1, 256)))
    return ops


@pytest.mark.parametrize('opts', CREATE_OPTS)
def test_emu_written_passes_qemu_check(tmp_path, opts):
    size = 16 * MB
    img = tmp_path / 'a.qcow2'
    ref = RawRef(tmp_path / 'ref.raw', size)
    emu_img('create', '-f', 'qcow2', '-o', opts, img, size)
    rng = random.Random(opts)
    ops = random_writes(rng, size, 40)
    emu_io(img, *[f'write -P {p} {o} {n}' for o, n, p in ops])
    for o, n, p in ops:
        ref.write(o, n, p)
    check_clean(img)
    assert_same(img, ref.path)
    # and emu reads back its own image the same way
    assert_same(img, ref.path, tool=EMU_IMG)
    info = qemu_img('info', img)[1]
    if 'compat=0.10' in opts:
        assert 'compat: 0.10' in info
    if 'refcount_bits=8' in opts:
        assert 'refcount bits: 8' in info
    if 'lazy_refcounts=on' in opts:
        assert 'lazy refcounts: true' in info


def test_qemu_written_read_by_emu(tmp_path):
    size = 32 * MB
    img = tmp_path / 'q.qcow2'
    ref = RawRef(tmp_path / 'ref.raw', size)
    qemu_img('create', '-f', 'qcow2', '-o', 'cluster_size=4k', img, size)
    rng = random.Random(7)
    ops = random_writes(rng, size, 60)
    qemu_io(img, *[f'write -P {p} {o} {n}' for o, n, p in ops])
    for o, n, p in ops:
        ref.write(o, n, p)
    qemu_io(img, 'write -z 1M 256k')
    ref.zero(MB, 256 * 1024)
    assert_same(img, ref.path, tool=EMU_IMG)
    out = tmp_path / 'out.raw'
    emu_img('convert', '-O', 'raw', img, out)
    assert out.read_bytes() == ref.path.read_bytes()
    assert emu_img('map', img)[1] == qemu_img('map', img)[1]
    rc, _, _ = emu_img('check', img, check=False)
    assert rc == 0


def test_compressed_both_ways(tmp_path):
    size = 8 * MB
    src = RawRef(tmp_path / 'src.raw', size)
    rng = random.Random(3)
    for o, n, p in random_writes(rng, size, 30):
        src.write(o, n, p)
    # text-like data compresses; patterns compress very well too
    with open(src.path, 'r+b') as f:
        f.seek(3 * MB)
        f.write(bytes(rng.randrange(256) for _ in range(70000)))
    # emu writes compressed, qemu reads
    emu_c = tmp_path / 'emu-c.qcow2'
    emu_img('convert', '-c', '-O', 'qcow2', src.path, emu_c)
    check_clean(emu_c)
    assert_same(emu_c, src.path)
    assert 'compressed' in qemu_img('check', '--output=json', emu_c)[1]
    # qemu writes compressed, emu reads
    q_c = tmp_path / 'q-c.qcow2'
    qemu_img('convert', '-c', '-O', 'qcow2', src.path, q_c)
    assert_same(q_c, src.path, tool=EMU_IMG)
    # overwriting compressed clusters keeps the image consistent
    emu_io(q_c, 'write -P 0x5a 100000 70000')
    src.write(100000, 70000, 0x5a)
    check_clean(q_c)
    assert_same(q_c, src.path)


def test_snapshots_interop(tmp_path):
    size = 8 * MB
    img = tmp_path / 's.qcow2'
    emu_img('create', '-f', 'qcow2', img, size)
    emu_io(img, 'write -P 0x11 0 1M')
    emu_img('snapshot', '-c', 'one', img)
    emu_io(img, 'write -P 0x22 512k 1M')
    emu_img('snapshot', '-c', 'two', img)
    emu_io(img, 'write -P 0x33 0 64k')
    check_clean(img)
    listing = qemu_img('snapshot', '-l', img)[1]
    assert 'one' in listing and 'two' in listing
    assert emu_img('snapshot', '-l', img)[1].splitlines()[:2] == listing.splitlines()[:2]
    # qemu applies emu's snapshot
    qemu_img('snapshot', '-a', 'one', img)
    qemu_io(img, 'read -P 0x11 0 1M', 'read -P 0 1M 1M')
    # emu applies qemu-created ones and deletes
    qemu_img('snapshot', '-c', 'three', img)
    emu_img('snapshot', '-a', 'two', img)
    check_clean(img)
    qemu_io(img, 'read -P 0x11 0 512k', 'read -P 0x22 512k 1M')
    emu_img('snapshot', '-d', 'one', img)
    emu_img('snapshot', '-d', 'three', img)
    check_clean(img)
    assert 'one' not in qemu_img('snapshot', '-l', img)[1]
    emu_io(img, 'write -P 0x44 0 2M')
    emu_img('snapshot', '-d', 'two', img)
    check_clean(img)
    qemu_io(img, 'read -P 0x44 0 2M')


def test_vmstate_savevm_loadvm(tmp_path):
    img = tmp_path / 'vm.qcow2'
    emu_img('create', '-f', 'qcow2', img, 4 * MB)
    emu_io(img, 'write -P 1 0 64k', 'vmsave 0 300000 0x77', 'savevm snap 300000',
           'write -P 2 0 64k', 'vmsave 0 300000 0x66')
    check_clean(img)
    listing = qemu_img('snapshot', '-l', img)[1]
    assert 'snap' in listing and '293 KiB' in listing
    emu_io(img, 'loadvm snap', 'read -P 1 0 64k', 'vmload 0 300000 0x77')
    check_clean(img)


def test_backing_chain_commit_rebase(tmp_path):
    size = 8 * MB
    base = tmp_path / 'base.qcow2'
    mid = tmp_path / 'mid.qcow2'
    top = tmp_path / 'top.qcow2'
    ref = RawRef(tmp_path / 'ref.raw', size)
    qemu_img('create', '-f', 'qcow2', base, size)
    qemu_io(base, 'write -P 1 0 2M')
    ref.write(0, 2 * MB, 1)
    emu_img('create', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', mid)
    emu_io(mid, 'write -P 2 1M 2M')
    ref.write(MB, 2 * MB, 2)
    emu_img('create', '-f', 'qcow2', '-b', 'mid.qcow2', '-F', 'qcow2', top)
    emu_io(top, 'write -P 3 3000 5000', 'write -P 4 6M 100k')
    ref.write(3000, 5000, 3)
    ref.write(6 * MB, 100 * 1024, 4)
    for i in (mid, top):
        check_clean(i)
    assert_same(top, ref.path)
    assert_same(top, ref.path, tool=EMU_IMG)
    assert 'backing file: mid.qcow2' in qemu_img('info', top)[1]
    # safe rebase of top onto base: content unchanged
    emu_img('rebase', '-b', 'base.qcow2', '-F', 'qcow2', top)
    check_clean(top)
    assert_same(top, ref.path)
    # commit top into base, then base alone holds everything
    emu_img('commit', top)
    check_clean(base)
    assert_same(base, ref.path)
    # unsafe rebase only rewrites the header
    emu_img('rebase', '-u', '-b', '', top)
    assert 'backing file' not in qemu_img('info', top)[1]


def test_resize(tmp_path):
    img = tmp_path / 'r.qcow2'
    emu_img('create', '-f', 'qcow2', '-o', 'cluster_size=512', img, '1M')
    emu_io(img, 'write -P 9 0 1M')
    emu_img('resize', img, '+300M')
    check_clean(img)
    assert '301 MiB' in qemu_img('info', img)[1]
    emu_io(img, 'write -P 8 300M 1M')
    qemu_io(img, 'read -P 9 0 1M', 'read -P 8 300M 1M')
    rc, _, err = emu_img('resize', img, '10M', check=False)
    assert rc == 1 and 'shrink' in err
    emu_img('resize', '--shrink', img, '10M')
    check_clean(img)
    qemu_io(img, 'read -P 9 0 1M', 'read -P 0 1M 9M')


def test_discard_and_zero(tmp_path):
    img = tmp_path / 'd.qcow2'
    emu_img('create', '-f', 'qcow2', img, '8M')
    emu_io(img, 'write -P 5 0 4M', 'discard 1M 1M', 'write -z 2M 1M', 'write -z 100 200')
    check_clean(img)
    qemu_io(img, 'read -P 5 0 100', 'read -P 0 100 200', 'read -P 5 300 1048276',
            'read -P 0 1M 2M', 'read -P 5 3M 1M')


def test_snapshot_overlay_and_commit(tmp_path):
    img = tmp_path / 'o.qcow2'
    emu_img('create', '-f', 'qcow2', img, '4M')
    emu_io(img, 'write -P 1 0 1M')
    emu_io(img, 'write -P 2 0 64k', 'read -P 2 0 64k', opts=['-s'])
    qemu_io(img, 'read -P 1 0 1M')          # throw-away overlay: unchanged
    emu_io(img, 'write -P 3 0 64k', 'commit', opts=['-s'])
    qemu_io(img, 'read -P 3 0 64k', 'read -P 1 64k 960k')
    check_clean(img)


def test_raw_cache_and_aio_modes(tmp_path):
    img = tmp_path / 'x.raw'
    emu_img('create', '-f', 'raw', img, '4M')
    for cache, aio in [('writeback', 'threads'), ('none', 'threads'), ('none', 'native'),
                       ('unsafe', 'io_uring'), ('none', 'io_uring'), ('directsync', 'threads')]:
        emu_io(img, 'write -P 7 4096 8192', 'write -P 8 100 300', 'read -P 7 4096 8192',
               'read -P 8 100 300', 'flush', fmt='raw', opts=['-t', cache, '-i', aio])
    rc, _, err = emu_io(img, 'read 0 512', fmt='raw', opts=['-t', 'writeback', '-i', 'native'],
                        check=False)
    assert rc == 1 and 'cache.direct=on' in err
    # sparse: a big raw image costs nothing until written
    big = tmp_path / 'big.raw'
    emu_img('create', '-f', 'raw', big, '10G')
    assert big.stat().st_blocks == 0
