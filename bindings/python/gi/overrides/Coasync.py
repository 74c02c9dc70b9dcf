# Coasync.py: the Python face of coasync.
#
# `from gi.repository import Coasync` gives asyncio's "Coroutines and Tasks"
# API under asyncio's names, signatures and semantics, run by coasync on a
# GLib main context: a program written for asyncio runs on coasync by
# changing only its import.
#
# A Python coroutine runs as a stepped CoasyncTask: each step sends into the
# coroutine (or throws into it) and hands the future it waits for back to C.
# Everything with rules of its own -- cancellation counts, task groups,
# timeouts, gather, shield, wait -- is coasync's C code; this module adapts
# values and exceptions. Python exceptions cross the C layer as
# COASYNC_FOREIGN_ERROR errors that carry the exception object, so result(),
# gather and task groups give back the very objects that were raised.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import concurrent.futures
import contextvars
import reprlib
import signal
import sys
import threading
import traceback
import types

from gi.repository import Gio, GLib

from ..module import get_introspection_module
from ..overrides import override
from . import _coasync

_C = get_introspection_module('Coasync')

__all__ = []


def _export(obj, name=None):
    __all__.append(name or obj.__name__)
    return obj


# asyncio's own exception classes, so that `except asyncio.CancelledError`
# and `except Coasync.CancelledError` are the same thing.
CancelledError = _export(asyncio.CancelledError, 'CancelledError')
TimeoutError = _export(asyncio.TimeoutError, 'TimeoutError')
InvalidStateError = _export(asyncio.InvalidStateError, 'InvalidStateError')

FIRST_COMPLETED = _export(asyncio.FIRST_COMPLETED, 'FIRST_COMPLETED')
FIRST_EXCEPTION = _export(asyncio.FIRST_EXCEPTION, 'FIRST_EXCEPTION')
ALL_COMPLETED = _export(asyncio.ALL_COMPLETED, 'ALL_COMPLETED')

_RETURN_WHEN = {
    FIRST_COMPLETED: _C.ReturnWhen.FIRST_COMPLETED,
    FIRST_EXCEPTION: _C.ReturnWhen.FIRST_EXCEPTION,
    ALL_COMPLETED: _C.ReturnWhen.ALL_COMPLETED,
}

# Error domains as PyGObject names them.
_IO_ERROR = GLib.quark_to_string(Gio.io_error_quark())
_IO_CANCELLED = Gio.IOErrorEnum.CANCELLED
_IO_TIMED_OUT = Gio.IOErrorEnum.TIMED_OUT
_COASYNC_ERROR = GLib.quark_to_string(_C.error_quark())
_FOREIGN_ERROR = GLib.quark_to_string(_C.foreign_error_domain())
_CANCELLED_DEFAULT = 'Operation was cancelled'
_INF = float('inf')


# -- Exceptions across the C layer -------------------------------------------

def _exception_from_gerror(error):
    """The Python exception for an error coming from C."""
    domain = error.domain
    if domain == _FOREIGN_ERROR:
        payload = _coasync.foreign_payload(error)
        if payload is not None:
            return payload
    elif domain == _IO_ERROR:
        if error.code == _IO_CANCELLED:
            message = error.message
            if message == _CANCELLED_DEFAULT:
                return CancelledError()
            return CancelledError(message)
        if error.code == _IO_TIMED_OUT:
            return TimeoutError()
    elif domain == _COASYNC_ERROR:
        if error.code == _C.Error.INVALID_STATE:
            return InvalidStateError(error.message)
        if error.code != _C.Error.GROUP:
            return RuntimeError(error.message)
    return error


def _set_exception(cfuture, exc):
    """Fails a C future with a Python exception: a CancelledError as
    G_IO_ERROR_CANCELLED (how C code recognises a cancellation), anything
    else as a foreign error that keeps the object."""
    _coasync.set_exception(cfuture, exc, False)


class _GError:
    """A GLib.Error for a Python exception, for C calls that take a GError.

    A foreign error's payload lives while an error carrying it does: the
    holder future keeps one until the C call has taken its copy.
    """

    __slots__ = ('error', '_holder')

    def __init__(self, exc):
        self._holder = _C.Future()
        _set_exception(self._holder, exc)
        self.error = self._holder.get_exception()


# -- The loop ---------------------------------------------------------------

class _State(threading.local):
    def __init__(self):
        self.loops = []             # loops of the run() calls on this thread
        self.context_loops = {}     # other contexts iterated on this thread


_state = _State()


class _Handle:
    """asyncio.Handle: a callback queued on the loop."""

    __slots__ = ('_callback', '_args', '_context', '_loop', '_cancelled')

    def __init__(self, callback, args, loop, context):
        self._callback = callback
        self._args = args
        self._loop = loop
        self._context = context if context is not None else contextvars.copy_context()
        self._cancelled = False

    def cancel(self):
        self._cancelled = True

    def cancelled(self):
        return self._cancelled

    def get_context(self):
        return self._context

    def _run(self, *_):
        if self._cancelled:
            return
        try:
            self._context.run(self._callback, *self._args)
        except (SystemExit, KeyboardInterrupt) as exc:
            if not _abort_run(None, exc):
                raise
        except BaseException as exc:
            self._loop.call_exception_handler({
                'message': f'Exception in callback {self._callback!r}',
                'exception': exc,
                'handle': self,
            })

    def __repr__(self):
        state = ' cancelled' if self._cancelled else ''
        return f'<{type(self).__name__}{state} {self._callback!r}>'


class _TimerHandle(_Handle):
    """asyncio.TimerHandle: a callback at a time, on a coasync timer."""

    __slots__ = ('_timer',)

    def __init__(self, when, callback, args, loop, context):
        super().__init__(callback, args, loop, context)
        self._timer = _C.call_at(loop._context, when, self._run)

    def when(self):
        return self._timer.when()

    def cancel(self):
        super().cancel()
        self._timer.cancel()


class _Loop:
    """The running loop: a GMainContext, seen through asyncio's loop API."""

    def __init__(self, context):
        self._context = context
        self._closed = False
        self._exception_handler = None

    def time(self):
        return _C.time()

    def is_running(self):
        return not self._closed

    def is_closed(self):
        return self._closed

    def create_future(self):
        return Future()

    def create_task(self, coro, *, name=None, context=None):
        return _new_task(coro, name, context)

    def call_soon(self, callback, *args, context=None):
        handle = _Handle(callback, args, self, context)
        _C.call_soon(self._context, handle._run)
        return handle

    def call_soon_threadsafe(self, callback, *args, context=None):
        handle = _Handle(callback, args, self, context)
        _C.call_soon_threadsafe(self._context, handle._run)
        return handle

    def call_later(self, delay, callback, *args, context=None):
        return self.call_at(_C.time() + delay, callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        return _TimerHandle(when, callback, args, self, context)

    def get_exception_handler(self):
        return self._exception_handler

    def set_exception_handler(self, handler):
        if handler is not None and not callable(handler):
            raise TypeError(f'A callable object or None is expected, got {handler!r}')
        self._exception_handler = handler

    def default_exception_handler(self, context):
        message = context.get('message') or 'Unhandled exception in event loop'
        exc = context.get('exception')
        lines = [message]
        for key in sorted(k for k in context if k not in ('message', 'exception')):
            lines.append(f'{key}: {context[key]!r}')
        if exc is not None:
            lines.append(''.join(traceback.format_exception(exc)).rstrip())
        print('\n'.join(lines), file=sys.stderr)

    def call_exception_handler(self, context):
        if self._exception_handler is None:
            self.default_exception_handler(context)
            return
        try:
            self._exception_handler(self, context)
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self.default_exception_handler({
                'message': 'Unhandled error in exception handler',
                'exception': exc,
                'context': context,
            })

    def __repr__(self):
        return f'<Coasync loop closed={self._closed}>'


def _current_loop():
    """The loop of this thread's running context, or None."""
    if _state.loops:
        return _state.loops[-1]
    context = GLib.MainContext.ref_thread_default()
    if not _coasync.in_task() and not context.is_owner():
        return None
    # A context iterated by something else: a GTK application, a GLib.MainLoop.
    loop = _state.context_loops.get(context)
    if loop is None:
        loop = _state.context_loops[context] = _Loop(context)
    return loop


@_export
def get_running_loop():
    """asyncio.get_running_loop()."""
    loop = _current_loop()
    if loop is None:
        raise RuntimeError('no running event loop')
    return loop


# -- Future -------------------------------------------------------------------

class _DoneCallback:
    """A Python done callback registered on a C future.

    C cannot remove one closure among several by value, so each callback
    has a registration that remove_done_callback() switches off."""

    __slots__ = ('fn', 'context', 'removed')

    def __init__(self, fn, context):
        self.fn = fn
        self.context = context if context is not None else contextvars.copy_context()
        self.removed = False

    def __call__(self, cfuture):
        if self.removed:
            return
        # Run as asyncio runs it: a Handle of the loop, with its reports.
        _Handle(self.fn, (cfuture,), get_running_loop(), self.context)._run()


class Future(_C.Future):
    """asyncio.Future on a coasync future: awaitable, with asyncio's methods."""

    _asyncio_future_blocking = False

    def __init__(self, *, loop=None):
        super().__init__()

    # Outcome

    # The children of a gather() future (see gather()).
    _gathered = None

    def result(self):
        if self._gathered is not None:
            try:
                self.get_result()
            except GLib.Error as error:
                raise _exception_from_gerror(error) from None
            return self._gathered.results()
        return _coasync.result(self)

    def exception(self):
        if self.cancelled():
            # asyncio raises the cancellation rather than returning it.
            self.result()
        try:
            error = self.get_exception()
        except GLib.Error as state_error:
            raise _exception_from_gerror(state_error) from None
        return None if error is None else _exception_from_gerror(error)

    def set_result(self, result):
        try:
            _coasync.set_result(self, result)
        except GLib.Error as error:
            raise _exception_from_gerror(error) from None

    def set_exception(self, exception):
        if isinstance(exception, type):
            exception = exception()
        if type(exception) is StopIteration:
            raise TypeError('StopIteration interacts badly with generators '
                            'and cannot be raised into a Future')
        # Even a CancelledError keeps its object here: the future fails
        # with it, it is not cancelled, as in asyncio.
        try:
            _coasync.set_exception(self, exception, True)
        except GLib.Error as error:
            raise _exception_from_gerror(error) from None

    def cancel(self, msg=None):
        return _C.Future.cancel(self, None if msg is None else str(msg))

    # Callbacks

    def add_done_callback(self, fn, *, context=None):
        callbacks = self.__dict__.setdefault('_py_callbacks', [])
        callback = _DoneCallback(fn, context)
        callbacks.append(callback)
        _C.Future.add_done_callback(self, callback)

    def remove_done_callback(self, fn):
        callbacks = self.__dict__.get('_py_callbacks')
        if not callbacks:
            return 0
        removed = [cb for cb in callbacks if cb.fn == fn]
        self._py_callbacks = [cb for cb in callbacks if cb.fn != fn]
        # Once done, the callbacks are on their way already.
        if self.done():
            return 0
        for cb in removed:
            cb.removed = True
        return len(removed)

    def get_loop(self):
        return get_running_loop()

    # Awaiting

    def __await__(self):
        if not _coasync.done(self):
            if not _coasync.in_task():
                return (yield from _await_from_asyncio(self).__await__())
            yield self
        return self.result()

    __iter__ = __await__

    def __repr__(self):
        return f'<{type(self).__name__} {" ".join(_future_repr_info(self))}>'


Future = _export(override(Future), 'Future')


def _future_repr_info(future):
    """The words of asyncio's repr of a future: its state, then its outcome."""
    if not future.done():
        return ['pending']
    if future.cancelled():
        return ['cancelled']
    exc = future.exception()
    if exc is not None:
        return ['finished', f'exception={exc!r}']
    return ['finished', f'result={reprlib.repr(future.result())}']


class _Gathered:
    """What the future of a gather() holds: its children. Its result is the
    list of their outcomes, which C gives as a GPtrArray Python cannot read."""

    __slots__ = ('children',)

    def __init__(self, children):
        self.children = children

    def results(self):
        # Only a successful gather has results: without return_exceptions,
        # every child succeeded.
        results = []
        for child in self.children:
            try:
                results.append(child.result())
            except BaseException as exc:
                results.append(exc)
        return results


async def _await_from_asyncio(cfuture):
    """Awaits a coasync future from a task of a running asyncio loop.

    The future's callbacks run on its GLib context. When nothing else
    iterates that context (another thread, or an asyncio loop built on GLib),
    it is iterated from here, every millisecond, until the future is done."""
    loop = asyncio.get_running_loop()
    waiter = loop.create_future()

    def wake():
        if not waiter.done():
            waiter.set_result(None)

    cfuture.add_done_callback(lambda cf: loop.call_soon_threadsafe(wake))
    context = cfuture.get_context()
    while not waiter.done():
        if not context.acquire():
            await waiter
            break
        try:
            while context.iteration(False):
                pass
        finally:
            context.release()
        await asyncio.wait([waiter], timeout=0.001)
    return cfuture.result()


# -- Task -----------------------------------------------------------------------

def _is_coroutine(obj):
    return isinstance(obj, types.CoroutineType) or asyncio.iscoroutine(obj)


def _exception_for(cfuture):
    """The exception a task throws into its coroutine: the error of a future
    other than the one the coroutine awaits (a cancellation, a bad yield)."""
    try:
        cfuture.get_result()
    except GLib.Error as error:
        return _exception_from_gerror(error)
    return CancelledError()


def _bad_yield(result):
    failed = _C.Future()
    _set_exception(failed, RuntimeError(f'Task got bad yield: {result!r}'))
    return failed


def _abort_run(ctask, exc):
    """KeyboardInterrupt or SystemExit in a task or a callback stops
    asyncio.run(): the main task is cancelled and run() raises it. Returns
    False outside run()."""
    if not _state.loops:
        return False
    loop = _state.loops[-1]
    if loop._base_error is None:
        loop._base_error = exc
        if loop._main_task is not ctask and not loop._main_task.done():
            loop._main_task.cancel()
    return True


_coasync.setup(_exception_for, _bad_yield, _abort_run, CancelledError, _exception_from_gerror)


class Task(_C.Task):
    """asyncio.Task: a coroutine run as a stepped coasync task."""

    def __new__(cls, coro=None, *, loop=None, name=None, context=None):
        get_running_loop()
        return _new_task(coro, name, context)

    def __init__(self, *args, **kwargs):
        pass

    def get_coro(self):
        body = _coasync.get_body(self)
        return None if body is None else body[0]

    def get_context(self):
        body = _coasync.get_body(self)
        return None if body is None else body[1]

    def set_name(self, value):
        _C.Task.set_name(self, str(value))

    def cancel(self, msg=None):
        return _C.Task.cancel(self, None if msg is None else str(msg))

    def get_stack(self, *, limit=None):
        if self.get_coro() is None:
            return []
        return asyncio.base_tasks._task_get_stack(self, limit)

    def print_stack(self, *, limit=None, file=None):
        coro = self.get_coro()
        if coro is None:
            print(_C.Task.format_stack(self, 0 if limit is None else limit), file=file, end='')
            return
        asyncio.base_tasks._task_print_stack(self, limit, file)

    def set_result(self, result):
        raise RuntimeError('Task does not support set_result operation')

    def set_exception(self, exception):
        raise RuntimeError('Task does not support set_exception operation')

    def __repr__(self):
        info = _future_repr_info(self)
        if info[0] == 'pending' and self.cancelling() > 0:
            info[0] = 'cancelling'
        coro = self.get_coro()
        extra = [f'name={self.get_name()!r}']
        if coro is not None:
            extra.append(f'coro=<{asyncio.coroutines._format_coroutine(coro)}>')
        info[1:1] = extra
        return f'<Task {" ".join(info)}>'

    # asyncio's base_tasks helpers, which get_stack() and print_stack() use,
    # read the coroutine and the exception from these.
    @property
    def _exception(self):
        if not self.done() or self.cancelled():
            return None
        return self.exception()

    @property
    def _coro(self):
        return self.get_coro()


Task = _export(override(Task), 'Task')


def _new_task(coro, name, context, group=None):
    if not _is_coroutine(coro):
        raise TypeError(f'a coroutine was expected, got {coro!r}')
    return _coasync.create_task(coro, context if context is not None else contextvars.copy_context(),
                                None if name is None else str(name), group)


@_export
def create_task(coro, *, name=None, context=None):
    """asyncio.create_task()."""
    return get_running_loop().create_task(coro, name=name, context=context)


@_export
def current_task(loop=None):
    """asyncio.current_task()."""
    if loop is None:
        get_running_loop()
    return _C.current_task()


@_export
def all_tasks(loop=None):
    """asyncio.all_tasks(): the pending tasks of the running loop."""
    running = get_running_loop() if loop is None else loop
    return {task for task in _C.all_tasks(running._context) if not task.done()}


@_export
def ensure_future(coro_or_future, *, loop=None):
    """asyncio.ensure_future(): a future as it is, a coroutine or another
    awaitable wrapped in a task."""
    return _ensure(coro_or_future)


def _ensure(aw):
    """asyncio.ensure_future() without a loop argument."""
    if isinstance(aw, _C.Future):
        return aw
    if _is_coroutine(aw):
        return create_task(aw)
    if hasattr(aw, '__await__'):
        async def wrap():
            return await aw
        return create_task(wrap())
    raise TypeError('An asyncio.Future, a coroutine or an awaitable is required')


# -- run ------------------------------------------------------------------------

class _RunLoop(_Loop):
    """The loop of one run() call."""

    def __init__(self, context):
        super().__init__(context)
        self._main_task = None
        self._base_error = None     # KeyboardInterrupt or SystemExit of a task
        self._interrupts = 0        # Ctrl-C presses
        self._sigint_source = None

    def _watch_sigint(self):
        self._sigint_source = GLib.unix_signal_source_new(signal.SIGINT)
        self._sigint_source.set_callback(self._on_sigint)
        self._sigint_source.attach(self._context)

    def _on_sigint(self, *_):
        # The first press cancels the main task; run() then raises
        # KeyboardInterrupt. A second one stops at once.
        self._interrupts += 1
        if self._interrupts == 1 and not self._main_task.done():
            self._main_task.cancel()
        else:
            _abort_run(None, KeyboardInterrupt())
        return GLib.SOURCE_CONTINUE

    def _close(self):
        self._closed = True
        # The main task keeps the exception of a failed run() alive from C,
        # out of reach of Python's garbage collector.
        self._main_task = None
        if self._sigint_source is not None:
            # Dropped too: its callback holds this loop, out of reach of
            # Python's garbage collector.
            self._sigint_source.destroy()
            self._sigint_source = None
            # GLib's handler replaced Python's: give it back.
            signal.signal(signal.SIGINT, signal.default_int_handler)


@_export
def run(main, *, debug=None):
    """asyncio.run(): runs a coroutine on a fresh context and closes it."""
    if _current_loop() is not None:
        raise RuntimeError('asyncio.run() cannot be called from a running event loop')
    if not _is_coroutine(main):
        raise ValueError(f'a coroutine was expected, got {main!r}')

    loop = None
    # As asyncio.run(), Ctrl-C cancels the main task, where Python's own
    # handler would only run once the loop woke up for something else.
    watch_sigint = (threading.current_thread() is threading.main_thread()
                    and signal.getsignal(signal.SIGINT) is signal.default_int_handler)

    def start(ctask):
        nonlocal loop
        loop = _RunLoop(GLib.MainContext.ref_thread_default())
        loop._main_task = ctask
        _state.loops.append(loop)
        if watch_sigint:
            loop._watch_sigint()

    try:
        value = _coasync.run(main, contextvars.copy_context(), start)
    except GLib.Error as error:
        exc = _exception_from_gerror(error)
        if loop is not None and loop._base_error is not None:
            exc = loop._base_error
        elif (isinstance(exc, CancelledError) and loop is not None and loop._interrupts > 0
              and loop._main_task.uncancel() == 0):
            exc = KeyboardInterrupt()
        raise exc from None
    finally:
        if loop is not None:
            loop._close()
            _state.loops.remove(loop)
    if loop._base_error is not None:
        raise loop._base_error
    return value


# -- sleep, gather, shield, wait_for, wait, as_completed --------------------------

@types.coroutine
def _tick():
    yield


@_export
async def sleep(delay, result=None):
    """asyncio.sleep(); sleep(0) yields for exactly one tick."""
    if delay <= 0:
        await _tick()
        return result
    await _coasync.sleep(delay)
    return result


@_export
def gather(*aws, return_exceptions=False):
    """asyncio.gather(): a future of the results, in order."""
    if not aws:
        outer = Future()
        outer.set_result([])
        return outer
    get_running_loop()
    by_arg = {}
    children = []
    for aw in aws:
        if aw not in by_arg:
            by_arg[aw] = _ensure(aw)
        children.append(by_arg[aw])
    outer = _C.gather(children, return_exceptions)
    outer._gathered = _Gathered(children)
    return outer


@_export
def shield(arg):
    """asyncio.shield()."""
    inner = _ensure(arg)
    if inner.done():
        return inner
    return _C.shield(inner)


@_export
async def wait_for(fut, timeout):
    """asyncio.wait_for() as in 3.12: the awaitable runs under a timeout in
    the calling task (a coroutine is not wrapped in a task), and is
    cancelled and waited for when the timeout passes."""
    if timeout is not None and timeout <= 0:
        fut = _ensure(fut)
        if fut.done():
            return fut.result()
        # C's wait_for cancels the future and waits for it to finish.
        try:
            return await _C.wait_for(fut, 0.0)
        except TimeoutError:
            try:
                return fut.result()
            except CancelledError as exc:
                raise TimeoutError from exc
    async with timeout_at(None if timeout is None else _C.time() + timeout):
        return await fut


@_export
async def wait(fs, *, timeout=None, return_when=ALL_COMPLETED):
    """asyncio.wait(): (done, pending) sets; a timeout never raises."""
    if isinstance(fs, _C.Future) or _is_coroutine(fs):
        raise TypeError(f'expect a list of futures, not {type(fs).__name__}')
    fs = set(fs)
    if not fs:
        raise ValueError('Set of Tasks/Futures is empty.')
    if return_when not in _RETURN_WHEN:
        raise ValueError(f'Invalid return_when value: {return_when}')
    if any(_is_coroutine(f) for f in fs):
        raise TypeError('Passing coroutines is forbidden, use tasks explicitly.')
    futures = [_ensure(f) for f in fs]
    waiter = _C.wait(futures, _INF if timeout is None else float(timeout),
                     _RETURN_WHEN[return_when])
    await waiter
    return set(_C.wait_get_done(waiter)), set(_C.wait_get_pending(waiter))


@_export
def as_completed(fs, *, timeout=None):
    """asyncio.as_completed(): awaitables giving the outcomes in completion
    order; TimeoutError once the timeout has passed."""
    if isinstance(fs, _C.Future) or _is_coroutine(fs):
        raise TypeError(f'expect an iterable of futures, not {type(fs).__name__}')
    futures = [_ensure(f) for f in set(fs)]
    iterator = _C.as_completed(futures, _INF if timeout is None else float(timeout))
    for _ in range(iterator.get_n_futures()):
        yield _next_completed(iterator)


async def _next_completed(iterator):
    return await iterator.next()


# -- Timeout ------------------------------------------------------------------------

@_export
class Timeout:
    """asyncio.Timeout: an async context manager that cancels the current
    task at a deadline, raising TimeoutError from the block."""

    def __init__(self, when):
        self._when = when
        self._state = 'created'
        self._timeout = None

    def when(self):
        return self._when

    def reschedule(self, when):
        state = self._live_state()
        if state != 'active':
            if state == 'created':
                raise RuntimeError('Timeout has not been entered')
            raise RuntimeError(f'Cannot change state of {state} Timeout')
        self._timeout.reschedule(_INF if when is None else float(when))
        self._when = when

    def _live_state(self):
        if self._state == 'active' and self._timeout.expired():
            return 'expiring'
        return self._state

    def expired(self):
        return self._live_state() in ('expiring', 'expired')

    def __repr__(self):
        info = ['']
        state = self._live_state()
        if state == 'active':
            info.append(f'when={None if self._when is None else round(self._when, 3)}')
        return f'<Timeout [{state}]{" ".join(info)}>'

    async def __aenter__(self):
        if self._state != 'created':
            raise RuntimeError('Timeout has already been entered')
        if current_task() is None:
            raise RuntimeError('Timeout should be used inside a task')
        self._timeout = _C.Timeout.new_unentered(_INF if self._when is None else float(self._when))
        try:
            self._timeout.enter()
        except GLib.Error as error:
            raise _exception_from_gerror(error) from None
        self._state = 'active'
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        timeout = self._timeout
        expired = timeout.expired()
        try:
            timeout.exit_with(isinstance(exc_val, CancelledError))
            timed_out = False
        except GLib.Error:
            timed_out = True
        self._state = 'expired' if expired or timed_out else 'finished'
        if timed_out:
            # Raised here, not in the handler: its context is the block's
            # cancellation, as in asyncio.
            raise TimeoutError from exc_val
        return None


@_export
def timeout(delay):
    """asyncio.timeout(): a Timeout `delay` seconds from now (None: never)."""
    return Timeout(None if delay is None else _C.time() + delay)


@_export
def timeout_at(when):
    """asyncio.timeout_at(): a Timeout at loop time `when` (None: never)."""
    return Timeout(when)


# -- TaskGroup ---------------------------------------------------------------------

@_export
class TaskGroup:
    """asyncio.TaskGroup: an async context manager whose tasks are all
    awaited on exit; the first failure cancels the others, and the failures
    are raised together as an ExceptionGroup."""

    def __init__(self):
        self._group = None
        self._state = 'created'

    def __repr__(self):
        return f'<TaskGroup {self._state}>'

    async def __aenter__(self):
        if self._state != 'created':
            raise RuntimeError(f'TaskGroup {self!r} has already been entered')
        if current_task() is None:
            raise RuntimeError(f'TaskGroup {self!r} cannot determine the parent task')
        self._group = _C.TaskGroup.new()
        self._state = 'entered'
        return self

    async def __aexit__(self, exc_type, exc_val, exc_tb):
        group = self._group
        self._state = 'exiting'
        if exc_val is not None:
            body_error = _GError(exc_val)
            group.begin_exit(body_error.error)
        while True:
            waiter = group.exit_step()
            if waiter is None:
                break
            try:
                await waiter
            except CancelledError as cancelled:
                group.exit_cancelled(_GError(cancelled).error)
        self._state = 'finished'
        try:
            group.finish_exit()
        except GLib.Error as error:
            if error.domain == _COASYNC_ERROR and error.code == _C.Error.GROUP:
                if isinstance(exc_val, (KeyboardInterrupt, SystemExit)):
                    raise exc_val
                errors = [_exception_from_gerror(e) for e in group.get_errors()]
                for e in errors:
                    if isinstance(e, (KeyboardInterrupt, SystemExit)):
                        raise e
                raise BaseExceptionGroup('unhandled errors in a TaskGroup', errors) from None
            raise _exception_from_gerror(error) from None
        return None

    def create_task(self, coro, *, name=None, context=None):
        if self._state == 'created':
            coro.close()
            raise RuntimeError(f'TaskGroup {self!r} has not been entered')
        if self._state == 'finished':
            coro.close()
            raise RuntimeError(f'TaskGroup {self!r} is finished')
        try:
            return _new_task(coro, name, context, self._group)
        except GLib.Error as error:
            coro.close()
            if error.domain == _COASYNC_ERROR and error.code == _C.Error.CLOSED:
                raise RuntimeError(f'TaskGroup {self!r} is shutting down') from None
            raise _exception_from_gerror(error) from None


# -- Threads -------------------------------------------------------------------------

@_export
async def to_thread(func, /, *args, **kwargs):
    """asyncio.to_thread(): runs func on a worker thread, in a copy of the
    current context; run() waits for it before returning."""
    context = contextvars.copy_context()
    outcome = []

    def work(cancellable, *_):
        try:
            outcome.append((True, context.run(func, *args, **kwargs)))
        except BaseException as exc:
            outcome.append((False, exc))

    await _C.to_thread_call(work)
    ok, value = outcome[0]
    if ok:
        return value
    raise value


@_export
def run_coroutine_threadsafe(coro, loop):
    """asyncio.run_coroutine_threadsafe(): runs coro in `loop` (another
    thread's running loop) and returns a concurrent.futures.Future."""
    if not _is_coroutine(coro):
        raise TypeError('A coroutine object is required')
    result = concurrent.futures.Future()
    cfuture = _coasync.run_coroutine_threadsafe(coro, contextvars.copy_context(), None,
                                                loop._context)

    def copy_outcome(cf):
        if result.cancelled():
            return
        if cf.cancelled():
            result.cancel()
        elif cf.exception() is not None:
            result.set_exception(cf.exception())
        else:
            result.set_result(cf.result())

    def propagate_cancel(cf):
        if cf.cancelled():
            cfuture.cancel()

    # Done callbacks are added from the thread of the future's context.
    loop.call_soon_threadsafe(cfuture.add_done_callback, copy_outcome)
    result.add_done_callback(propagate_cancel)
    return result
