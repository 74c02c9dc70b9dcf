# scenarios.py: the behavioural scenarios of the asyncio conformance catalogue
# (FUT, TSK, CAN, TG, SLP, GAT, SHD, TMO, WF, WAIT, AC, THR, RCT, CUR, RUN),
# written once against an asyncio-like module `aio` so that the same code runs
# on CPython's asyncio and on gi.repository.Coasync.
#
# Each scenario appends events to `trace`; the runner joins them into
# "ID: ev | ev | ...". `expected` is the catalogue's Trace line (for the
# entries without one, the behaviour the entry prescribes; where versions
# differ, the newest). Where CPython's asyncio differs from what Coasync must
# do (an older side of a version-dependent entry, a CPython quirk, or an
# early 3.11 patch release), that trace is recorded as well, with the
# releases that give it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import concurrent.futures
import contextvars
import inspect
import io
import re
import sys
import threading
import time
from typing import NamedTuple

# A delay that a cancellation or a timeout always cuts short, or that is
# still running when the scenario ends (asyncio.run then cancels it).
LONG = 1.0
# Bound on a wait in another thread for something the loop settles at once.
THREAD_WAIT = 5.0


class Variant(NamedTuple):
    """Which CPython releases give a recorded trace instead of the expected."""
    label: str
    until: tuple | None  # the first release giving the expected trace

    def applies(self):
        return self.until is None or sys.version_info < self.until


BEFORE_312 = Variant("CPython 3.11", (3, 12))
BEFORE_313 = Variant("CPython 3.11 and 3.12", (3, 13))
QUIRK = Variant("CPython quirk", None)
# Early 3.11 releases (3.11.2, Debian 12's, is one): Timeout has no entry
# baseline and does not chain TimeoutError from the CancelledError
# (gh-102780), and Timeout and TaskGroup count as entered even when their
# entry fails (gh-111085). 3.11.7 has both fixes.
EARLY_311 = Variant("CPython 3.11 before 3.11.7", (3, 11, 7))


class Scenario:
    def __init__(self, ident, func, expected, cpython_traces):
        self.ident = ident
        self.func = func
        self.expected = expected
        # Variant -> the trace CPython's asyncio gives instead of `expected`
        self.cpython_traces = cpython_traces

    def asyncio_alternatives(self):
        """(label, trace) that this Python's asyncio may give instead."""
        return [(v.label, trace) for v, trace in self.cpython_traces.items() if v.applies()]

    def run(self, aio, trace):
        """Run on `aio`, each coroutine scenario in its own aio.run()."""
        if inspect.iscoroutinefunction(self.func):
            aio.run(self.func(aio, trace))
        else:
            self.func(aio, trace)
        return format_trace(self.ident, trace)


SCENARIOS = []


def scenario(ident, expected, cpython=None):
    """Register the decorated function as scenario `ident`. `cpython` maps a
    Variant to the trace that CPython's asyncio gives instead of `expected`."""
    def register(func):
        SCENARIOS.append(Scenario(ident, func, expected, cpython or {}))
        return func
    return register


# Formatting, as in the catalogue's conventions.

def format_trace(ident, events):
    return f"{ident}: " + " | ".join(events)


def fmt_exc(exc):
    """Type(arg-reprs); a group as Type[member, member]."""
    if isinstance(exc, BaseExceptionGroup):
        return f"{type(exc).__name__}[{', '.join(fmt_exc(e) for e in exc.exceptions)}]"
    return f"{type(exc).__name__}({', '.join(repr(a) for a in exc.args)})"


def fmt_msg(exc):
    """Type(message), the message unquoted."""
    return f"{type(exc).__name__}({exc})"


def type_name(obj):
    return "None" if obj is None else type(obj).__name__


def fmt_value(value):
    """A result list entry: an exception in catalogue form, else its repr."""
    return fmt_exc(value) if isinstance(value, BaseException) else repr(value)


def names(tasks):
    """A set of tasks as a sorted name list [a,b]."""
    return "[" + ",".join(sorted(t.get_name() for t in tasks)) + "]"


def with_phrase(exc, phrase):
    """Type(...phrase) when the message contains the prescribed phrase (the
    rest of such messages is implementation-defined), else Type(message)."""
    text = str(exc)
    return f"{type(exc).__name__}(...{phrase})" if phrase in text else fmt_msg(exc)


def attempt(label, func, detail=type_name):
    """label=repr(result), or label:detail(exception)."""
    try:
        value = func()
    except BaseException as exc:
        return f"{label}:{detail(exc)}"
    return f"{label}={value!r}"


async def settle(label, awaitable, detail=type_name):
    """attempt() for an awaitable."""
    try:
        value = await awaitable
    except BaseException as exc:
        return f"{label}:{detail(exc)}"
    return f"{label}={value!r}"


# Building blocks shared by the scenarios.

async def tick(aio):
    """Let every step that is ready now run once."""
    await aio.sleep(0)


async def sleep_long(aio, trace=None, label=None):
    """Sleep LONG; when cancelled, record `label:CancelledError` and re-raise."""
    try:
        await aio.sleep(LONG)
    except aio.CancelledError:
        if label:
            trace.append(f"{label}:CancelledError")
        raise


async def after(aio, delay, value, trace=None):
    """Return `value` after `delay`, recording `done:value` when traced."""
    await aio.sleep(delay)
    if trace is not None:
        trace.append(f"done:{value}")
    return value


async def fail_after(aio, delay, exc):
    await aio.sleep(delay)
    raise exc


async def gated(gate, value, trace=None):
    """Return `value` once the future `gate` is done: the scenario decides
    when, so no timer races with the checks made before."""
    await gate
    if trace is not None:
        trace.append(f"done:{value}")
    return value


async def sleep_then_cleanup(aio, trace=None, label=None, exc=None):
    """Sleep LONG; the cleanup (`finally`) records `label` and raises `exc`,
    each when given."""
    try:
        await aio.sleep(LONG)
    finally:
        if label:
            trace.append(label)
        if exc is not None:
            raise exc


def enter_by_hand(cm):
    """Enter and leave the async context manager `cm` from a coroutine
    stepped by hand: called from a loop callback, no task is current."""
    async def enter():
        async with cm:
            pass
    coro = enter()
    try:
        coro.send(None)
    except StopIteration:
        pass
    finally:
        coro.close()


class MyExc(Exception):
    pass


class MyBaseExc(BaseException):
    pass


# 1. Future (FUT)

@scenario("FUT-01", "FUT-01: done=False | cancelled=False | result:InvalidStateError | exception:InvalidStateError")
async def fut_01(aio, trace):
    f = aio.get_running_loop().create_future()
    trace.append(f"done={f.done()}")
    trace.append(f"cancelled={f.cancelled()}")
    trace.append(attempt("result", f.result))
    trace.append(attempt("exception", f.exception))


@scenario("FUT-02", "FUT-02: done=True | result=42 | exception=None | set_result:InvalidStateError | set_exception:InvalidStateError | set_exception(None):InvalidStateError | cancel=False | result=42")
async def fut_02(aio, trace):
    f = aio.get_running_loop().create_future()
    f.set_result(42)
    trace.append(f"done={f.done()}")
    trace.append(attempt("result", f.result))
    trace.append(attempt("exception", f.exception))
    trace.append(attempt("set_result", lambda: f.set_result(1)))
    trace.append(attempt("set_exception", lambda: f.set_exception(ValueError())))
    trace.append(attempt("set_exception(None)", lambda: f.set_exception(None)))
    trace.append(attempt("cancel", f.cancel))
    trace.append(attempt("result", f.result))


@scenario("FUT-04", "FUT-04: cancel=True | cancelled=True done=True | result#0:CancelledError('m') | result#1:CancelledError('m') | exception:CancelledError('m') | cancel_again=False | set_result:InvalidStateError")
async def fut_04(aio, trace):
    f = aio.get_running_loop().create_future()
    trace.append(f"cancel={f.cancel('m')}")
    trace.append(f"cancelled={f.cancelled()} done={f.done()}")
    trace.append(attempt("result#0", f.result, fmt_exc))
    trace.append(attempt("result#1", f.result, fmt_exc))
    trace.append(attempt("exception", f.exception, fmt_exc))
    trace.append(f"cancel_again={f.cancel()}")
    trace.append(attempt("set_result", lambda: f.set_result(1)))


@scenario("FUT-05", "FUT-05: after-set_result | cb1(arg_is_future=True) | cb2(arg_is_future=True) | cb3(arg_is_future=True) | after-1-tick")
async def fut_05(aio, trace):
    f = aio.get_running_loop().create_future()
    for name in ("cb1", "cb2", "cb3"):
        f.add_done_callback(lambda arg, name=name: trace.append(f"{name}(arg_is_future={arg is f})"))
    f.set_result(None)
    trace.append("after-set_result")
    await tick(aio)
    trace.append("after-1-tick")


@scenario("FUT-07", "FUT-07: remove(cb2)=1 | remove(cb3)=0 | remove(cb1)=6 | cb2 | cb3 | cb3")
async def fut_07(aio, trace):
    f = aio.get_running_loop().create_future()

    def cb1(_):
        trace.append("cb1")

    def cb2(_):
        trace.append("cb2")

    def cb3(_):
        trace.append("cb3")

    f.add_done_callback(cb1)
    f.add_done_callback(cb2)
    trace.append(f"remove(cb2)={f.remove_done_callback(cb2)}")
    trace.append(f"remove(cb3)={f.remove_done_callback(cb3)}")
    f.add_done_callback(cb2)
    for _ in range(5):
        f.add_done_callback(cb1)
    trace.append(f"remove(cb1)={f.remove_done_callback(cb1)}")
    f.add_done_callback(cb3)
    f.add_done_callback(cb3)
    f.set_result(None)
    await tick(aio)


@scenario("FUT-08", "FUT-08: remove_after_done=0 | cb")
async def fut_08(aio, trace):
    f = aio.get_running_loop().create_future()

    def cb(_):
        trace.append("cb")

    f.add_done_callback(cb)
    f.set_result(None)
    trace.append(f"remove_after_done={f.remove_done_callback(cb)}")
    await tick(aio)


@scenario("FUT-10", "FUT-10: handler:ValueError('cb') | cb2")
async def fut_10(aio, trace):
    loop = aio.get_running_loop()
    loop.set_exception_handler(lambda _loop, context: trace.append(f"handler:{fmt_exc(context['exception'])}"))
    f = loop.create_future()

    def bad(_):
        raise ValueError("cb")

    f.add_done_callback(bad)
    f.add_done_callback(lambda _: trace.append("cb2"))
    f.set_result(None)
    await tick(aio)


# [catalogue-only, CPython quirk]: a task's cancel message should survive
# every retrieval; CPython keeps it for the first one only.
@scenario("FUT-11",
          "FUT-11: result#0:CancelledError('boom') | result#1:CancelledError('boom') | result#2:CancelledError('boom') | exception:CancelledError('boom')",
          cpython={QUIRK: "FUT-11: result#0:CancelledError('boom') | result#1:CancelledError() | result#2:CancelledError() | exception:CancelledError()"})
async def fut_11(aio, trace):
    t = aio.create_task(sleep_long(aio))
    await tick(aio)
    t.cancel("boom")
    await aio.wait([t])  # waits without retrieving the result
    for i in range(3):
        trace.append(attempt(f"result#{i}", t.result, fmt_exc))
    trace.append(attempt("exception", t.exception, fmt_exc))


# 2. Task (TSK)

@scenario("TSK-01", "TSK-01: main:continues | A:start | B:start | C:start | main:resumed")
async def tsk_01(aio, trace):
    async def start(name):
        trace.append(f"{name}:start")

    for name in ("A", "B", "C"):
        aio.create_task(start(name))
    trace.append("main:continues")
    await tick(aio)
    trace.append("main:resumed")


@scenario("TSK-02", "TSK-02: await=7 | result=7 exception=None done=True | await:ValueError('boom') same=True | exception_is_same=True cancelled=False")
async def tsk_02(aio, trace):
    exc = ValueError("boom")

    async def ok():
        await tick(aio)
        return 7

    async def bad():
        raise exc

    t = aio.create_task(ok())
    trace.append(f"await={await t}")
    trace.append(f"result={t.result()} exception={t.exception()} done={t.done()}")
    b = aio.create_task(bad())
    try:
        await b
    except ValueError as raised:
        trace.append(f"await:{fmt_exc(raised)} same={raised is exc}")
    trace.append(f"exception_is_same={b.exception() is exc} cancelled={b.cancelled()}")


@scenario("TSK-04", "TSK-04: name=worker | renamed='123' | default=Task-N")
async def tsk_04(aio, trace):
    async def noop():
        pass

    named = aio.create_task(noop(), name="worker")
    trace.append(f"name={named.get_name()}")
    named.set_name(123)
    trace.append(f"renamed={named.get_name()!r}")
    default = aio.create_task(noop())
    name = default.get_name()
    trace.append("default=" + ("Task-N" if re.fullmatch(r"Task-\d+", name) else name))
    await aio.gather(named, default)


@scenario("TSK-05", "TSK-05: pending_stack_nonempty=True | cancelled_stack=0 | ok_stack=0 | ok_print=No stack | failed_stack_nonempty=True | failed_print=Traceback...ValueError")
async def tsk_05(aio, trace):
    def printed(task):
        out = io.StringIO()
        task.print_stack(file=out)
        return out.getvalue()

    async def ok():
        return 1

    pending = aio.create_task(sleep_long(aio))
    await tick(aio)
    trace.append(f"pending_stack_nonempty={len(pending.get_stack()) > 0}")
    pending.cancel()
    await aio.wait([pending])
    trace.append(f"cancelled_stack={len(pending.get_stack())}")

    done = aio.create_task(ok())
    await done
    trace.append(f"ok_stack={len(done.get_stack())}")
    trace.append("ok_print=" + " ".join(printed(done).split()[:2]))

    failed = aio.create_task(fail_after(aio, 0, ValueError("x")))
    await aio.wait([failed])
    trace.append(f"failed_stack_nonempty={len(failed.get_stack()) > 0}")
    lines = printed(failed).splitlines()
    trace.append(f"failed_print={lines[0].split()[0]}...{lines[-1].split(':')[0]}")
    failed.exception()


@scenario("TSK-07", "TSK-07: task:end | cb1(done=True) | awaiter:resumed | added-cb2 | cb2-late")
async def tsk_07(aio, trace):
    async def one_tick():
        await tick(aio)
        trace.append("task:end")

    t = aio.create_task(one_tick())
    t.add_done_callback(lambda fut: trace.append(f"cb1(done={fut.done()})"))
    await t
    trace.append("awaiter:resumed")
    t.add_done_callback(lambda _: trace.append("cb2-late"))
    trace.append("added-cb2")
    await tick(aio)


@scenario("TSK-08", "TSK-08: TypeError")
async def tsk_08(aio, trace):
    async def child():
        pass

    before = len(aio.all_tasks())
    try:
        # The coroutine function itself, not a coroutine: the classic slip.
        aio.create_task(child)
        trace.append("accepted")
    except Exception as exc:
        trace.append(type_name(exc))
    if len(aio.all_tasks()) != before:
        trace.append("task-registered")


# 3. Cancellation & uncancel (CAN)

@scenario("CAN-01", "CAN-01: cancel=True | fut.cancelled=True | task:caught CancelledError() | awaiter:CancelledError() | task.cancelled=True")
async def can_01(aio, trace):
    f = aio.get_running_loop().create_future()

    async def waiter():
        try:
            await f
        except aio.CancelledError as exc:
            trace.append(f"task:caught {fmt_exc(exc)}")
            raise

    t = aio.create_task(waiter())
    await tick(aio)
    trace.append(f"cancel={t.cancel()}")
    trace.append(f"fut.cancelled={f.cancelled()}")
    trace.append(await settle("awaiter", t, fmt_exc))
    trace.append(f"task.cancelled={t.cancelled()}")


@scenario("CAN-02", "CAN-02: cancel=True | cancelled=False done=False cancelling=1 | cancelled=True done=True cancelling=1 | cancel_again=False cancelling=1 | result:CancelledError | exception:CancelledError")
async def can_02(aio, trace):
    t = aio.create_task(sleep_long(aio))
    await tick(aio)
    trace.append(f"cancel={t.cancel()}")
    trace.append(f"cancelled={t.cancelled()} done={t.done()} cancelling={t.cancelling()}")
    await tick(aio)
    trace.append(f"cancelled={t.cancelled()} done={t.done()} cancelling={t.cancelling()}")
    trace.append(f"cancel_again={t.cancel()} cancelling={t.cancelling()}")
    trace.append(attempt("result", t.result))
    trace.append(attempt("exception", t.exception))


@scenario("CAN-04", "CAN-04: swallowed | await='value' | cancelled=False cancelling=1")
async def can_04(aio, trace):
    async def swallow():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append("swallowed")
        return "value"

    t = aio.create_task(swallow())
    await tick(aio)
    t.cancel()
    trace.append(await settle("await", t))
    trace.append(f"cancelled={t.cancelled()} cancelling={t.cancelling()}")


@scenario("CAN-05", "CAN-05: awaiter:ValueError('converted') | cancelled=False exception=ValueError('converted')")
async def can_05(aio, trace):
    async def convert():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            raise ValueError("converted")

    t = aio.create_task(convert())
    await tick(aio)
    t.cancel()
    trace.append(await settle("awaiter", t, fmt_exc))
    trace.append(f"cancelled={t.cancelled()} exception={fmt_exc(t.exception())}")


@scenario("CAN-07", "CAN-07: cancel=True | cancel=True | cancelling=2 | caught#1 | second-await-ok | await='r' | cancelled=False cancelling=2")
async def can_07(aio, trace):
    async def catch_once():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append("caught#1")
        await aio.sleep(0.01)
        trace.append("second-await-ok")
        return "r"

    t = aio.create_task(catch_once())
    await tick(aio)
    trace.append(f"cancel={t.cancel()}")
    trace.append(f"cancel={t.cancel()}")
    trace.append(f"cancelling={t.cancelling()}")
    trace.append(await settle("await", t))
    trace.append(f"cancelled={t.cancelled()} cancelling={t.cancelling()}")


@scenario("CAN-08", "CAN-08: returning | awaiter:CancelledError | cancelled=True")
async def can_08(aio, trace):
    async def self_cancel():
        aio.current_task().cancel()
        trace.append("returning")
        return 12

    t = aio.create_task(self_cancel())
    trace.append(await settle("awaiter", t))
    trace.append(f"cancelled={t.cancelled()}")


@scenario("CAN-10", "CAN-10: inner:CancelledError('down') | outer:CancelledError('down') | outer.cancelled=True inner.cancelled=True fut.cancelled=True")
async def can_10(aio, trace):
    f = aio.get_running_loop().create_future()

    async def relay(name, awaitable):
        try:
            await awaitable
        except aio.CancelledError as exc:
            trace.append(f"{name}:{fmt_exc(exc)}")
            raise

    inner = aio.create_task(relay("inner", f))
    outer = aio.create_task(relay("outer", inner))
    await tick(aio)
    outer.cancel("down")
    await aio.wait([outer])
    trace.append(f"outer.cancelled={outer.cancelled()} inner.cancelled={inner.cancelled()} fut.cancelled={f.cancelled()}")


@scenario("CAN-11", "CAN-11: inner:swallow | outer:got 'v' | outer:still-running | await='v' | outer.cancelled=False cancelling=1")
async def can_11(aio, trace):
    async def inner_swallows():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append("inner:swallow")
        return "v"

    async def outer_body(inner):
        value = await inner
        trace.append(f"outer:got {value!r}")
        await tick(aio)
        trace.append("outer:still-running")
        return value

    inner = aio.create_task(inner_swallows())
    outer = aio.create_task(outer_body(inner))
    await tick(aio)
    outer.cancel()
    trace.append(await settle("await", outer))
    trace.append(f"outer.cancelled={outer.cancelled()} cancelling={outer.cancelling()}")


@scenario("CAN-13", "CAN-13: caught; uncancel->0 | cancelling=0 done=False | caught-again | awaiter:CancelledError | cancelled=True cancelling=1")
async def can_13(aio, trace):
    async def carry_on():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append(f"caught; uncancel->{aio.current_task().uncancel()}")
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append("caught-again")
            raise

    t = aio.create_task(carry_on())
    await tick(aio)
    t.cancel()
    await tick(aio)
    trace.append(f"cancelling={t.cancelling()} done={t.done()}")
    t.cancel()
    trace.append(await settle("awaiter", t))
    trace.append(f"cancelled={t.cancelled()} cancelling={t.cancelling()}")


# [catalogue-only, version-dependent]: CPython 3.13 clears the pending
# cancellation when uncancel() brings the count to 0; 3.11 and 3.12 still
# deliver it.
@scenario("CAN-14",
          "CAN-14: cancel=True | uncancel=0 | task:resumed | await='done' | cancelled=False cancelling=0",
          cpython={BEFORE_313: "CAN-14: cancel=True | uncancel=0 | task:CancelledError() | await:CancelledError | cancelled=True cancelling=0"})
async def can_14(aio, trace):
    async def runnable():
        try:
            await tick(aio)
        except aio.CancelledError as exc:
            trace.append(f"task:{fmt_exc(exc)}")
            raise
        trace.append("task:resumed")
        return "done"

    t = aio.create_task(runnable())
    # T's first step runs before this wake-up and leaves T runnable.
    await tick(aio)
    trace.append(f"cancel={t.cancel()}")
    trace.append(f"uncancel={t.uncancel()}")
    trace.append(await settle("await", t))
    trace.append(f"cancelled={t.cancelled()} cancelling={t.cancelling()}")


@scenario("CAN-16", "CAN-16: caught-by-BaseException:CancelledError | cancelled=True | TimeoutError_is_Exception=True")
async def can_16(aio, trace):
    async def body():
        try:
            try:
                await aio.sleep(LONG)
            except Exception as exc:
                trace.append(f"caught-by-Exception:{type_name(exc)}")
        except BaseException as exc:
            trace.append(f"caught-by-BaseException:{type_name(exc)}")
            raise

    t = aio.create_task(body())
    await tick(aio)
    t.cancel()
    await aio.wait([t])
    trace.append(f"cancelled={t.cancelled()}")
    trace.append(f"TimeoutError_is_Exception={issubclass(aio.TimeoutError, Exception)}")


# 4. TaskGroup (TG)

@scenario("TG-01", "TG-01: body:end | child2:done | child1:done | exited results=1,2")
async def tg_01(aio, trace):
    async def child(name, delay, value):
        await aio.sleep(delay)
        trace.append(f"{name}:done")
        return value

    async with aio.TaskGroup() as tg:
        c1 = tg.create_task(child("child1", 0.02, 1))
        c2 = tg.create_task(child("child2", 0.01, 2))
        trace.append("body:end")
    trace.append(f"exited results={c1.result()},{c2.result()}")


@scenario("TG-02", "TG-02: sibling:CancelledError | body:CancelledError | raised:ExceptionGroup[ValueError('a')] | sibling.cancelled=True parent.cancelling=0")
async def tg_02(aio, trace):
    try:
        async with aio.TaskGroup() as tg:
            tg.create_task(fail_after(aio, 0.01, ValueError("a")))
            sibling = tg.create_task(sleep_long(aio, trace, "sibling"))
            await sleep_long(aio, trace, "body")
            trace.append("body:after-await")
        trace.append("after-block")
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"sibling.cancelled={sibling.cancelled()} parent.cancelling={aio.current_task().cancelling()}")


@scenario("TG-04", "TG-04: raised:ExceptionGroup[KeyError('b'), ValueError('body')] | quiet:CancelledError | raised:ExceptionGroup[ValueError('body2')] quiet.cancelled=True")
async def tg_04(aio, trace):
    try:
        async with aio.TaskGroup() as tg:
            tg.create_task(sleep_then_cleanup(aio, trace, None, KeyError("b")))
            await tick(aio)
            raise ValueError("body")
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    try:
        async with aio.TaskGroup() as tg:
            quiet = tg.create_task(sleep_long(aio, trace, "quiet"))
            await tick(aio)
            raise ValueError("body2")
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)} quiet.cancelled={quiet.cancelled()}")


@scenario("TG-05", "TG-05: raised:ExceptionGroup[ValueError('early')] | a.cancelled=True b.cancelled=True")
async def tg_05(aio, trace):
    async def child(name):
        trace.append(f"{name}:ran")

    try:
        async with aio.TaskGroup() as tg:
            a = tg.create_task(child("a"))
            b = tg.create_task(child("b"))
            raise ValueError("early")
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"a.cancelled={a.cancelled()} b.cancelled={b.cancelled()}")


@scenario("TG-07", "TG-07: awaiter:ExceptionGroup[ZeroDivisionError('z')] | runner.cancelled=False")
async def tg_07(aio, trace):
    # TG-06's shape (a runner whose group has a child, and whose body
    # sleeps, is cancelled from outside), with a child whose cleanup raises.
    async def runner():
        async with aio.TaskGroup() as tg:
            tg.create_task(sleep_then_cleanup(aio, trace, None, ZeroDivisionError("z")))
            await aio.sleep(LONG)

    r = aio.create_task(runner())
    await aio.sleep(0.01)
    r.cancel()
    trace.append(await settle("awaiter", r, fmt_exc))
    trace.append(f"runner.cancelled={r.cancelled()}")


@scenario("TG-08", "TG-08: exited-normally t1.cancelled=True t2='fast'")
async def tg_08(aio, trace):
    try:
        async with aio.TaskGroup() as tg:
            t1 = tg.create_task(sleep_long(aio))
            t2 = tg.create_task(after(aio, 0.02, "fast"))
            await aio.sleep(0.01)
            t1.cancel()
        outcome = "exited-normally"
    except BaseException as exc:
        outcome = f"raised:{fmt_exc(exc)}"
    trace.append(f"{outcome} t1.cancelled={t1.cancelled()} t2={t2.result()!r}")


@scenario("TG-10", "TG-10: body:end | spawned | late:done | exited")
async def tg_10(aio, trace):
    async def late():
        await aio.sleep(0.01)
        trace.append("late:done")

    async def spawner(tg):
        await aio.sleep(0.01)
        tg.create_task(late())
        trace.append("spawned")

    async with aio.TaskGroup() as tg:
        tg.create_task(spawner(tg))
        trace.append("body:end")
    trace.append("exited")


@scenario("TG-11", "TG-11: runner1:ExceptionGroup[ValueError('outer')] | runner2:ExceptionGroup[ExceptionGroup[ValueError('inner')]]")
async def tg_11(aio, trace):
    async def runner1():
        async with aio.TaskGroup() as outer:
            outer.create_task(fail_after(aio, 0.01, ValueError("outer")))
            async with aio.TaskGroup() as inner:
                inner.create_task(aio.sleep(LONG))

    async def runner2():
        async with aio.TaskGroup() as outer:
            outer.create_task(aio.sleep(LONG))
            async with aio.TaskGroup() as inner:
                inner.create_task(fail_after(aio, 0.01, ValueError("inner")))

    trace.append(await settle("runner1", aio.create_task(runner1()), fmt_exc))
    trace.append(await settle("runner2", aio.create_task(runner2()), fmt_exc))


@scenario("TG-13", "TG-13: raised:ExceptionGroup[ValueError('a'), MyExc('m')] | parent.cancelling=0")
async def tg_13(aio, trace):
    try:
        async with aio.TaskGroup() as tg:
            tg.create_task(fail_after(aio, 0.01, ValueError("a")))
            try:
                await aio.sleep(LONG)
            except aio.CancelledError:
                raise MyExc("m")
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"parent.cancelling={aio.current_task().cancelling()}")


@scenario("TG-14", "TG-14: awaiter:ExceptionGroup[MyExc('converted')]")
async def tg_14(aio, trace):
    async def runner():
        async with aio.TaskGroup() as tg:
            tg.create_task(aio.sleep(LONG))
            try:
                await aio.sleep(LONG)
            except aio.CancelledError:
                raise MyExc("converted")

    r = aio.create_task(runner())
    await aio.sleep(0.01)
    r.cancel()
    trace.append(await settle("awaiter", r, fmt_exc))


@scenario("TG-16", "TG-16: child:CancelledError | raised:TimeoutError() | expired=True cancelling=0")
async def tg_16(aio, trace):
    try:
        async with aio.timeout(0.02) as cm:
            async with aio.TaskGroup() as tg:
                tg.create_task(sleep_long(aio, trace, "child"))
                await aio.sleep(LONG)
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"expired={cm.expired()} cancelling={aio.current_task().cancelling()}")


@scenario("TG-17", "TG-17: body:end | sibling:CancelledError | raised:ExceptionGroup[ValueError('v')] | sibling.cancelled=True | later-await:ok")
async def tg_17(aio, trace):
    try:
        async with aio.TaskGroup() as tg:
            tg.create_task(fail_after(aio, 0.01, ValueError("v")))
            sibling = tg.create_task(sleep_long(aio, trace, "sibling"))
            trace.append("body:end")
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"sibling.cancelled={sibling.cancelled()}")
    await aio.sleep(0.01)
    trace.append("later-await:ok")


@scenario("TG-19", "TG-19: raised:BaseExceptionGroup[MyBaseExc('b'), TypeError('t')]")
async def tg_19(aio, trace):
    try:
        async with aio.TaskGroup() as tg:
            tg.create_task(fail_after(aio, 0.01, MyBaseExc("b")))
            await sleep_then_cleanup(aio, trace, None, TypeError("t"))
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")


@scenario("TG-20", "TG-20: empty-group:ok | name=yolo | child:ran | result='named'")
async def tg_20(aio, trace):
    async def child():
        trace.append("child:ran")
        return "named"

    async with aio.TaskGroup():
        pass
    trace.append("empty-group:ok")
    async with aio.TaskGroup() as tg:
        t = tg.create_task(child(), name="yolo")
        trace.append(f"name={t.get_name()}")
    trace.append(f"result={t.result()!r}")


# [catalogue-only]: KeyboardInterrupt / SystemExit from the body cancel the
# children, wait for them, and come out bare: the very same object.
@scenario("TG-22", "TG-22: child:finally | KeyboardInterrupt:same=True child.cancelled=True | child:finally | SystemExit:same=True child.cancelled=True")
async def tg_22(aio, trace):
    for exc in (KeyboardInterrupt(), SystemExit()):
        try:
            async with aio.TaskGroup() as tg:
                child = tg.create_task(sleep_then_cleanup(aio, trace, "child:finally"))
                await tick(aio)
                raise exc
        except BaseException as raised:
            trace.append(f"{type_name(raised)}:same={raised is exc} child.cancelled={child.cancelled()}")


# [catalogue-only]: no parent task.
@scenario("TG-23",
          "TG-23: enter:RuntimeError(...cannot determine the parent task) | create_task:RuntimeError(...has not been entered)",
          cpython={EARLY_311: "TG-23: enter:RuntimeError(...cannot determine the parent task) | create_task=created"})
async def tg_23(aio, trace):
    def outside_task():
        tg = aio.TaskGroup()
        trace.append(attempt("enter", lambda: enter_by_hand(tg),
                             lambda exc: with_phrase(exc, "cannot determine the parent task")))
        coro = aio.sleep(0)
        try:
            tg.create_task(coro)
            trace.append("create_task=created")
        except RuntimeError as exc:
            coro.close()
            trace.append(f"create_task:{with_phrase(exc, 'has not been entered')}")

    aio.get_running_loop().call_soon(outside_task)
    await tick(aio)


# 5. sleep (SLP)

@scenario("SLP-01", "SLP-01: A0 | B0 | A1 | B1 | A2 | B2")
async def slp_01(aio, trace):
    async def alternate(name):
        for i in range(3):
            trace.append(f"{name}{i}")
            await tick(aio)

    await aio.gather(alternate("A"), alternate("B"))


@scenario("SLP-02", "SLP-02: before-sleep0 | call_soon-cb | after-sleep0 result=10 | sleep(0.01) result='x' | call_soon-cb2 | sleep(-5) result='neg'")
async def slp_02(aio, trace):
    loop = aio.get_running_loop()
    trace.append("before-sleep0")
    loop.call_soon(trace.append, "call_soon-cb")
    trace.append(f"after-sleep0 result={await aio.sleep(0, result=10)!r}")
    trace.append(f"sleep(0.01) result={await aio.sleep(0.01, result='x')!r}")
    loop.call_soon(trace.append, "call_soon-cb2")
    trace.append(f"sleep(-5) result={await aio.sleep(-5, 'neg')!r}")


@scenario("SLP-04", "SLP-04: sleep:CancelledError('stop') | cancelled=True")
async def slp_04(aio, trace):
    async def sleeper():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError as exc:
            trace.append(f"sleep:{fmt_exc(exc)}")
            raise

    t = aio.create_task(sleeper())
    await tick(aio)
    t.cancel("stop")
    await aio.wait([t])
    trace.append(f"cancelled={t.cancelled()}")


# 6. gather (GAT)

@scenario("GAT-01", "GAT-01: done:b | done:c | done:a | result=['a', 'b', 'c']")
async def gat_01(aio, trace):
    result = await aio.gather(after(aio, 0.05, "a", trace), after(aio, 0.01, "b", trace),
                              after(aio, 0.03, "c", trace))
    trace.append(f"result={result!r}")


@scenario("GAT-02", "GAT-02: await:ValueError('v') | b.done=False g.done=True | g.cancel=False b.cancelled=False | done:b | b='b'")
async def gat_02(aio, trace):
    gate = aio.get_running_loop().create_future()
    b = aio.create_task(gated(gate, "b", trace))
    g = aio.gather(fail_after(aio, 0.01, ValueError("v")), b)
    trace.append(await settle("await", g, fmt_exc))
    trace.append(f"b.done={b.done()} g.done={g.done()}")
    trace.append(f"g.cancel={g.cancel()} b.cancelled={b.cancelled()}")
    gate.set_result(None)
    trace.append(await settle("b", b))


@scenario("GAT-04", "GAT-04: done_immediately=True | result=[]")
async def gat_04(aio, trace):
    g = aio.gather()
    trace.append(f"done_immediately={g.done()}")
    trace.append(f"result={await g!r}")


@scenario("GAT-05", "GAT-05: result=['abc', 'abc', 'def', 'abc'] | runs=['abc', 'def']")
async def gat_05(aio, trace):
    runs = []

    async def c(value):
        runs.append(value)
        return value

    co = c("abc")
    trace.append(f"result={await aio.gather(co, co, c('def'), co)!r}")
    trace.append(f"runs={runs!r}")


@scenario("GAT-07", "GAT-07: g.cancel=True | await:CancelledError('gm') | g.done=True g.cancelled=False | g.exception=CancelledError | a.cancelled=True b.cancelled=True")
async def gat_07(aio, trace):
    a = aio.create_task(sleep_long(aio))
    b = aio.create_task(sleep_long(aio))
    g = aio.gather(a, b)
    await tick(aio)
    trace.append(f"g.cancel={g.cancel('gm')}")
    trace.append(await settle("await", g, fmt_exc))
    trace.append(f"g.done={g.done()} g.cancelled={g.cancelled()}")
    trace.append(f"g.exception={type_name(g.exception())}")
    trace.append(f"a.cancelled={a.cancelled()} b.cancelled={b.cancelled()}")


@scenario("GAT-08", "GAT-08: await:CancelledError('bm') | g.cancelled=False a.done=False c.done=False | done:a | done:c | g.cancel=False")
async def gat_08(aio, trace):
    loop = aio.get_running_loop()
    gate = loop.create_future()
    a = aio.create_task(gated(gate, "a", trace))
    b = aio.create_task(sleep_long(aio))
    c = aio.create_task(gated(gate, "c", trace))
    g = aio.gather(a, b, c)
    loop.call_later(0.01, b.cancel, "bm")
    trace.append(await settle("await", g, fmt_exc))
    trace.append(f"g.cancelled={g.cancelled()} a.done={a.done()} c.done={c.done()}")
    gate.set_result(None)
    await a
    await c
    trace.append(f"g.cancel={g.cancel()}")


@scenario("GAT-10", "GAT-10: g.cancel=True | await:CancelledError | a.cancelled=True b.cancelled=True g.cancelled=False")
async def gat_10(aio, trace):
    a = aio.create_task(sleep_long(aio))
    b = aio.create_task(sleep_long(aio))
    g = aio.gather(a, b, return_exceptions=True)
    await tick(aio)
    trace.append(f"g.cancel={g.cancel()}")
    trace.append(await settle("await", g))
    trace.append(f"a.cancelled={a.cancelled()} b.cancelled={b.cancelled()} g.cancelled={g.cancelled()}")


# [catalogue-only, CPython quirk]: CPython rebuilds a cancelled task child's
# slot as CancelledError(''); the message should be carried through.
@scenario("GAT-11",
          "GAT-11: result=[CancelledError('tm'), CancelledError('fm')]",
          cpython={QUIRK: "GAT-11: result=[CancelledError(''), CancelledError('fm')]"})
async def gat_11(aio, trace):
    t = aio.create_task(sleep_long(aio))
    f = aio.get_running_loop().create_future()
    g = aio.gather(t, f, return_exceptions=True)
    await tick(aio)
    t.cancel("tm")
    f.cancel("fm")
    result = await g
    trace.append("result=[" + ", ".join(fmt_value(v) for v in result) + "]")


# 7. shield (SHD)

@scenario("SHD-01", "SHD-01: outer:CancelledError | awaiter:CancelledError | inner:done | inner=5 inner.cancelled=False outer.cancelled=True")
async def shd_01(aio, trace):
    gate = aio.get_running_loop().create_future()

    async def inner_body():
        await gate
        trace.append("inner:done")
        return 5

    async def outer_body(inner):
        try:
            await aio.shield(inner)
        except aio.CancelledError:
            trace.append("outer:CancelledError")
            raise

    inner = aio.create_task(inner_body())
    outer = aio.create_task(outer_body(inner))
    await tick(aio)
    outer.cancel()
    trace.append(await settle("awaiter", outer))
    gate.set_result(None)
    value = await inner
    trace.append(f"inner={value} inner.cancelled={inner.cancelled()} outer.cancelled={outer.cancelled()}")


@scenario("SHD-02", "SHD-02: awaiter:CancelledError | shield.cancelled=True task.cancelled=True")
async def shd_02(aio, trace):
    async def awaiter(s):
        try:
            await s
        except aio.CancelledError:
            trace.append("awaiter:CancelledError")
            raise

    inner = aio.create_task(sleep_long(aio))
    s = aio.shield(inner)
    t = aio.create_task(awaiter(s))
    await tick(aio)
    inner.cancel()
    await aio.wait([t])
    trace.append(f"shield.cancelled={s.cancelled()} task.cancelled={t.cancelled()}")


@scenario("SHD-04", "SHD-04: ignored-cancel cancelling=1 | await='r' outer.cancelled=False")
async def shd_04(aio, trace):
    gate = aio.get_running_loop().create_future()

    async def outer_body(it):
        try:
            return await aio.shield(it)
        except aio.CancelledError:
            trace.append(f"ignored-cancel cancelling={aio.current_task().cancelling()}")
        return await it

    it = aio.create_task(gated(gate, "r"))
    outer = aio.create_task(outer_body(it))
    await tick(aio)
    outer.cancel()
    await tick(aio)
    gate.set_result(None)
    trace.append(await settle("await", outer) + f" outer.cancelled={outer.cancelled()}")


@scenario("SHD-05", "SHD-05: g.cancel=True | s1.cancelled=True s2.cancelled=True c1.cancelled=False | g.exception=CancelledError | c1=1 c2=2")
async def shd_05(aio, trace):
    gate = aio.get_running_loop().create_future()
    c1 = aio.create_task(gated(gate, 1))
    c2 = aio.create_task(gated(gate, 2))
    s1 = aio.shield(c1)
    s2 = aio.shield(c2)
    g = aio.gather(s1, s2)
    trace.append(f"g.cancel={g.cancel()}")
    trace.append(f"s1.cancelled={s1.cancelled()} s2.cancelled={s2.cancelled()} c1.cancelled={c1.cancelled()}")
    await aio.wait([g])
    trace.append(f"g.exception={type_name(g.exception())}")
    gate.set_result(None)
    trace.append(f"c1={await c1} c2={await c2}")


# 8. timeout / timeout_at / Timeout (TMO)

@scenario("TMO-01", "TMO-01: body:CancelledError() | raised:TimeoutError() | expired=True cancelling=0 task.cancelled=False")
async def tmo_01(aio, trace):
    async def body():
        try:
            async with aio.timeout(0.02) as cm:
                try:
                    await aio.sleep(LONG)
                except aio.CancelledError as exc:
                    trace.append(f"body:{fmt_exc(exc)}")
                    raise
        except BaseException as exc:
            trace.append(f"raised:{fmt_exc(exc)}")
        return cm

    t = aio.create_task(body())
    cm = await t
    trace.append(f"expired={cm.expired()} cancelling={t.cancelling()} task.cancelled={t.cancelled()}")


@scenario("TMO-02", "TMO-02: no-error expired=False when>now=True | None: when=None expired=False | timeout_at.when==deadline=True")
async def tmo_02(aio, trace):
    loop = aio.get_running_loop()
    async with aio.timeout(LONG) as cm:
        await aio.sleep(0.01)
    trace.append(f"no-error expired={cm.expired()} when>now={cm.when() > loop.time()}")
    async with aio.timeout(None) as cm:
        await aio.sleep(0.01)
    trace.append(f"None: when={cm.when()} expired={cm.expired()}")
    deadline = loop.time() + LONG
    async with aio.timeout_at(deadline) as cm:
        trace.append(f"timeout_at.when==deadline={cm.when() == deadline}")


@scenario("TMO-04", "TMO-04: inner:TimeoutError | outer-body:continues | outer.expired=False inner.expired=True")
async def tmo_04(aio, trace):
    async with aio.timeout(LONG) as outer:
        try:
            async with aio.timeout(0.01) as inner:
                await aio.sleep(LONG)
        except TimeoutError:
            trace.append("inner:TimeoutError")
        trace.append("outer-body:continues")
    trace.append(f"outer.expired={outer.expired()} inner.expired={inner.expired()}")


@scenario("TMO-05", "TMO-05: inner-cm:propagates CancelledError | outer:TimeoutError | outer.expired=True inner.expired=False")
async def tmo_05(aio, trace):
    try:
        async with aio.timeout(0.01) as outer:
            try:
                async with aio.timeout(LONG) as inner:
                    await aio.sleep(LONG)
            except aio.CancelledError:
                trace.append("inner-cm:propagates CancelledError")
                raise
    except TimeoutError:
        trace.append("outer:TimeoutError")
    trace.append(f"outer.expired={outer.expired()} inner.expired={inner.expired()}")


@scenario("TMO-07", "TMO-07: raised:CancelledError('ext') | expired=False cancelling=1")
async def tmo_07(aio, trace):
    try:
        async with aio.timeout(LONG) as cm:
            aio.current_task().cancel("ext")
            await aio.sleep(0.01)
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"expired={cm.expired()} cancelling={aio.current_task().cancelling()}")


@scenario("TMO-08", "TMO-08: raised:CancelledError('ext') | expired=True cancelling=1")
async def tmo_08(aio, trace):
    loop = aio.get_running_loop()
    try:
        async with aio.timeout_at(loop.time() - 1) as cm:
            aio.current_task().cancel("ext")
            await aio.sleep(0.01)
    except BaseException as exc:
        trace.append(f"raised:{fmt_exc(exc)}")
    trace.append(f"expired={cm.expired()} cancelling={aio.current_task().cancelling()}")


@scenario("TMO-10",
          "TMO-10: not-entered:RuntimeError(Timeout has not been entered) | reenter:RuntimeError(Timeout has already been entered) | finished:RuntimeError(Cannot change state of finished Timeout) | expired:RuntimeError(Cannot change state of expired Timeout) | expiring:RuntimeError(Cannot change state of expiring Timeout)",
          cpython={EARLY_311: "TMO-10: not-entered:AssertionError() | reenter:AssertionError() | finished:RuntimeError(Cannot change state of finished Timeout) | expired:RuntimeError(Cannot change state of expired Timeout) | expiring:RuntimeError(Cannot change state of expiring Timeout)"})
async def tmo_10(aio, trace):
    cm = aio.timeout(LONG)
    expiring = "expiring:not-reached"
    trace.append(attempt("not-entered", lambda: cm.reschedule(None), fmt_msg))
    try:
        async with cm:
            async with cm:
                pass
    except (RuntimeError, AssertionError) as exc:
        trace.append(f"reenter:{fmt_msg(exc)}")
    trace.append(attempt("finished", lambda: cm.reschedule(None), fmt_msg))
    try:
        async with aio.timeout(0.01) as cm:
            try:
                await aio.sleep(LONG)
            except aio.CancelledError:
                expiring = attempt("expiring", lambda: cm.reschedule(None), fmt_msg)
                raise
    except TimeoutError:
        trace.append(attempt("expired", lambda: cm.reschedule(None), fmt_msg))
    trace.append(expiring)


@scenario("TMO-11", "TMO-11: body:swallowed cancelling=1 | no-TimeoutError expired=True cancelling=0")
async def tmo_11(aio, trace):
    try:
        async with aio.timeout(0.01) as cm:
            try:
                await aio.sleep(LONG)
            except aio.CancelledError:
                trace.append(f"body:swallowed cancelling={aio.current_task().cancelling()}")
        outcome = "no-TimeoutError"
    except BaseException as exc:
        outcome = f"raised:{fmt_exc(exc)}"
    trace.append(f"{outcome} expired={cm.expired()} cancelling={aio.current_task().cancelling()}")


@scenario("TMO-13", "TMO-13: cause=CancelledError",
          cpython={EARLY_311: "TMO-13: cause=None"})
async def tmo_13(aio, trace):
    try:
        async with aio.timeout(0.01):
            await aio.sleep(LONG)
    except TimeoutError as exc:
        trace.append(f"cause={type_name(exc.__cause__)}")


@scenario("TMO-14", "TMO-14: swallowed(no uncancel) cancelling=1 | timeout:TimeoutError cancelling=1 | cancel-inside:CancelledError cancelling=2",
          cpython={EARLY_311: "TMO-14: swallowed(no uncancel) cancelling=1 | timeout:CancelledError cancelling=1 | cancel-inside:CancelledError cancelling=2"})
async def tmo_14(aio, trace):
    me = aio.current_task()
    me.cancel()
    try:
        await tick(aio)
    except aio.CancelledError:
        trace.append(f"swallowed(no uncancel) cancelling={me.cancelling()}")
    try:
        async with aio.timeout(0):
            await aio.sleep(LONG)
    except BaseException as exc:
        trace.append(f"timeout:{type_name(exc)} cancelling={me.cancelling()}")
    try:
        async with aio.timeout(LONG):
            me.cancel()
            await aio.sleep(0.01)
    except BaseException as exc:
        trace.append(f"cancel-inside:{type_name(exc)} cancelling={me.cancelling()}")


@scenario("TMO-16", "TMO-16: caught TimeoutError | await='finished' cancelled=False cancelling=0")
async def tmo_16(aio, trace):
    async def host():
        try:
            async with aio.timeout(0.01):
                await aio.sleep(LONG)
        except TimeoutError:
            trace.append("caught TimeoutError")
        await aio.sleep(0.01)
        return "finished"

    t = aio.create_task(host())
    trace.append(await settle("await", t) + f" cancelled={t.cancelled()} cancelling={t.cancelling()}")


# [catalogue-only]: used outside a task.
@scenario("TMO-17",
          "TMO-17: enter:RuntimeError(Timeout should be used inside a task) | reschedule:RuntimeError(Timeout has not been entered) | expired=False",
          cpython={EARLY_311: "TMO-17: enter:RuntimeError(Timeout should be used inside a task) | reschedule=None | expired=False"})
async def tmo_17(aio, trace):
    def outside_task():
        cm = aio.timeout(LONG)
        trace.append(attempt("enter", lambda: enter_by_hand(cm), fmt_msg))
        trace.append(attempt("reschedule", lambda: cm.reschedule(None), fmt_msg))
        trace.append(f"expired={cm.expired()}")

    aio.get_running_loop().call_soon(outside_task)
    await tick(aio)


# 9. wait_for (WF)

@scenario("WF-01", "WF-01: result='done' | None='done' | future='ok'")
async def wf_01(aio, trace):
    loop = aio.get_running_loop()
    trace.append(await settle("result", aio.wait_for(after(aio, 0.01, "done"), LONG)))
    trace.append(await settle("None", aio.wait_for(after(aio, 0.01, "done"), None)))
    f = loop.create_future()
    loop.call_later(0.01, f.set_result, "ok")
    trace.append(await settle("future", aio.wait_for(f, LONG)))


@scenario("WF-02", "WF-02: inner:finally | raised:TimeoutError inner.cancelled=True")
async def wf_02(aio, trace):
    inner = aio.create_task(sleep_then_cleanup(aio, trace, "inner:finally"))
    trace.append(await settle("raised", aio.wait_for(inner, 0.01)) + f" inner.cancelled={inner.cancelled()}")


@scenario("WF-04", "WF-04: task:finally | raised:TimeoutError cancelled=True cause=CancelledError")
async def wf_04(aio, trace):
    t = aio.create_task(sleep_then_cleanup(aio, trace, "task:finally"))
    await tick(aio)
    try:
        await aio.wait_for(t, 0)
    except TimeoutError as exc:
        trace.append(f"raised:{type_name(exc)} cancelled={t.cancelled()} cause={type_name(exc.__cause__)}")


@scenario("WF-05", "WF-05: inner:swallow | result=1")
async def wf_05(aio, trace):
    async def inner():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append("inner:swallow")
        return 1

    trace.append(await settle("result", aio.wait_for(inner(), 0.01)))


@scenario("WF-07", "WF-07: inner:CancelledError | timeout=None:awaiter CancelledError inner.cancelled=True | inner:CancelledError | timeout=60.0:awaiter CancelledError inner.cancelled=True")
async def wf_07(aio, trace):
    # 60 s never elapses: the waiter is cancelled long before.
    for timeout in (None, 60.0):
        inner = aio.create_task(sleep_long(aio, trace, "inner"))
        waiter = aio.create_task(aio.wait_for(inner, timeout))
        await tick(aio)
        waiter.cancel()
        try:
            outcome = f"returned {await waiter!r}"
        except BaseException as exc:
            outcome = type_name(exc)
        trace.append(f"timeout={timeout}:awaiter {outcome} inner.cancelled={inner.cancelled()}")


@scenario("WF-08", "WF-08: inner:cleanup-done | raised:TimeoutError context=CancelledError")
async def wf_08(aio, trace):
    async def inner():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            await aio.sleep(0.02)
            trace.append("inner:cleanup-done")
            raise

    try:
        await aio.wait_for(inner(), 0.01)
    except TimeoutError as exc:
        trace.append(f"raised:{type_name(exc)} context={type_name(exc.__context__)}")


# [catalogue-only, version-dependent]: 3.12+ never loses the cancellation.
@scenario("WF-10",
          "WF-10: W:CancelledError() | W.cancelled=True cancelling=1",
          cpython={BEFORE_312: "WF-10: W='val' | W.cancelled=False cancelling=1"})
async def wf_10(aio, trace):
    f = aio.get_running_loop().create_future()
    w = aio.create_task(aio.wait_for(f, LONG))
    await tick(aio)
    f.set_result("val")
    w.cancel()
    trace.append(await settle("W", w, fmt_exc))
    trace.append(f"W.cancelled={w.cancelled()} cancelling={w.cancelling()}")


# [catalogue-only, version-dependent]: 3.12+ runs the coroutine in the
# caller's task; with timeout <= 0 it is wrapped in a task that is cancelled
# before it starts.
@scenario("WF-11",
          "WF-11: timeout>0:same-task=True | None:same-task=True | timeout<=0:TimeoutError ran=False",
          cpython={BEFORE_312: "WF-11: timeout>0:same-task=False | None:same-task=True | timeout<=0:TimeoutError ran=False"})
async def wf_11(aio, trace):
    me = aio.current_task()
    ran = []

    async def probe():
        ran.append(True)
        return aio.current_task()

    for label, timeout in (("timeout>0", LONG), ("None", None)):
        trace.append(f"{label}:same-task={await aio.wait_for(probe(), timeout) is me}")
    ran.clear()
    trace.append(await settle("timeout<=0", aio.wait_for(probe(), 0)) + f" ran={bool(ran)}")


# 10. wait (WAIT)

@scenario("WAIT-01", "WAIT-01: done=[a,b] pending=[] | b.exception=ZeroDivisionError('err')")
async def wait_01(aio, trace):
    a = aio.create_task(after(aio, 0.01, "a"), name="a")
    b = aio.create_task(fail_after(aio, 0, ZeroDivisionError("err")), name="b")
    done, pending = await aio.wait([a, b])
    trace.append(f"done={names(done)} pending={names(pending)}")
    trace.append(f"b.exception={fmt_exc(b.exception())}")


@scenario("WAIT-02", "WAIT-02: done=[b] pending=[a] a.cancelled=False a.done=False")
async def wait_02(aio, trace):
    a = aio.create_task(sleep_long(aio), name="a")
    b = aio.create_task(after(aio, 0.01, "b"), name="b")
    done, pending = await aio.wait([a, b], return_when=aio.FIRST_COMPLETED)
    trace.append(f"done={names(done)} pending={names(pending)} a.cancelled={a.cancelled()} a.done={a.done()}")


@scenario("WAIT-04", "WAIT-04: done=[a,b] pending=[] a.cancelled=True")
async def wait_04(aio, trace):
    a = aio.create_task(sleep_long(aio), name="a")
    b = aio.create_task(after(aio, 0.03, "b"), name="b")
    aio.get_running_loop().call_later(0.01, a.cancel)
    done, pending = await aio.wait([a, b], return_when=aio.FIRST_EXCEPTION)
    trace.append(f"done={names(done)} pending={names(pending)} a.cancelled={a.cancelled()}")


@scenario("WAIT-05", "WAIT-05: no-raise done=[a] pending=[b] b.cancelled=False")
async def wait_05(aio, trace):
    a = aio.create_task(after(aio, 0.01, "a"), name="a")
    b = aio.create_task(sleep_long(aio), name="b")
    # a's timer is armed before wait()'s, so a always comes first.
    await tick(aio)
    done, pending = await aio.wait([a, b], timeout=0.03)
    trace.append(f"no-raise done={names(done)} pending={names(pending)} b.cancelled={b.cancelled()}")


@scenario("WAIT-07", "WAIT-07: done=[a,b] pending=[]")
async def wait_07(aio, trace):
    async def ticks(n, value):
        for _ in range(n):
            await tick(aio)
        return value

    a = aio.create_task(ticks(1, "a"), name="a")
    b = aio.create_task(ticks(2, "b"), name="b")
    done, pending = await aio.wait([a, b], return_when=aio.FIRST_COMPLETED)
    trace.append(f"done={names(done)} pending={names(pending)}")


@scenario("WAIT-08", "WAIT-08: waiter:CancelledError | a.cancelled=False a='a' | dedup done=[c]")
async def wait_08(aio, trace):
    a = aio.create_task(after(aio, 0.01, "a"), name="a")
    waiter = aio.create_task(aio.wait([a]))
    await tick(aio)
    waiter.cancel()
    trace.append(await settle("waiter", waiter))
    trace.append(f"a.cancelled={a.cancelled()} a={await a!r}")
    c = aio.create_task(after(aio, 0, "c"), name="c")
    done, _ = await aio.wait([c, c])
    trace.append(f"dedup done={names(done)}")


# 11. as_completed (AC)

@scenario("AC-01", "AC-01: a | b | c")
async def ac_01(aio, trace):
    for aw in aio.as_completed([after(aio, 0.03, "c"), after(aio, 0.01, "a"), after(aio, 0.02, "b")]):
        trace.append(await aw)


@scenario("AC-02", "AC-02: count=3 | a | c | TimeoutError | z.cancelled=False z.done=False")
async def ac_02(aio, trace):
    a = aio.create_task(after(aio, 0.01, "a"))
    c = aio.create_task(after(aio, 0.03, "c"))
    z = aio.create_task(sleep_long(aio))
    # The children's timers are armed before the deadline's.
    await tick(aio)
    aws = list(aio.as_completed([a, c, z], timeout=0.05))
    trace.append(f"count={len(aws)}")
    for aw in aws:
        try:
            trace.append(await aw)
        except TimeoutError as exc:
            trace.append(type_name(exc))
    trace.append(f"z.cancelled={z.cancelled()} z.done={z.done()}")


@scenario("AC-04", "AC-04: count=2 | ham | raised:ZeroDivisionError('bad')")
async def ac_04(aio, trace):
    ham = aio.create_task(after(aio, 0.01, "ham"))
    bad = aio.create_task(fail_after(aio, 0.02, ZeroDivisionError("bad")))
    aws = list(aio.as_completed([ham, ham, bad]))
    trace.append(f"count={len(aws)}")
    for aw in aws:
        try:
            trace.append(await aw)
        except ZeroDivisionError as exc:
            trace.append(f"raised:{fmt_exc(exc)}")


# 12. to_thread (THR)

@scenario("THR-01", "THR-01: other-thread=True contextvar='main-val' result=3 | raised:KeyError('k')")
async def thr_01(aio, trace):
    var = contextvars.ContextVar("var")
    var.set("main-val")
    loop_thread = threading.get_ident()

    def add(a, *, b):
        return threading.get_ident() != loop_thread, var.get(None), a + b

    def fail():
        raise KeyError("k")

    other, value, result = await aio.to_thread(add, 1, b=2)
    trace.append(f"other-thread={other} contextvar={value!r} result={result}")
    trace.append(await settle("raised", aio.to_thread(fail), fmt_exc))


@scenario("THR-02", "THR-02: loop-kept-running=True")
async def thr_02(aio, trace):
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await aio.sleep(0.005)

    t = aio.create_task(ticker())
    await aio.to_thread(time.sleep, 0.05)
    t.cancel()
    # Blocking the loop for the worker's 50 ms would leave at most one tick.
    trace.append(f"loop-kept-running={ticks >= 2}")


# 13. run_coroutine_threadsafe (RCT)

@scenario("RCT-01", "RCT-01: concurrent-future=True result=3 | raised:ValueError('x') | non-coroutine:TypeError")
async def rct_01(aio, trace):
    loop = aio.get_running_loop()

    async def add(a, b):
        await tick(aio)
        return a + b

    def from_thread():
        cf = aio.run_coroutine_threadsafe(add(1, 2), loop)
        trace.append(f"concurrent-future={isinstance(cf, concurrent.futures.Future)} result={cf.result(THREAD_WAIT)}")
        cf = aio.run_coroutine_threadsafe(fail_after(aio, 0, ValueError("x")), loop)
        trace.append(attempt("raised", lambda: cf.result(THREAD_WAIT), fmt_exc))
        trace.append(attempt("non-coroutine", lambda: aio.run_coroutine_threadsafe(add, loop)))

    await aio.to_thread(from_thread)


@scenario("RCT-02", "RCT-02: result(timeout):TimeoutError | cancel=True | result:CancelledError | task:CancelledError | loop-task.cancelled=True")
async def rct_02(aio, trace):
    loop = aio.get_running_loop()
    thread_done = loop.create_future()
    job_task = []

    async def job():
        job_task.append(aio.current_task())
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            # Record after the thread's events, whatever the thread timing.
            await thread_done
            trace.append("task:CancelledError")
            raise

    def from_thread():
        cf = aio.run_coroutine_threadsafe(job(), loop)
        trace.append(attempt("result(timeout)", lambda: cf.result(timeout=0.02)))
        trace.append(f"cancel={cf.cancel()}")
        trace.append(attempt("result", lambda: cf.result(THREAD_WAIT)))
        loop.call_soon_threadsafe(thread_done.set_result, None)

    await aio.to_thread(from_thread)
    await aio.wait(job_task)
    trace.append(f"loop-task.cancelled={job_task[0].cancelled()}")


# 14. current_task / all_tasks (CUR)

@scenario("CUR-01", "CUR-01: in-task-is-self=True | in-call_soon=None | in-done-callback=None | child-sees-itself=True")
async def cur_01(aio, trace):
    tasks = {}

    async def child():
        return aio.current_task() is tasks["child"]

    async def body():
        loop = aio.get_running_loop()
        trace.append(f"in-task-is-self={aio.current_task() is tasks['body']}")
        loop.call_soon(lambda: trace.append(f"in-call_soon={aio.current_task()}"))
        await tick(aio)
        f = loop.create_future()
        f.add_done_callback(lambda _: trace.append(f"in-done-callback={aio.current_task()}"))
        f.set_result(None)
        await tick(aio)
        tasks["child"] = aio.create_task(child())
        trace.append(f"child-sees-itself={await tasks['child']}")

    tasks["body"] = aio.create_task(body())
    await tasks["body"]


@scenario("CUR-02", "CUR-02: count=2 has-main=True has-child=True | after-done count=1 has-child=False")
async def cur_02(aio, trace):
    me = aio.current_task()
    child = aio.create_task(after(aio, 0.01, "child"))
    tasks = aio.all_tasks()
    trace.append(f"count={len(tasks)} has-main={me in tasks} has-child={child in tasks}")
    await child
    tasks = aio.all_tasks()
    trace.append(f"after-done count={len(tasks)} has-child={child in tasks}")


@scenario("CUR-04", "CUR-04: c1-after-resume-ok=True | c2-after-resume-ok=True")
async def cur_04(aio, trace):
    tasks = {}

    async def take_turns(name):
        ok = True
        for _ in range(3):
            await tick(aio)
            ok = ok and aio.current_task() is tasks[name]
        return ok

    for name in ("c1", "c2"):
        tasks[name] = aio.create_task(take_turns(name))
    for name in ("c1", "c2"):
        trace.append(f"{name}-after-resume-ok={await tasks[name]}")


# 15. asyncio.run (RUN): these drive aio.run() themselves.

@scenario("RUN-01", "RUN-01: returned=42 | raised:ValueError('spam')")
def run_01(aio, trace):
    async def answer():
        return 42

    async def spam():
        raise ValueError("spam")

    trace.append(attempt("returned", lambda: aio.run(answer())))
    trace.append(attempt("raised", lambda: aio.run(spam()), fmt_exc))


@scenario("RUN-02", "RUN-02: main:return | leftover:CancelledError | leftover:finally | returned=123 | leftover.cancelled=True")
def run_02(aio, trace):
    leftover = []

    async def left_running():
        try:
            await aio.sleep(LONG)
        except aio.CancelledError:
            trace.append("leftover:CancelledError")
            raise
        finally:
            trace.append("leftover:finally")

    async def main():
        leftover.append(aio.create_task(left_running()))
        await tick(aio)
        trace.append("main:return")
        return 123

    trace.append(attempt("returned", lambda: aio.run(main())))
    trace.append(f"leftover.cancelled={leftover[0].cancelled()}")


@scenario("RUN-04", "RUN-04: nested-run:RuntimeError | non-coroutine:ValueError | non-coroutine:ValueError")
def run_04(aio, trace):
    async def noop():
        pass

    async def main():
        coro = noop()
        trace.append(attempt("nested-run", lambda: aio.run(coro)))
        coro.close()

    aio.run(main())
    trace.append(attempt("non-coroutine", lambda: aio.run(1)))
    trace.append(attempt("non-coroutine", lambda: aio.run(lambda: None)))


@scenario("RUN-05", "RUN-05: leftover:finally | raised:KeyError('main-failed') | leftover.cancelled=True")
def run_05(aio, trace):
    leftover = []

    async def main():
        leftover.append(aio.create_task(sleep_then_cleanup(aio, trace, "leftover:finally")))
        await tick(aio)
        raise KeyError("main-failed")

    trace.append(attempt("raised", lambda: aio.run(main()), fmt_exc))
    trace.append(f"leftover.cancelled={leftover[0].cancelled()}")


@scenario("RUN-07", "RUN-07: returned='r' thread-finished-before-run-returned=True")
def run_07(aio, trace):
    finished = threading.Event()

    def work():
        time.sleep(0.05)
        finished.set()

    async def main():
        aio.create_task(aio.to_thread(work))
        await aio.sleep(0.01)
        return "r"

    returned = attempt("returned", lambda: aio.run(main()))
    trace.append(f"{returned} thread-finished-before-run-returned={finished.is_set()}")


@scenario("RUN-08", "RUN-08: fresh-loop-each-run=True | closed-after=True")
def run_08(aio, trace):
    loops = []

    async def main():
        loops.append(aio.get_running_loop())

    aio.run(main())
    aio.run(main())
    trace.append(f"fresh-loop-each-run={loops[0] is not loops[1]}")
    trace.append(f"closed-after={all(loop.is_closed() for loop in loops)}")
