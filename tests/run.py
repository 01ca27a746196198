#!/usr/bin/python3
"""Run every test suite of emu and print one summary line.

C unit tests are GTest programs (their TAP output is counted case by case);
guest-program, block and system tests are pytest files anywhere under tests/.
The last line printed is "N passed, N failed" with ", N skipped" when any were.
"""
import argparse
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TAP = re.compile(r'^(ok|not ok) \d+ ?(.*?)(?: # (SKIP|TODO)\b ?(.*))?$')


def run_unit(binary, counts):
    """Run one GTest binary; return the names of failed cases."""
    name = os.path.basename(binary)
    proc = subprocess.run([binary, '--tap'], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors='replace')
    seen = 0
    failed = []
    for line in proc.stdout.splitlines():
        m = TAP.match(line)
        if not m:
            continue
        seen += 1
        status, case, directive, reason = m.groups()
        if directive == 'SKIP':
            counts['skipped'] += 1
            print(f'SKIP {name} {case}: {reason}')
        elif status == 'ok':
            counts['passed'] += 1
        else:
            counts['failed'] += 1
            failed.append(f'{name} {case}')
    if proc.returncode != 0 and not failed:
        # A crash or an abort outside any case still counts as a failure.
        counts['failed'] += 1
        failed.append(f'{name} (exit status {proc.returncode})')
    if failed:
        print(proc.stdout[-4000:])
    print(f'unit {name}: {seen} cases, {len(failed)} failed')
    return failed


def run_pytest(build, counts):
    xml = os.path.join(build, 'pytest-results.xml')
    env = dict(os.environ, EMU_BUILD=os.path.abspath(build))
    cmd = [sys.executable, '-m', 'pytest', '-q', '-rs', '-p', 'no:cacheprovider',
           f'--junitxml={xml}', 'tests']
    subprocess.run(cmd, env=env)
    failed = []
    if not os.path.exists(xml):
        counts['failed'] += 1
        return ['pytest did not run']
    for case in ET.parse(xml).getroot().iter('testcase'):
        cid = f"{case.get('classname')}::{case.get('name')}"
        if case.find('skipped') is not None:
            counts['skipped'] += 1
        elif case.find('failure') is not None or case.find('error') is not None:
            counts['failed'] += 1
            failed.append(cid)
        else:
            counts['passed'] += 1
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--build', default='build')
    ap.add_argument('--no-pytest', action='store_true')
    ap.add_argument('units', nargs='*', help='GTest programs to run')
    args = ap.parse_args()
    counts = {'passed': 0, 'failed': 0, 'skipped': 0}
    failed = []
    for unit in args.units:
        failed += run_unit(unit, counts)
    if not args.no_pytest:
        failed += run_pytest(args.build, counts)
    for f in failed:
        print(f'FAILED {f}')
    line = f"{counts['passed']} passed, {counts['failed']} failed"
    if counts['skipped']:
        line += f", {counts['skipped']} skipped"
    print(line)
    return 1 if counts['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
