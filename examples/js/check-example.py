#!/usr/bin/env python3
# check-example.py: runs a JavaScript example of examples/js with gjs, its
# delays scaled down, and checks that its output is the C example's.
#
#   check-example.py GJS EXAMPLE.js
#
# The expected lines are those tests/examples/check-example.py holds for
# the C example of the same name.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import importlib.util
import os
import re
import subprocess
import sys

C_CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         '..', '..', 'tests', 'examples', 'check-example.py')
TIMEOUT = 60


def expected_lines(name):
    spec = importlib.util.spec_from_file_location('check_c_example', C_CHECKER)
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    return checker.EXPECTED[name]


def fail(message):
    print('FAIL: ' + message, file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 3:
        fail('usage: check-example.py GJS EXAMPLE.js')
    gjs, example = sys.argv[1:]
    name = os.path.splitext(os.path.basename(example))[0]
    os.environ.setdefault('COASYNC_EXAMPLE_SCALE', '0.02')

    proc = subprocess.run([gjs, '-m', example], capture_output=True, text=True,
                          timeout=TIMEOUT)
    print(proc.stdout, end='')
    if proc.returncode != 0:
        fail(f'{name} exited with {proc.returncode}: {proc.stderr}')
    if proc.stderr:
        fail(f'{name} wrote to standard error: {proc.stderr!r}')
    lines = proc.stdout.split('\n')
    if lines[-1] != '':
        fail(f'{name}: the output does not end with a newline')
    patterns = expected_lines(name)
    if len(lines) - 1 != len(patterns):
        fail(f'{name}: {len(lines) - 1} lines, expected {len(patterns)}')
    for line, pattern in zip(lines, patterns):
        if not re.fullmatch(pattern, line):
            fail(f'{name}: {line!r} does not match {pattern!r}')


if __name__ == '__main__':
    main()
