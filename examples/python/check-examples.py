#!/usr/bin/env python3
# check-examples.py: runs every Python example of this directory twice, as
# the documentation's program on CPython's asyncio and as it is on Coasync,
# and requires the same output from both.  Prints TAP.
#
#   check-examples.py [NAME...]
#
# Each run goes through run-example.py, which scales the delays of the
# documentation down.  What the two runs must share is the exit status,
# standard output and standard error, after the run-dependent values
# (clock times, dates, addresses) are replaced by the patterns of EXAMPLES.
# The asyncio run must exit with the status the table expects; the Coasync
# run is then compared with it.
#
# Coasync is found through GI_TYPELIB_PATH, LD_LIBRARY_PATH and PYTHONPATH,
# as `meson devenv` and the test suite set them.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import concurrent.futures
import dataclasses
import difflib
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(HERE, 'run-example.py')
# A run that takes longer is stuck: it is stopped and fails.
RUN_TIMEOUT = 30

# time.strftime('%X')
CLOCK = (r'\b\d\d:\d\d:\d\d\b', 'HH:MM:SS')
# str(datetime.datetime.now()), whose microseconds are left out when zero.
NOW = (r'\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\b', 'YYYY-MM-DD HH:MM:SS.ffffff')
# The default repr() of objects.
ADDRESS = (r'\bat 0x[0-9a-f]+\b', 'at 0x...')


@dataclasses.dataclass(frozen=True)
class Example:
    # (regular expression, replacement) pairs applied to both outputs.
    patterns: tuple = ()
    # Real seconds per second of the program.
    scale: float = 0.02
    # Exit status of the documentation's program.
    status: int = 0


# Where the order of the output rests on two timers a second of the program
# apart (a unit), asyncio itself prints in another order if the process is
# held up longer than a unit: those examples get a unit of 0.1 s.
EXAMPLES = {
    'as-completed': Example(scale=0.1),
    'asyncio-run': Example(),
    'awaitable-future': Example(),
    'background-tasks': Example(scale=0.1),
    'cancel-me': Example(),
    'coroutine-object': Example(patterns=(ADDRESS,)),
    # The number of dates printed depends on how late each sleep ends.
    'display-date': Example(patterns=(NOW,), scale=0.1),
    'ensure-future': Example(),
    'gather': Example(),
    'hello-world': Example(),
    'nested': Example(),
    'nested-task': Example(),
    'say-after': Example(patterns=(CLOCK,)),
    'say-after-concurrent': Example(patterns=(CLOCK,)),
    'shield': Example(scale=0.1),
    'shield-coroutine': Example(scale=0.1),
    'task-group': Example(patterns=(CLOCK,)),
    'task-group-results': Example(),
    'threadsafe': Example(),
    'timeout': Example(),
    'timeout-at': Example(),
    'timeout-handled': Example(),
    'timeout-reschedule': Example(),
    'to-thread': Example(patterns=(CLOCK,)),
    'uncancel': Example(),
    # Python 3.11 refuses the coroutine with a TypeError.
    'wait-coroutine': Example(status=1),
    'wait-for': Example(),
    'wait-for-asyncio-timeouterror': Example(),
    # Two units between the failure and the slow task.
    'wait': Example(scale=0.05),
}


@dataclasses.dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    def transcript(self):
        return [f'exit status: {self.status}', '--- standard output:',
                *self.stdout.splitlines(), '--- standard error:',
                *self.stderr.splitlines()]


def run(name, on_asyncio):
    example = EXAMPLES[name]
    command = [sys.executable, LAUNCHER, '--scale', str(example.scale),
               os.path.join(HERE, name + '.py')]
    if on_asyncio:
        command.insert(2, '--asyncio')
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        # What the run printed so far comes as bytes, text=True or not.
        stdout = e.stdout.decode(errors='replace') if e.stdout else ''
        return Run(-1, stdout, f'stopped after {RUN_TIMEOUT} seconds')

    def normalise(text):
        for pattern, replacement in example.patterns:
            text = re.sub(pattern, replacement, text)
        return text

    return Run(proc.returncode, normalise(proc.stdout), normalise(proc.stderr))


class Tap:
    def __init__(self, count):
        self.number = 0
        print(f'1..{count}', flush=True)

    def result(self, ok, description, diagnostics=()):
        self.number += 1
        print(f'{"ok" if ok else "not ok"} {self.number} - {description}')
        for line in diagnostics:
            print(f'# {line}')
        sys.stdout.flush()


def main():
    names = sys.argv[1:] or sorted(EXAMPLES)
    unknown = [name for name in names if name not in EXAMPLES]
    if unknown:
        sys.exit(f'no such example: {", ".join(unknown)}')
    files = {f[:-len('.py')] for f in os.listdir(HERE) if f.endswith('.py')}
    unlisted = sorted(files - set(EXAMPLES) - {'check-examples', 'run-example'})
    missing = sorted(set(EXAMPLES) - files)

    tap = Tap(1 + 2 * len(names))
    tap.result(not unlisted and not missing, 'the table lists every example',
               [f'not in the table: {n}' for n in unlisted]
               + [f'no such file: {n}.py' for n in missing])

    # The runs are independent: they go on side by side, and are reported
    # in order.
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
        runs = [(name, pool.submit(run, name, True), pool.submit(run, name, False))
                for name in names]
        for name, asyncio_run, coasync_run in runs:
            reference = asyncio_run.result()
            expected = EXAMPLES[name].status
            if reference.status != expected:
                tap.result(False, f'{name} on asyncio',
                           [f'expected exit status {expected}:', *reference.transcript()])
                # Without a reference there is nothing to compare with.
                tap.result(False, f'{name} on Coasync, the same as on asyncio',
                           ['no reference: the asyncio run failed'])
                continue
            tap.result(True, f'{name} on asyncio')

            diff = list(difflib.unified_diff(reference.transcript(),
                                             coasync_run.result().transcript(),
                                             'asyncio', 'Coasync', lineterm=''))
            tap.result(not diff, f'{name} on Coasync, the same as on asyncio', diff)


if __name__ == '__main__':
    main()
