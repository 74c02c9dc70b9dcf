#!/usr/bin/env python3
# check-example.py: runs a JavaScript example of examples/js with gjs, and
# its Python original of examples/python (the documentation's program) on
# CPython's asyncio, and requires the same output from both.
#
#   check-example.py GJS EXAMPLE.js
#
# The settings of the Python original in examples/python/check-examples.py
# apply to both runs: the delays are scaled alike ($COASYNC_EXAMPLE_SCALE
# for the JavaScript example), and the run-dependent values (clock times,
# dates) are replaced by the same patterns. The asyncio run must exit with
# the status that table expects, and the JavaScript run with the same
# status and standard output. Only the JavaScript run's standard error is
# checked, and must be empty: what Python writes there (a warning for a
# coroutine never awaited, a traceback) is Python's own.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import concurrent.futures
import difflib
import importlib.util
import os
import re
import subprocess
import sys

PYTHON_CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              '..', 'python', 'check-examples.py')


def load_python_checker():
    spec = importlib.util.spec_from_file_location('check_examples', PYTHON_CHECKER)
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    return checker


def fail(message, details=()):
    print('\n'.join(['FAIL: ' + message, *details]), file=sys.stderr)
    sys.exit(1)


def run_gjs(checker, gjs, example, settings):
    env = dict(os.environ, COASYNC_EXAMPLE_SCALE=str(settings.scale))
    try:
        proc = subprocess.run([gjs, '-m', example], capture_output=True, text=True,
                              env=env, timeout=checker.RUN_TIMEOUT)
        status, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as e:
        # What the run printed so far comes as bytes, text=True or not.
        status = -1
        stdout = e.stdout.decode(errors='replace') if e.stdout else ''
        stderr = f'stopped after {checker.RUN_TIMEOUT} seconds'

    for pattern, replacement in settings.patterns:
        stdout = re.sub(pattern, replacement, stdout)
    return checker.Run(status, stdout, stderr)


def main():
    if len(sys.argv) != 3:
        fail('usage: check-example.py GJS EXAMPLE.js')
    gjs, example = sys.argv[1:]
    name = os.path.splitext(os.path.basename(example))[0]
    checker = load_python_checker()
    if name not in checker.EXAMPLES:
        fail(f'{name} has no Python original in examples/python')
    settings = checker.EXAMPLES[name]

    # The runs are independent: they go on side by side.
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        asyncio_run = pool.submit(checker.run, name, True)
        gjs_run = pool.submit(run_gjs, checker, gjs, example, settings)
        reference, result = asyncio_run.result(), gjs_run.result()

    print('\n'.join(result.transcript()))
    if reference.status != settings.status:
        fail(f'{name}.py on asyncio: expected exit status {settings.status}',
             reference.transcript())
    # Python's standard error is left out of the comparison.
    reference.stderr = ''
    diff = list(difflib.unified_diff(reference.transcript(), result.transcript(),
                                     'asyncio', 'gjs', lineterm=''))
    if diff:
        fail(f'{name}.js differs from {name}.py on asyncio', diff)


if __name__ == '__main__':
    main()
