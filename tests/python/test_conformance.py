#!/usr/bin/env python3
# test_conformance.py: runs the conformance scenarios of scenarios.py on
# CPython's asyncio and on gi.repository.Coasync, and checks that each gives
# the expected trace. Prints TAP.
#
#   test_conformance.py [--impl asyncio|coasync|both] [ID-or-family ...]
#
# e.g. `test_conformance.py --impl coasync TG CAN-07`. Under coasync a trace
# must equal the expected one; under asyncio it may instead equal a CPython
# trace recorded for a version-dependent entry or a CPython quirk, when that
# trace is what the running Python's release gives.
#
# The scenarios run in a worker process, one implementation at a time. A
# scenario that raises, hangs or crashes the worker fails with a diagnostic;
# a new worker then carries on with the scenarios that are left.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import faulthandler
import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios  # noqa: E402

# Seconds a scenario may take before it counts as hung (they take well
# under one), and the extra time the worker gets to report that itself.
SCENARIO_TIMEOUT = 5.0
KILL_GRACE = 3.0
# Seconds a worker may take to import its implementation.
STARTUP_TIMEOUT = 30.0
# Lines of worker stderr shown with a crash or a hang.
STDERR_TAIL = 30


def load_impl(name):
    if name == "asyncio":
        import asyncio
        return asyncio
    import gi
    gi.require_version("Coasync", "1.0")
    from gi.repository import Coasync
    return Coasync


# The worker: runs scenarios and reports one JSON line per event on its
# original stdout; anything else that is printed goes to stderr.

def worker(impl, idents):
    channel = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    faulthandler.enable()
    lock = threading.Lock()

    def send(**message):
        with lock:
            channel.write(json.dumps(message) + "\n")
            channel.flush()

    try:
        aio = load_impl(impl)
    except Exception:
        send(fatal=f"cannot load {impl}:\n{traceback.format_exc()}")
        return
    by_ident = {s.ident: s for s in scenarios.SCENARIOS}
    for ident in idents:
        trace = []

        def hung(ident=ident, trace=trace):
            faulthandler.dump_traceback(all_threads=True)
            send(ident=ident, trace=scenarios.format_trace(ident, list(trace)),
                 error=f"no result after {SCENARIO_TIMEOUT:g} s (stacks on stderr)")
            os._exit(3)

        send(start=ident)
        watchdog = threading.Timer(SCENARIO_TIMEOUT, hung)
        watchdog.daemon = True
        watchdog.start()
        try:
            send(ident=ident, trace=by_ident[ident].run(aio, trace))
        except BaseException:
            send(ident=ident, trace=scenarios.format_trace(ident, trace),
                 error=traceback.format_exc())
        finally:
            watchdog.cancel()


# The parent: starts workers, enforces the time limits, prints TAP.

class LineReader:
    """Lines from a pipe, with a time limit on each read."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = b""

    def readline(self, timeout):
        """A line; "" at end of file; None when `timeout` passes first."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return ""
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


class Tap:
    def __init__(self, total):
        self.number = 0
        self.failures = 0
        print(f"1..{total}", flush=True)

    def result(self, ok, description, diagnostics=()):
        self.number += 1
        self.failures += not ok
        print(f"{'ok' if ok else 'not ok'} {self.number} - {description}")
        for text in diagnostics:
            for line in text.rstrip("\n").splitlines():
                print(f"# {line}")
        sys.stdout.flush()


def check(scenario, impl, got):
    """(passed, label of the accepted alternative trace or None)."""
    if got == scenario.expected:
        return True, None
    if impl == "asyncio":
        for label, trace in scenario.asyncio_alternatives():
            if got == trace:
                return True, label
    return False, None


def report(tap, scenario, impl, got, error=None, stderr_tail=""):
    passed, label = check(scenario, impl, got) if error is None else (False, None)
    description = f"{scenario.ident} {impl}"
    if passed:
        tap.result(True, description, [f"matches the {label} trace"] if label else [])
        return
    diagnostics = [f"expected: {scenario.expected}"]
    if impl == "asyncio":
        diagnostics += [f"or ({label}): {trace}" for label, trace in scenario.asyncio_alternatives()]
    diagnostics.append(f"actual:   {got if got is not None else '(no trace)'}")
    if error:
        diagnostics.append(f"error: {error}")
    if stderr_tail:
        diagnostics.append(f"worker stderr:\n{stderr_tail}")
    tap.result(False, description, diagnostics)


def tail(errfile, offset):
    errfile.seek(offset)
    lines = errfile.read().decode(errors="replace").splitlines()
    return "\n".join(lines[-STDERR_TAIL:])


def run_impl(tap, impl, selected):
    by_ident = {s.ident: s for s in selected}
    remaining = [s.ident for s in selected]
    while remaining:
        with tempfile.TemporaryFile() as errfile:
            proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker", impl, *remaining],
                                    stdout=subprocess.PIPE, stderr=errfile)
            reader = LineReader(proc.stdout.fileno())
            current, completed, offset = None, 0, 0
            timeout = STARTUP_TIMEOUT
            while remaining:
                line = reader.readline(timeout)
                if line is None or line == "":
                    if line is None:
                        proc.kill()
                    returncode = proc.wait()
                    if current is None and completed == 0:
                        # Not one scenario ran: starting again would not help.
                        why = "timed out starting" if line is None else f"exited with status {returncode}"
                        for ident in remaining:
                            report(tap, by_ident[ident], impl, None, f"the {impl} worker {why}",
                                   tail(errfile, 0))
                        return
                    if current is not None:
                        why = (f"no result after {SCENARIO_TIMEOUT + KILL_GRACE:g} s; worker killed"
                               if line is None else f"the worker died (status {returncode})")
                        report(tap, by_ident[current], impl, None, why, tail(errfile, offset))
                        remaining.remove(current)
                    break
                message = json.loads(line)
                if "fatal" in message:
                    for ident in remaining:
                        report(tap, by_ident[ident], impl, None, message["fatal"])
                    proc.kill()
                    proc.wait()
                    return
                if "start" in message:
                    current = message["start"]
                    offset = os.fstat(errfile.fileno()).st_size
                    timeout = SCENARIO_TIMEOUT + KILL_GRACE
                    continue
                report(tap, by_ident[message["ident"]], impl, message["trace"], message.get("error"),
                       tail(errfile, offset) if message.get("error") else "")
                remaining.remove(message["ident"])
                current = None
                completed += 1
            else:
                try:
                    proc.wait(KILL_GRACE)
                except subprocess.TimeoutExpired:
                    print(f"# the {impl} worker did not exit after its last scenario; killed", flush=True)
                    proc.kill()
                    proc.wait()


def select_scenarios(filters):
    """Scenarios whose id is one of `filters` or in one of its families."""
    if not filters:
        return list(scenarios.SCENARIOS)
    wanted = [f.upper() for f in filters]
    selected = [s for s in scenarios.SCENARIOS
                if any(s.ident == w or s.ident.startswith(w + "-") for w in wanted)]
    unknown = [w for w in wanted
               if not any(s.ident == w or s.ident.startswith(w + "-") for s in scenarios.SCENARIOS)]
    if unknown:
        sys.exit(f"unknown scenario or family: {', '.join(unknown)}")
    return selected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--impl", choices=("asyncio", "coasync", "both"), default="both")
    parser.add_argument("--worker", choices=("asyncio", "coasync"), help=argparse.SUPPRESS)
    parser.add_argument("ids", nargs="*", metavar="ID", help="scenario ids or families (FUT-01, TG)")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.ids)
        return 0
    selected = select_scenarios(args.ids)
    impls = ("asyncio", "coasync") if args.impl == "both" else (args.impl,)
    tap = Tap(len(selected) * len(impls))
    for impl in impls:
        run_impl(tap, impl, selected)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
