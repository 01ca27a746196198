"""Malicious and damaged images: emu-img refuses or repairs them with a
clear message, never crashes, and never makes them worse."""
import struct

import pytest

from conftest import EMU_IMG, emu_img, emu_io, qemu_img, qemu_io, run

MB = 1 << 20


def make_image(tmp_path, name='bad.qcow2', opts='cluster_size=4k'):
    img = tmp_path / name
    qemu_img('create', '-q', '-f', 'qcow2', '-o', opts, img, 4 * MB)
    qemu_io(img, 'write -P 0x42 0 64k')
    return img


def patch(path, offset, fmt, value):
    with open(path, 'r+b') as f:
        f.seek(offset)
        f.write(struct.pack(fmt, value))


def l1_offset(path):
    with open(path, 'rb') as f:
        f.seek(40)
        return struct.unpack('>Q', f.read(8))[0]


# (header offset, struct format, value, expected message fragment)
HEADER_CASES = [
    (0, '>I', 0x12345678, None),                     # wrong magic -> raw by probing
    (4, '>I', 7, 'Unsupported qcow2 version'),
    (20, '>I', 40, 'Unsupported cluster size'),
    (24, '>Q', 1 << 62, 'too big'),
    (36, '>I', 0x7fffffff, 'L1 table too large'),
    (40, '>Q', 0x1234, 'Invalid L1 table offset'),
    (48, '>Q', 0x1001, 'Invalid reference count table offset'),
    (56, '>I', 0x7fffffff, 'Reference count table too large'),
    (60, '>I', 0x100000, 'Too many snapshots'),
    (72, '>Q', 1 << 40, 'Unsupported qcow2 feature'),
    (96, '>I', 9, 'Reference count entry width too large'),
    (100, '>I', 8, 'header too short'),
    (8, '>Q', 0x7fff0, 'Backing file name too long'),
    (32, '>I', 1, 'encrypted'),
]


@pytest.mark.parametrize('off,fmt,value,msg', HEADER_CASES)
def test_bad_header_refused(tmp_path, off, fmt, value, msg):
    img = make_image(tmp_path)
    if off == 8:
        patch(img, 16, '>I', 1000)
    patch(img, off, fmt, value)
    before = img.read_bytes()
    rc, out, err = emu_img('info', '-f', 'qcow2', img, check=False)
    if msg is None:
        assert rc == 1 and 'not in qcow2 format' in err
        rc, out, err = emu_img('info', img)     # probing: a raw image now
        assert 'file format: raw' in out
    else:
        assert rc == 1, out
        assert msg in err, err
    for cmd in (['check'], ['map'], ['convert', '-O', 'raw']):
        args = cmd + [img] + ([tmp_path / 'o.raw'] if cmd[0] == 'convert' else [])
        rc, out, err = emu_img(*args, check=False)
        assert rc >= 0
    rc, _, err = run(EMU_IMG, 'resize', '-f', 'qcow2', img, '+1M', check=False)
    assert rc != 0
    assert img.read_bytes() == before, 'a refused image must not be modified'


def test_l2_pointing_into_metadata(tmp_path):
    img = make_image(tmp_path)
    l1 = l1_offset(img)
    with open(img, 'rb') as f:
        f.seek(l1)
        l2 = struct.unpack('>Q', f.read(8))[0] & 0x00fffffffffffe00
    # the first data cluster now claims to live on top of the L1 table
    patch(img, l2, '>Q', (1 << 63) | l1)
    rc, out, err = emu_io(img, 'write -P 1 0 4k', check=False)
    assert rc != 0
    assert 'corrupt' in (out + err).lower()
    with open(img, 'rb') as f:
        f.seek(l1)
        assert struct.unpack('>Q', f.read(8))[0] & 0x00fffffffffffe00 == l2, \
            'the L1 table was overwritten'
    rc, out, err = qemu_img('info', img, check=False)
    assert 'corrupt: true' in out
    rc, out, err = emu_io(img, 'read 0 4k', check=False)
    assert rc == 1 and 'corrupt' in err


def test_unaligned_l2_offset(tmp_path):
    img = make_image(tmp_path)
    patch(img, l1_offset(img), '>Q', (1 << 63) | 0x10200)
    rc, out, err = emu_io(img, 'read 0 4k', opts=['-r'], check=False)
    assert rc == 1
    assert 'unaligned' in err
    rc, out, err = emu_img('check', img, check=False)
    assert rc == 2 and 'ERROR' in err


def test_refcount_errors_repaired(tmp_path):
    img = make_image(tmp_path)
    with open(img, 'rb') as f:
        f.seek(48)
        rt = struct.unpack('>Q', f.read(8))[0]
        f.seek(rt)
        rb = struct.unpack('>Q', f.read(8))[0]
    patch(img, rb + 2 * 6, '>H', 0)           # drop the refcount of a used cluster
    patch(img, rb + 2 * 200, '>H', 1)         # and leak a free one
    rc, out, err = emu_img('check', img, check=False)
    assert rc == 2, out + err
    assert qemu_img('check', img, check=False)[0] == 2
    rc, out, err = emu_img('check', '-r', 'leaks', img, check=False)
    assert rc == 2 and 'leaked clusters' not in out
    rc, out, err = emu_img('check', '-r', 'all', img, check=False)
    assert rc == 0, out + err
    assert qemu_img('check', img, check=False)[0] == 0
    qemu_io(img, 'read -P 0x42 0 64k')


def test_leak_exit_code(tmp_path):
    img = make_image(tmp_path)
    with open(img, 'rb') as f:
        f.seek(48)
        rt = struct.unpack('>Q', f.read(8))[0]
        f.seek(rt)
        rb = struct.unpack('>Q', f.read(8))[0]
    patch(img, rb + 2 * 300, '>H', 1)
    size = img.stat().st_size
    with open(img, 'r+b') as f:
        f.truncate(max(size, 301 * 4096))
    rc, out, err = emu_img('check', img, check=False)
    assert rc == 3 and '1 leaked clusters were found' in out
    assert qemu_img('check', img, check=False)[0] == 3
    rc, out, err = emu_img('check', '-r', 'leaks', img, check=False)
    assert rc == 0, out + err
    assert qemu_img('check', img, check=False)[0] == 0


def test_refcount_overflow(tmp_path):
    img = tmp_path / 'ov.qcow2'
    emu_img('create', '-q', '-f', 'qcow2', '-o', 'refcount_bits=1', img, '1M')
    emu_io(img, 'write -P 1 0 64k')
    rc, out, err = emu_img('snapshot', '-c', 's1', img, check=False)
    assert rc == 1 and 'overflow' in err
    assert qemu_img('check', img, check=False)[0] in (0, 3)
    qemu_io(img, 'read -P 1 0 64k')


def test_backing_loop(tmp_path):
    a, b = tmp_path / 'a.qcow2', tmp_path / 'b.qcow2'
    qemu_img('create', '-q', '-f', 'qcow2', a, '1M')
    qemu_img('create', '-q', '-f', 'qcow2', '-b', 'a.qcow2', '-F', 'qcow2', b)
    qemu_img('rebase', '-u', '-f', 'qcow2', '-b', 'b.qcow2', '-F', 'qcow2', a)
    rc, out, err = emu_img('info', '--backing-chain', b, check=False)
    assert rc == 1 and 'loop' in err
    rc, out, err = emu_io(a, 'read 0 512', check=False)
    assert rc == 1 and 'loop' in err


def test_truncated_image(tmp_path):
    img = make_image(tmp_path)
    data = img.read_bytes()
    for cut in (0, 50, 104, 4096, 8192, len(data) // 2):
        t = tmp_path / f't{cut}.qcow2'
        t.write_bytes(data[:cut])
        rc, out, err = emu_img('info', '-f', 'qcow2', t, check=False)
        assert rc in (0, 1)
        rc, out, err = emu_img('check', '-f', 'qcow2', t, check=False)
        assert rc in (0, 1, 2, 3)
        rc, out, err = emu_img('convert', '-f', 'qcow2', '-O', 'raw', t, tmp_path / 'o.raw',
                               check=False)
        assert rc in (0, 1)
