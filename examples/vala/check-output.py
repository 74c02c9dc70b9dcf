#!/usr/bin/env python3
# check-output.py: runs an example and checks its output.
#
#   check-output.py EXPECTED EXE
#
# EXE must exit with status 0, print exactly the contents of the file
# EXPECTED on standard output, and nothing on standard error.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import difflib
import subprocess
import sys

TIMEOUT = 60


def main(expected_path, exe):
    with open(expected_path, encoding='utf-8') as f:
        expected = f.read()
    run = subprocess.run([exe], capture_output=True, text=True, timeout=TIMEOUT)
    failures = []
    if run.returncode != 0:
        failures.append(f'{exe} exited with status {run.returncode}')
    if run.stderr:
        failures.append('standard error is not empty:\n' + run.stderr)
    if run.stdout != expected:
        diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                    run.stdout.splitlines(keepends=True),
                                    'expected', 'output')
        failures.append('unexpected output:\n' + ''.join(diff))
    for failure in failures:
        print('FAIL: ' + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
