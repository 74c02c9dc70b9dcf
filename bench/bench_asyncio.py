#!/usr/bin/env python3
# bench_asyncio.py: the workloads of bench-core.c, in CPython asyncio.
#
# Usage: python3 bench_asyncio.py [--reps N] [workload...]
#
# Each workload has the same structure as its C counterpart in
# bench-core.c (same task counts, same awaits, same order), so the figures
# compare the two runtimes and nothing else.  One line is printed per
# figure, "name value", for bench/run to read.  Each workload runs in a
# child process of its own so that the memory figures are not skewed by the
# heap left behind by an earlier workload.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import gc
import os
import queue
import signal
import sys
import threading
import time

SPAWN_TASKS = 100_000
SLEEP0_AWAITS = 1_000_000
PINGPONG_ROUNDS = 100_000
SLEEPERS = 100_000
PARKED_FIBER = 100_000
PARKED_STEPPED = 1_000_000
TASKGROUP_TASKS = 100_000
TIMEOUT_BLOCKS = 100_000
GATHER_TASKS = 100_000
TO_THREAD_CALLS = 10_000
THREADSAFE_CALLS = 10_000

# A workload that takes longer than this is hung: its child is killed.
WATCHDOG_S = 90

_reps_override = None


def reps(default):
    return _reps_override if _reps_override is not None else default


def emit(name, value):
    print(f"{name} {value}", flush=True)


def vm_rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


class Lcg:
    """The 64-bit LCG of bench-core.c, so both languages sleep the very
    same delays."""

    def __init__(self, seed):
        self.state = seed

    def uniform(self):
        self.state = (self.state * 6364136223846793005
                      + 1442695040888963407) & 0xFFFF_FFFF_FFFF_FFFF
        return (self.state >> 11) * (1.0 / (1 << 53))


# spawn: create 100k trivial tasks, then await each one in order.  The
# release of the tasks is timed too (C unrefs them), so a task's whole life
# is measured.

async def trivial():
    return  # the C body just returns TRUE (success, no result)


async def spawn_main(n):
    start = time.perf_counter_ns()
    tasks = [asyncio.create_task(trivial()) for _ in range(n)]
    for t in tasks:
        await t
    del t
    tasks = None
    return time.perf_counter_ns() - start


def bench_spawn():
    n = reps(3)
    best = min(asyncio.run(spawn_main(SPAWN_TASKS)) for _ in range(n))
    emit("spawn_100k_ns_per_task", f"{best / SPAWN_TASKS:.1f}")
    emit("spawn_100k_reps", n)


# sleep0: one task awaits sleep(0) a million times; each is one loop tick.

async def sleep0_main(n):
    start = time.perf_counter_ns()
    for _ in range(n):
        await asyncio.sleep(0)
    return time.perf_counter_ns() - start


def bench_sleep0():
    n = reps(3)
    best = min(asyncio.run(sleep0_main(SLEEP0_AWAITS)) for _ in range(n))
    emit("sleep0_1m_ns_per_await", f"{best / SLEEP0_AWAITS:.1f}")
    emit("sleep0_1m_reps", n)


# pingpong: two tasks hand control to each other through futures.  Each
# one, in turn, creates a fresh future for itself, completes the other's
# and awaits its own; a round trip is two future completions and two task
# switches.  pong is created first so that its future exists when ping
# first runs.

class PingPong:
    __slots__ = ("a", "b")


async def ping(s, n):
    loop = asyncio.get_running_loop()
    for _ in range(n):
        s.a = loop.create_future()
        s.b.set_result(None)
        await s.a


async def pong(s, n):
    loop = asyncio.get_running_loop()
    for _ in range(n):
        s.b = loop.create_future()
        await s.b
        s.a.set_result(None)


async def pingpong_main(n):
    s = PingPong()
    start = time.perf_counter_ns()
    b = asyncio.create_task(pong(s, n))
    a = asyncio.create_task(ping(s, n))
    await a
    await b
    return time.perf_counter_ns() - start


def bench_pingpong():
    n = reps(3)
    best = min(asyncio.run(pingpong_main(PINGPONG_ROUNDS)) for _ in range(n))
    emit("pingpong_ns_per_round_trip", f"{best / PINGPONG_ROUNDS:.1f}")
    emit("pingpong_rounds", PINGPONG_ROUNDS)
    emit("pingpong_reps", n)


# sleepers: 100k tasks sleep a random delay in [0, 1) s; each one notes
# how late it woke.  The CPU time of the whole process is measured from the
# first create_task to the last task awaited.

async def sleeper(delays, lateness, i):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + delays[i]
    await asyncio.sleep(delays[i])
    lateness[i] = loop.time() - deadline


async def sleepers_main(n):
    rng = Lcg(42)
    delays = [rng.uniform() for _ in range(n)]
    lateness = [0.0] * n
    cpu0 = time.process_time_ns()
    wall0 = time.perf_counter_ns()
    tasks = [asyncio.create_task(sleeper(delays, lateness, i))
             for i in range(n)]
    for t in tasks:
        await t
    del t
    tasks = None
    cpu = time.process_time_ns() - cpu0
    wall = time.perf_counter_ns() - wall0
    return cpu, wall, sum(lateness) / n, max(lateness)


def bench_sleepers():
    n = reps(2)
    runs = [asyncio.run(sleepers_main(SLEEPERS)) for _ in range(n)]
    cpu, wall, mean, worst = min(runs)  # the run with the least CPU
    emit("sleepers_100k_cpu_s", f"{cpu / 1e9:.4f}")
    emit("sleepers_100k_wall_s", f"{wall / 1e9:.4f}")
    emit("sleepers_100k_mean_lateness_ms", f"{mean * 1e3:.3f}")
    emit("sleepers_100k_max_lateness_ms", f"{worst * 1e3:.3f}")
    emit("sleepers_100k_reps", n)


# taskgroup: one TaskGroup gets 100k trivial members, all created in its
# body, then the body ends and the exit waits for them.

async def taskgroup_main(n):
    start = time.perf_counter_ns()
    async with asyncio.TaskGroup() as tg:
        for _ in range(n):
            tg.create_task(trivial())
    return time.perf_counter_ns() - start


def bench_taskgroup():
    n = reps(3)
    best = min(asyncio.run(taskgroup_main(TASKGROUP_TASKS)) for _ in range(n))
    emit("taskgroup_100k_ns_per_member", f"{best / TASKGROUP_TASKS:.1f}")
    emit("taskgroup_100k_reps", n)


# timeouts: one task runs 100k blocks one after the other, each a 10 s
# timeout around one sleep(0): entering, one tick, leaving, and never
# firing.

async def timeouts_main(n):
    start = time.perf_counter_ns()
    for _ in range(n):
        async with asyncio.timeout(10):
            await asyncio.sleep(0)
    return time.perf_counter_ns() - start


def bench_timeouts():
    n = reps(3)
    best = min(asyncio.run(timeouts_main(TIMEOUT_BLOCKS)) for _ in range(n))
    emit("timeouts_100k_ns_per_block", f"{best / TIMEOUT_BLOCKS:.1f}")
    emit("timeouts_100k_reps", n)


# gather100k: 100k trivial tasks are created, then gathered by one gather()
# which the main task awaits.  The release of the tasks and of the result
# list is timed too (C unrefs them).

async def gather_main(n):
    start = time.perf_counter_ns()
    tasks = [asyncio.create_task(trivial()) for _ in range(n)]
    await asyncio.gather(*tasks)
    tasks = None
    return time.perf_counter_ns() - start


def bench_gather():
    n = reps(3)
    best = min(asyncio.run(gather_main(GATHER_TASKS)) for _ in range(n))
    emit("gather_100k_ns_per_task", f"{best / GATHER_TASKS:.1f}")
    emit("gather_100k_reps", n)


# to_thread: one task awaits 10k calls of a trivial function through
# to_thread(), one after the other: each is a round trip from the loop to
# a worker of the default executor and back.

def trivial_in_thread():
    return None  # the C function just returns TRUE (no result)


async def to_thread_main(n):
    start = time.perf_counter_ns()
    for _ in range(n):
        await asyncio.to_thread(trivial_in_thread)
    return time.perf_counter_ns() - start


def bench_to_thread():
    n = reps(3)
    best = min(asyncio.run(to_thread_main(TO_THREAD_CALLS)) for _ in range(n))
    emit("to_thread_10k_us_per_call", f"{best / TO_THREAD_CALLS / 1e3:.2f}")
    emit("to_thread_10k_reps", n)


# threadsafe: a second thread runs a loop (asyncio.run() of a main task
# that waits for a "stop" future); this thread submits 10k trivial
# coroutines to it with run_coroutine_threadsafe(), one after the other,
# blocking on each result.  The loop's start and stop are not timed.

async def loop_thread_main(ready):
    stop = asyncio.get_running_loop().create_future()
    ready.put((asyncio.get_running_loop(), stop))
    await stop


def threadsafe_run(n):
    ready = queue.Queue()
    thread = threading.Thread(target=asyncio.run,
                              args=(loop_thread_main(ready),))
    thread.start()
    loop, stop = ready.get()
    start = time.perf_counter_ns()
    for _ in range(n):
        asyncio.run_coroutine_threadsafe(trivial(), loop).result()
    ns = time.perf_counter_ns() - start
    loop.call_soon_threadsafe(stop.set_result, None)
    thread.join()
    return ns


def bench_threadsafe():
    n = reps(3)
    best = min(threadsafe_run(THREADSAFE_CALLS) for _ in range(n))
    emit("threadsafe_10k_us_per_call", f"{best / THREADSAFE_CALLS / 1e3:.2f}")
    emit("threadsafe_10k_reps", n)


# parked: N tasks await one shared pending future.  RSS is read before
# they are created and once they are all parked; then the future is
# completed and they are let finish.  Python has only one kind of task, so
# the "fiber" (100k) and "stepped" (1M) workloads differ only by N.

class Parked:
    __slots__ = ("shared", "parked", "done")


async def parked_body(p):
    p.parked += 1
    await p.shared
    p.done += 1


async def wait_for_count(p, attr, target):
    """Yields one tick at a time until p.<attr> reaches target, or until it
    stops moving (a task failed)."""
    stalled = 0
    last = getattr(p, attr)
    while getattr(p, attr) < target and stalled < 1000:
        await asyncio.sleep(0)
        now = getattr(p, attr)
        stalled = stalled + 1 if now == last else 0
        last = now


async def parked_main(n):
    p = Parked()
    p.shared = asyncio.get_running_loop().create_future()
    p.parked = p.done = 0
    gc.collect()
    before = vm_rss_kib()
    for _ in range(n):
        # Fire and forget: the shared future's callbacks keep them alive.
        asyncio.create_task(parked_body(p))
    await wait_for_count(p, "parked", n)
    after = vm_rss_kib()
    p.shared.set_result(None)
    await wait_for_count(p, "done", p.parked)
    return p.parked == n and p.done == n, p.parked, (after - before) * 1024 / n


def bench_parked(name, n):
    ok, parked, per_task = asyncio.run(parked_main(n))
    emit(f"{name}_ok", int(ok))
    emit(f"{name}_parked", parked)
    emit(f"{name}_bytes_per_task", f"{per_task:.0f}")
    emit(f"{name}_kib_per_task", f"{per_task / 1024:.2f}")


WORKLOADS = {
    "spawn": bench_spawn,
    "sleep0": bench_sleep0,
    "pingpong": bench_pingpong,
    "sleepers": bench_sleepers,
    "parked_fiber": lambda: bench_parked("parked_fiber_100k", PARKED_FIBER),
    "parked_stepped": lambda: bench_parked("parked_stepped_1m",
                                           PARKED_STEPPED),
    "taskgroup": bench_taskgroup,
    "timeouts": bench_timeouts,
    "gather100k": bench_gather,
    "to_thread": bench_to_thread,
    "threadsafe": bench_threadsafe,
}


def run_isolated(name):
    """Runs one workload in a child process; returns True if it succeeded."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            signal.alarm(WATCHDOG_S)
            WORKLOADS[name]()
            status = 0
        except BaseException as e:  # report, never hang the parent
            print(f"bench_asyncio: {name}: {e!r}", file=sys.stderr)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        print(f"bench_asyncio: {name}: killed by signal "
              f"{os.WTERMSIG(status)}", file=sys.stderr)
        return False
    return os.WEXITSTATUS(status) == 0


def main(argv):
    global _reps_override
    names = []
    args = iter(argv)
    for arg in args:
        if arg in ("-r", "--reps"):
            _reps_override = int(next(args))
        elif arg in ("-h", "--help"):
            print(f"usage: {sys.argv[0]} [--reps N] "
                  f"[{'|'.join(WORKLOADS)}...]")
            return 0
        elif arg in WORKLOADS:
            names.append(arg)
        else:
            print(f"bench_asyncio: unknown workload {arg!r} "
                  f"(known: {' '.join(WORKLOADS)})", file=sys.stderr)
            return 2
    emit("python_version", sys.version.split()[0])
    ok = True
    for name in names or WORKLOADS:
        ok = run_isolated(name) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
