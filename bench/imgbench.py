"""bench/run --img: `emu-img bench` against `qemu-img bench`, same options,
same machine, interleaved. emu-img's written images must pass `qemu-img check`
and equal qemu-img's (`qemu-img compare`), or emu-img shows FAIL."""
import datetime
import os
import shutil
import statistics
import subprocess
import tempfile

from benchlib import fmt_ratio, fmt_time, progress, ratio, run_once, write_json


IMG_CASES = [
    # name, fresh image?, qemu-img bench options
    ('4k alloc write', True, ['-w', '-s', '4096', '-c', '20000', '--pattern=165']),
    ('64k alloc write', True, ['-w', '-s', '65536', '-c', '4000', '--pattern=165']),
    ('4k scattered read', False, ['-s', '4096', '-c', '40000', '-S', str(4096 * 7919)]),
]


IMG_AIO = [('threads', ['-t', 'writeback', '-i', 'threads']),
           ('native', ['-t', 'none', '-i', 'native'])]


def img_run(tool, opts, image, timeout):
    cmd = [tool, 'bench', '-f', 'qcow2'] + opts + [image]
    s = run_once(cmd, dict(os.environ), timeout, False)
    for line in s.get('output', '').splitlines():
        if line.startswith('Run completed in '):
            try:
                s['reported'] = float(line.split()[3])
            except (IndexError, ValueError):
                pass
    return s


def img_prepare(image, fresh, size):
    if fresh and os.path.exists(image):
        os.unlink(image)
    if not os.path.exists(image):
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', image, size], check=True)
        if not fresh:
            subprocess.run(['qemu-img', 'bench', '-q', '-f', 'qcow2', '-w', '-s', '65536',
                            '-c', '4096', '--pattern=165', image], check=True)


def main_img(args, ctx):
    """emu-img bench against qemu-img bench on the same images."""
    emu_img = os.path.abspath(args.emu_img or os.path.join(ctx.build, 'emu-img'))
    tools = {'qemu-img': shutil.which('qemu-img')}
    notes = []
    if os.access(emu_img, os.X_OK):
        probe = subprocess.run([emu_img, '--help'], capture_output=True, text=True)
        if any(line.split()[:1] == ['bench'] for line in probe.stdout.splitlines()):
            tools['emu-img'] = emu_img
        else:
            notes.append(f'emu-img: {emu_img} has no bench command')
    else:
        notes.append(f'emu-img: absent: {emu_img} not found (not built yet?)')
    work = tempfile.mkdtemp(prefix='img-', dir=ctx.bench)
    rows = []
    try:
        read_image = os.path.join(work, 'read.qcow2')
        img_prepare(read_image, False, '256M')
        for aio, aio_opts in IMG_AIO:
            for name, fresh, opts in IMG_CASES:
                label = f'{name} aio={aio}'
                times = {t: [] for t in tools}
                state = {t: 'ok' for t in tools}
                why = {}
                for rep in range(args.reps):
                    for tool, path in tools.items():
                        if state[tool] != 'ok':
                            continue
                        image = os.path.join(work, f'{tool}.qcow2') if fresh else read_image
                        if fresh:
                            img_prepare(image, True, '1G')
                        s = img_run(path, opts + aio_opts, image, args.timeout)
                        if not s['ok']:
                            state[tool], why[tool] = 'FAIL', s['why']
                            continue
                        times[tool].append(s.get('reported', s['wall']))
                    progress(f'[img] rep {rep + 1} {label}: ' + ', '.join(
                        f'{t} {fmt_time(v[-1]) if v and state[t] == "ok" else state[t]}'
                        for t, v in times.items()))
                if fresh and 'emu-img' in tools and state['emu-img'] == 'ok':
                    check_img_pair(work, state, why)
                med = {t: statistics.median(v) if state[t] == 'ok' and v else None
                       for t, v in times.items()}
                rows.append({'case': label, 'median': med, 'state': state, 'why': why,
                             'emu/qemu': ratio(med.get('emu-img'), med.get('qemu-img'))})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f'\nemu-img bench vs qemu-img bench, qcow2, median of {args.reps}; '
          'time as reported by the tool')
    print(f'{"case":32} {"qemu-img":>10} {"emu-img":>10} {"emu/qemu":>9}')
    for r in rows:
        q = r['median'].get('qemu-img')
        e = r['median'].get('emu-img')
        qc = fmt_time(q) if q is not None else r['state'].get('qemu-img', 'absent')
        ec = fmt_time(e) if e is not None else r['state'].get('emu-img', 'absent')
        print(f'{r["case"]:32} {qc:>10} {ec:>10} {fmt_ratio(r["emu/qemu"]):>9}')
    for r in rows:
        for tool, w in r['why'].items():
            notes.append(f'{r["case"]} under {tool}: {w}')
    if notes:
        print('\nnotes:')
        for n in notes:
            print('  ' + n)
    path = args.json or os.path.join(ctx.bench, 'img-results.json')
    write_json(path, {'date': datetime.datetime.now().isoformat(timespec='seconds'),
                      'reps': args.reps, 'cases': rows, 'notes': notes})
    print(f'\nJSON: {path}')
    return 0


def check_img_pair(work, state, why):
    """The image emu-img wrote must be consistent and equal to qemu-img's."""
    emu_image = os.path.join(work, 'emu-img.qcow2')
    qemu_image = os.path.join(work, 'qemu-img.qcow2')
    chk = subprocess.run(['qemu-img', 'check', '-q', emu_image], capture_output=True, text=True)
    if chk.returncode != 0:
        state['emu-img'], why['emu-img'] = 'FAIL', 'qemu-img check: ' + chk.stdout.strip()
        return
    if os.path.exists(qemu_image):
        cmp = subprocess.run(['qemu-img', 'compare', '-q', qemu_image, emu_image])
        if cmp.returncode != 0:
            state['emu-img'], why['emu-img'] = 'FAIL', 'image content differs from qemu-img'
