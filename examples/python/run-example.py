#!/usr/bin/env python3
# run-example.py: runs one example of this directory with its delays scaled,
# on Coasync as it is written, or with --asyncio on CPython's asyncio.
#
#   run-example.py [--asyncio] [--scale FACTOR] EXAMPLE.py
#
# The examples keep the delays of the documentation, seconds long.  A second
# of the program lasts FACTOR real seconds (default 1): the launcher wraps
# what the program calls with delays or deadlines (the module's sleep,
# wait_for, wait, as_completed, timeout, timeout_at, the reschedule() of
# their context managers, the loop's time(), and time.sleep and the timeout
# of concurrent.futures.Future.result for the threads), the same way for
# both implementations.
#
# With --asyncio, the example's Coasync import is replaced by
# `import asyncio`: that is the program of the documentation.  An uncaught
# exception is reported on standard error by its last line only, as the
# frames of the two implementations differ.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import builtins
import concurrent.futures
import sys
import time
import traceback

COASYNC_IMPORT = ('import gi\n'
                  'gi.require_version("Coasync", "1.0")\n'
                  'from gi.repository import Coasync as asyncio\n')
# Padded to as many lines, so that warnings show the same line numbers.
ASYNCIO_IMPORT = 'import asyncio\n\n\n'


def real_seconds(seconds, scale):
    """Real seconds (or a real clock time) for seconds of the program."""
    return None if seconds is None else seconds * scale


class ScaledLoop:
    """The running loop as the program sees it: its clock is the real one
    divided by the scale, so that deadlines computed from it are in the
    program's seconds."""

    def __init__(self, loop, scale):
        self.loop = loop
        self.scale = scale

    def __getattr__(self, name):
        return getattr(self.loop, name)

    def time(self):
        return self.loop.time() / self.scale


class ScaledTimeout:
    """The context manager of timeout() and timeout_at(), with deadlines on
    the program's clock."""

    def __init__(self, cm, scale):
        self.cm = cm
        self.scale = scale

    def __getattr__(self, name):
        return getattr(self.cm, name)

    async def __aenter__(self):
        await self.cm.__aenter__()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        return await self.cm.__aexit__(exc_type, exc, tb)

    def when(self):
        when = self.cm.when()
        return None if when is None else when / self.scale

    def reschedule(self, when):
        self.cm.reschedule(real_seconds(when, self.scale))


def scale_module(module, scale):
    """Replaces the functions of module (asyncio, or Coasync) that take
    delays or deadlines.  A function the module lacks is left out: the
    program then fails as it would without the launcher."""
    original = {}

    def sleep(delay, *args, **kwargs):
        return original['sleep'](delay * scale, *args, **kwargs)

    def wait_for(aw, timeout):
        return original['wait_for'](aw, real_seconds(timeout, scale))

    def wait(aws, *, timeout=None, **kwargs):
        return original['wait'](aws, timeout=real_seconds(timeout, scale), **kwargs)

    def as_completed(aws, *, timeout=None):
        return original['as_completed'](aws, timeout=real_seconds(timeout, scale))

    def timeout(delay):
        return ScaledTimeout(original['timeout'](real_seconds(delay, scale)), scale)

    def timeout_at(when):
        return ScaledTimeout(original['timeout_at'](real_seconds(when, scale)), scale)

    def get_running_loop():
        return ScaledLoop(original['get_running_loop'](), scale)

    # The program hands back the loop get_running_loop() gave it.
    def run_coroutine_threadsafe(coro, loop):
        if isinstance(loop, ScaledLoop):
            loop = loop.loop
        return original['run_coroutine_threadsafe'](coro, loop)

    for wrapper in (sleep, wait_for, wait, as_completed, timeout, timeout_at,
                    get_running_loop, run_coroutine_threadsafe):
        name = wrapper.__name__
        if hasattr(module, name):
            original[name] = getattr(module, name)
            setattr(module, name, wrapper)


def scale_blocking_waits(scale):
    """Scales the waits of threads: time.sleep() and the timeout of
    concurrent.futures.Future.result()."""
    sleep = time.sleep
    result = concurrent.futures.Future.result

    time.sleep = lambda seconds: sleep(seconds * scale)
    concurrent.futures.Future.result = \
        lambda future, timeout=None: result(future, real_seconds(timeout, scale))


def main():
    parser = argparse.ArgumentParser(description='Runs an example with its delays scaled.')
    parser.add_argument('--asyncio', action='store_true',
                        help="run on CPython's asyncio instead of Coasync")
    parser.add_argument('--scale', type=float, default=1.0,
                        help='real seconds per second of the program')
    parser.add_argument('example')
    args = parser.parse_args()

    with open(args.example, encoding='utf-8') as f:
        source = f.read()
    if source.count(COASYNC_IMPORT) != 1:
        sys.exit(f'{args.example}: the Coasync import is not there exactly once')

    if args.asyncio:
        source = source.replace(COASYNC_IMPORT, ASYNCIO_IMPORT)
        import asyncio as module
    else:
        import gi
        gi.require_version('Coasync', '1.0')
        from gi.repository import Coasync as module
    scale_module(module, args.scale)
    scale_blocking_waits(args.scale)

    sys.argv = [args.example]
    code = compile(source, args.example, 'exec')
    try:
        exec(code, {'__name__': '__main__', '__file__': args.example,
                    '__builtins__': builtins})
    except SystemExit:
        raise
    except BaseException as exc:
        sys.stdout.flush()
        sys.stderr.write(''.join(traceback.format_exception_only(exc)))
        sys.exit(1)


if __name__ == '__main__':
    main()
