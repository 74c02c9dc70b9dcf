#!/usr/bin/env python3
# check-example.py: runs a C example of examples/c and checks its output.
#
#   check-example.py output NAME EXE
#       EXE's standard output must be exactly the lines expected for NAME
#       (times matched by a pattern), with nothing on standard error.
#   check-example.py timing SEQUENTIAL_EXE CONCURRENT_EXE...
#       say-after waits 1 + 2 units between "started" and "finished",
#       say-after-concurrent and task-group only about 2: the concurrent
#       ones must be clearly faster.
#   check-example.py thread-timing TO_THREAD_EXE
#       to-thread blocks a worker thread for 1 unit while the loop sleeps
#       1 unit: about 1 unit in all between "started main" and "finished
#       main", clearly less than the 2 of running them one after the other.
#
# The examples multiply their delays by $COASYNC_EXAMPLE_SCALE.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import errno
import os
import pty
import re
import subprocess
import sys
import time

TIME = r'\d\d:\d\d:\d\d'
PORT = r'[1-9]\d*'

# One pattern per line of output, matched in full.
EXPECTED = {
    'hello-world': ['hello', 'world'],
    'nested': ['42'],
    'say-after': ['started at ' + TIME, 'hello', 'world', 'finished at ' + TIME],
    'say-after-concurrent': ['started at ' + TIME, 'hello', 'world',
                             'finished at ' + TIME],
    'cancel-me': [
        re.escape('cancel_me(): before sleep'),
        re.escape('cancel_me(): cancel sleep'),
        re.escape('cancel_me(): after sleep'),
        re.escape('main(): cancel_me is cancelled now'),
    ],
    'task-group': ['started at ' + TIME, 'hello', 'world',
                   'finished at ' + TIME],
    'timeout': [
        re.escape("The long operation timed out, but we've handled it."),
        re.escape('This statement will run regardless.'),
        re.escape("Looks like we haven't finished on time."),
        re.escape("The long operation timed out, but we've handled it."),
        re.escape('This statement will run regardless.'),
    ],
    'wait-for': ['timeout!'],
    'shield': [
        re.escape('caller(): res = None'),
        re.escape('main(): something() cancelled: False'),
        re.escape('something(): finished'),
        re.escape('main(): res = 42'),
    ],
    'gather': [
        re.escape('Task A: Compute factorial(2), currently i=2...'),
        re.escape('Task B: Compute factorial(3), currently i=2...'),
        re.escape('Task C: Compute factorial(4), currently i=2...'),
        re.escape('Task A: factorial(2) = 2'),
        re.escape('Task B: Compute factorial(3), currently i=3...'),
        re.escape('Task C: Compute factorial(4), currently i=3...'),
        re.escape('Task B: factorial(3) = 6'),
        re.escape('Task C: Compute factorial(4), currently i=4...'),
        re.escape('Task C: factorial(4) = 24'),
        re.escape('[2, 6, 24]'),
    ],
    # C prints an error's message where Python prints its repr().
    'wait': [
        re.escape('foo() is done: 42'),
        re.escape("first completed: ['fast'], 1 pending"),
        re.escape('timed out: 0 done, 1 pending, slow cancelled: False'),
        re.escape('first exception: boom, 1 pending'),
        re.escape("all completed: ['slow'], 0 pending"),
    ],
    'as-completed': ['one', 'two', 'three', 'fast', 'timeout!',
                     'eternity cancelled: False'],
    'to-thread': ['started main at ' + TIME, 'start blocking_io at ' + TIME,
                  'blocking_io complete at ' + TIME,
                  'finished main at ' + TIME],
    'threadsafe': [
        re.escape('The coroutine returned: 3'),
        re.escape('The coroutine raised an exception: boom'),
        re.escape('The coroutine took too long, cancelling the task...'),
        re.escape('eternity(): cancelled'),
    ],
    'gio-read-file': [
        re.escape('wrote 47 bytes'),
        re.escape(r"read 47 bytes: 'Hello from a file written and read by "
                  r"coasync.\n'"),
        re.escape('deleted the file'),
    ],
    # echo's output ends with a newline, and print() adds one.
    'gio-subprocess': [re.escape("['echo hello' exited with 0]"),
                       re.escape('[stdout]'), 'hello', ''],
    'gio-echo': [
        re.escape("Serving on ('127.0.0.1', ") + PORT + re.escape(')'),
        re.escape(r"client: Send: 'Hello World!\n'"),
        re.escape(r"server: Received 'Hello World!\n' from ('127.0.0.1', ")
        + PORT + re.escape(')'),
        re.escape(r"server: Send: 'Hello World!\n'"),
        re.escape(r"client: Received: 'Hello World!\n'"),
        re.escape('client: Close the connection'),
        re.escape('server: Close the connection'),
    ],
}

TIMEOUT = 60


def fail(message):
    print('FAIL: ' + message, file=sys.stderr)
    sys.exit(1)


def check_output(name, exe):
    proc = subprocess.run([exe], capture_output=True, text=True, timeout=TIMEOUT)
    print(proc.stdout, end='')
    if proc.returncode != 0:
        fail(f'{name} exited with {proc.returncode}: {proc.stderr}')
    if proc.stderr:
        fail(f'{name} wrote to standard error: {proc.stderr!r}')
    lines = proc.stdout.split('\n')
    if lines[-1] != '':
        fail(f'{name}: the output does not end with a newline')
    lines = lines[:-1]
    patterns = EXPECTED[name]
    if len(lines) != len(patterns):
        fail(f'{name}: {len(lines)} lines, expected {len(patterns)}')
    for line, pattern in zip(lines, patterns):
        if not re.fullmatch(pattern, line):
            fail(f'{name}: {line!r} does not match {pattern!r}')


def started_to_finished(exe, started='started', finished='finished'):
    """Seconds between the "<started> at" and "<finished> at" lines of exe.

    The example writes to a pseudo-terminal, so its standard output is line
    buffered and each line is timed as it arrives.  Without a pseudo-terminal,
    the whole run is timed instead."""
    try:
        master, slave = pty.openpty()
    except OSError:
        start = time.monotonic()
        subprocess.run([exe], check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT)
        return time.monotonic() - start

    proc = subprocess.Popen([exe], stdout=slave)
    os.close(slave)
    arrivals = {}
    pending = b''
    while True:
        try:
            data = os.read(master, 4096)
        except OSError as e:
            # Linux reports the end of a pseudo-terminal as EIO.
            if e.errno != errno.EIO:
                raise
            data = b''
        if not data:
            break
        now = time.monotonic()
        pending += data
        while b'\n' in pending:
            line, pending = pending.split(b'\n', 1)
            arrivals[line.rstrip(b'\r').decode().split(' at ')[0]] = now
    os.close(master)
    if proc.wait(timeout=TIMEOUT) != 0:
        fail(f'{exe} exited with {proc.returncode}')
    if started not in arrivals or finished not in arrivals:
        fail(f'{exe} printed no "{started} at" or no "{finished} at" line')
    return arrivals[finished] - arrivals[started]


def check_timing(sequential, concurrent):
    unit = float(os.environ['COASYNC_EXAMPLE_SCALE'])
    # A busy machine can delay either run: try a few times before failing.
    for attempt in range(3):
        seq = started_to_finished(sequential) / unit
        conc = [started_to_finished(exe) / unit for exe in concurrent]
        print(f'sequential: {seq:.2f} units, concurrent: '
              + ', '.join(f'{c:.2f}' for c in conc) + ' units')
        # About 3 and 2 units; sleeps never end early.
        if seq >= 2.7 and all(c >= 1.8 and c < seq - 0.5 for c in conc):
            return
    fail('expected about 3 units for say-after and 2 for the concurrent ones')


def check_thread_timing(exe):
    unit = float(os.environ['COASYNC_EXAMPLE_SCALE'])
    for attempt in range(3):
        total = started_to_finished(exe, 'started main', 'finished main') / unit
        print(f'to-thread: {total:.2f} units')
        # The loop's sleep of 1 unit never ends early; 2 units would mean
        # blocking_io() held up the loop.
        if 0.95 <= total < 1.6:
            return
    fail('expected about 1 unit for to-thread, not 2')


def main():
    os.environ.setdefault('COASYNC_EXAMPLE_SCALE', '0.02')
    if len(sys.argv) == 4 and sys.argv[1] == 'output':
        check_output(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == 'timing':
        check_timing(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 3 and sys.argv[1] == 'thread-timing':
        check_thread_timing(sys.argv[2])
    else:
        fail('usage: check-example.py output NAME EXE | '
             'timing SEQUENTIAL CONCURRENT... | thread-timing TO_THREAD')


if __name__ == '__main__':
    main()
