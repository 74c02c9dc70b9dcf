#!/usr/bin/env python3
# bench_python.py: Python on Coasync against CPython asyncio.
#
# Usage: bench_python.py [--reps N]
#
# Runs the same coroutines on asyncio and on gi.repository.Coasync, each
# workload in a child process of its own (best of N runs), and prints a
# table with the ratios. Needs the Coasync typelib and overrides on the
# path: bench/run-python sets that up.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import random
import subprocess
import sys
import time

GATHER_TASKS = 100_000
SLEEP0_AWAITS = 100_000
SLEEPERS = 10_000
SLEEP_SPAN_S = 1.0


def implementation(name):
    if name == 'asyncio':
        import asyncio
        return asyncio
    import gi
    gi.require_version('Coasync', '1.0')
    from gi.repository import Coasync
    return Coasync


async def gather_workload(aio):
    async def trivial(i):
        return i

    start = time.perf_counter()
    results = await aio.gather(*[trivial(i) for i in range(GATHER_TASKS)])
    elapsed = time.perf_counter() - start
    assert results[-1] == GATHER_TASKS - 1
    return elapsed / GATHER_TASKS * 1e6, 'µs per task'


async def sleep0_workload(aio):
    start = time.perf_counter()
    for _ in range(SLEEP0_AWAITS):
        await aio.sleep(0)
    return (time.perf_counter() - start) / SLEEP0_AWAITS * 1e6, 'µs per await'


async def sleepers_workload(aio):
    loop = aio.get_running_loop()
    delays = random.Random(1).choices([i / 1000 * SLEEP_SPAN_S for i in range(1000)],
                                      k=SLEEPERS)
    lateness = []

    async def sleeper(delay):
        due = loop.time() + delay
        await aio.sleep(delay)
        lateness.append(loop.time() - due)

    cpu = time.process_time()
    await aio.gather(*[sleeper(d) for d in delays])
    cpu = time.process_time() - cpu
    return cpu, f's CPU (mean lateness {sum(lateness) / len(lateness) * 1e3:.2f} ms)'


WORKLOADS = {
    'gather': ('create_task + gather of 100k coroutines', gather_workload),
    'sleep0': ('100k × await sleep(0)', sleep0_workload),
    'sleepers': ('10k concurrent sleepers, 0-1 s', sleepers_workload),
}


def child(impl, workload):
    aio = implementation(impl)
    value, unit = aio.run(WORKLOADS[workload][1](aio))
    print(f'{value!r}\t{unit}')


def measure(impl, workload, reps):
    best = None
    for _ in range(reps):
        out = subprocess.run([sys.executable, __file__, '--child', impl, workload],
                             check=True, capture_output=True, text=True).stdout
        value, unit = out.strip().split('\t')
        if best is None or float(value) < best[0]:
            best = (float(value), unit)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--reps', type=int, default=3)
    parser.add_argument('--child', nargs=2, metavar=('IMPL', 'WORKLOAD'))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    print(f'{"workload":42} {"Coasync":>10} {"asyncio":>10} {"ratio":>7}  unit')
    for workload, (label, _) in WORKLOADS.items():
        coasync, unit = measure('coasync', workload, args.reps)
        asyncio_value, asyncio_unit = measure('asyncio', workload, args.reps)
        detail = '' if asyncio_unit == unit else f'; asyncio: {asyncio_unit}'
        print(f'{label:42} {coasync:10.3f} {asyncio_value:10.3f} '
              f'{asyncio_value / coasync:6.2f}×  {unit}{detail}')


if __name__ == '__main__':
    main()
