"""Numbered tests in the spirit of qemu-iotests: each iotests/NNN is a shell
script whose output, filtered, must equal iotests/NNN.out.  Every script runs
twice: with emu-img/emu-io, and with qemu-img/qemu-io in their place (the
oracle run), unless it says "# oracle: none" (output only emu can produce)."""
import os
import re
import subprocess

import pytest

from conftest import EMU_IMG, EMU_IO, QEMU_IMG, QEMU_IO

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'iotests')
SCRIPTS = sorted(f for f in os.listdir(HERE) if re.fullmatch(r'\d{3}', f))


def filtered(text, test_dir):
    text = text.replace(test_dir, 'TEST_DIR')
    text = re.sub(r'\b(?:emu|qemu)-img\b', 'IMG', text)
    text = re.sub(r'\b(?:emu|qemu)-io\b', 'IO', text)
    text = re.sub(r'^disk size: .*$', 'disk size: SIZE', text, flags=re.M)
    text = re.sub(r'"actual-size": \d+', '"actual-size": SIZE', text)
    text = re.sub(r'"date-(sec|nsec)": \d+', r'"date-\1": DATE', text)
    text = re.sub(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', 'yyyy-mm-dd hh:mm:ss', text)
    text = re.sub(r'^Run completed in [0-9.]+ seconds\.$', 'Run completed in X seconds.', text,
                  flags=re.M)
    return text


def run_script(name, tmp_path, img, io):
    env = dict(os.environ, IMG=img, IO=io, QEMU_IMG=QEMU_IMG, TEST_DIR=str(tmp_path),
               LC_ALL='C')
    p = subprocess.run(['sh', os.path.join(HERE, name)], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors='replace', timeout=120)
    return filtered(p.stdout, str(tmp_path)) + f'[script exit {p.returncode}]\n'


def expected(name):
    with open(os.path.join(HERE, name + '.out')) as f:
        return f.read()


def has_oracle(name):
    with open(os.path.join(HERE, name)) as f:
        return '# oracle: none' not in f.read()


@pytest.mark.parametrize('name', SCRIPTS)
def test_emu(name, tmp_path):
    assert run_script(name, tmp_path, EMU_IMG, EMU_IO) == expected(name)


@pytest.mark.skipif(not QEMU_IMG or not QEMU_IO, reason='qemu-utils not installed')
@pytest.mark.parametrize('name', [n for n in SCRIPTS if has_oracle(n)])
def test_oracle(name, tmp_path):
    """The recorded output is what qemu-img itself prints for the same steps."""
    assert run_script(name, tmp_path, QEMU_IMG, QEMU_IO) == expected(name)
