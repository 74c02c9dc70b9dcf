#!/usr/bin/env python3
# test_face.py: tests of the Python face (gi.repository.Coasync) beyond the
# conformance catalogue: exception and result identity across the C layer,
# interop with the C API, the loop, Future and Task APIs, threads, a plain
# GLib.MainLoop and CPython's asyncio. Prints TAP.
#
#   test_face.py [TestClass[.test_name] ...]
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import contextvars
import enum
import faulthandler
import io
import re
import signal
import sys
import threading
import time
import traceback
import unittest

import gi
gi.require_version('Coasync', '1.0')
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import Coasync, GLib, GObject  # noqa: E402

# The C functions and classes, without the overrides.
C = get_introspection_module('Coasync')

# Seconds a test may take before it counts as hung (they take milliseconds).
TEST_TIMEOUT = 20

run = Coasync.run


class Failure(Exception):
    """An exception class of the tests, with an attribute of its own."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class BaseFailure(BaseException):
    """A BaseException that is neither KeyboardInterrupt nor SystemExit."""


class UnprintableFailure(Exception):
    """An exception whose str() fails."""

    def __str__(self):
        raise RuntimeError('no text')


class Colour(enum.IntEnum):
    RED = 1
    GREEN = 2


async def raise_later(exc):
    await Coasync.sleep(0.001)
    raise exc


async def return_later(value):
    await Coasync.sleep(0.001)
    return value


async def pending_forever():
    await Coasync.get_running_loop().create_future()


async def until(predicate):
    """Yields to the loop until predicate() holds."""
    while not predicate():
        await Coasync.sleep(0.001)


def error_payload(future):
    """The foreign error payload of a failed C future: the exception object."""
    try:
        future.get_result()
    except GLib.Error as error:
        return C.foreign_error_dup_payload(error)
    raise AssertionError(f'{future!r} did not fail')


class ExceptionIdentityTest(unittest.TestCase):
    """The very object raised in a task comes back everywhere."""

    def check_identity(self, exc):
        async def main():
            task = Coasync.create_task(raise_later(exc))
            with self.assertRaises(type(exc)) as caught:
                await task
            self.assertIs(caught.exception, exc)
            self.assertIs(task.exception(), exc)
            with self.assertRaises(type(exc)) as caught:
                task.result()
            self.assertIs(caught.exception, exc)

        run(main())

    def test_exception_class_of_the_program(self):
        self.check_identity(Failure('custom', 42))

    def test_builtin_exception(self):
        self.check_identity(KeyError('k'))

    def test_base_exception_subclass(self):
        self.check_identity(BaseFailure('base'))

    def test_exception_without_message(self):
        self.check_identity(Failure('', 0))

    def test_exception_whose_str_fails(self):
        self.check_identity(UnprintableFailure())

    def test_timeout_error_of_the_program(self):
        self.check_identity(TimeoutError('not a coasync timeout'))

    def test_glib_error_raised_in_python(self):
        self.check_identity(GLib.Error('raised in Python', 'test-face-domain', 3))

    # Known difference: a CancelledError raised in a task comes back as a new
    # CancelledError with the same message; asyncio gives back the object.
    @unittest.expectedFailure
    def test_cancelled_error_raised_in_task(self):
        exc = Coasync.CancelledError('raised')

        async def main():
            task = Coasync.create_task(raise_later(exc))
            with self.assertRaises(Coasync.CancelledError) as caught:
                await task
            self.assertTrue(task.cancelled())
            self.assertIs(caught.exception, exc)

        run(main())

    def test_gather(self):
        exc = Failure('gather', 1)

        async def main():
            with self.assertRaises(Failure) as caught:
                await Coasync.gather(return_later(1), raise_later(exc))
            self.assertIs(caught.exception, exc)
            results = await Coasync.gather(return_later(1), raise_later(exc),
                                           return_exceptions=True)
            self.assertEqual(results[0], 1)
            self.assertIs(results[1], exc)

        run(main())

    def test_gather_base_exception(self):
        exc = BaseFailure('base')

        async def main():
            results = await Coasync.gather(raise_later(exc), return_exceptions=True)
            self.assertIs(results[0], exc)

        run(main())

    def test_wait_for(self):
        exc = Failure('wait_for', 2)

        async def main():
            with self.assertRaises(Failure) as caught:
                await Coasync.wait_for(raise_later(exc), 1)
            self.assertIs(caught.exception, exc)
            with self.assertRaises(Failure) as caught:
                await Coasync.wait_for(Coasync.create_task(raise_later(exc)), None)
            self.assertIs(caught.exception, exc)

        run(main())

    def test_shield(self):
        exc = Failure('shield', 3)

        async def main():
            with self.assertRaises(Failure) as caught:
                await Coasync.shield(raise_later(exc))
            self.assertIs(caught.exception, exc)

        run(main())

    def test_as_completed_and_timeout_block(self):
        exc = Failure('elsewhere', 4)

        async def main():
            for next_done in Coasync.as_completed([raise_later(exc)]):
                with self.assertRaises(Failure) as caught:
                    await next_done
                self.assertIs(caught.exception, exc)
            with self.assertRaises(Failure) as caught:
                async with Coasync.timeout(1):
                    await raise_later(exc)
            self.assertIs(caught.exception, exc)

        run(main())

    def test_task_group(self):
        first, second = Failure('first', 1), KeyError('second')

        async def main():
            with self.assertRaises(ExceptionGroup) as caught:
                async with Coasync.TaskGroup() as group:
                    group.create_task(raise_later(first))
                    group.create_task(raise_later(second))
            return caught.exception

        group_error = run(main())
        self.assertEqual(len(group_error.exceptions), 2)
        self.assertEqual({id(e) for e in group_error.exceptions}, {id(first), id(second)})

    def test_task_group_body_error(self):
        exc = Failure('body', 4)

        async def main():
            with self.assertRaises(ExceptionGroup) as caught:
                async with Coasync.TaskGroup() as group:
                    group.create_task(pending_forever())
                    await Coasync.sleep(0)
                    raise exc
            self.assertEqual(len(caught.exception.exceptions), 1)
            self.assertIs(caught.exception.exceptions[0], exc)

        run(main())

    def test_nested_task_groups(self):
        exc = Failure('inner', 5)

        async def inner():
            async with Coasync.TaskGroup() as group:
                group.create_task(raise_later(exc))

        async def main():
            with self.assertRaises(ExceptionGroup) as caught:
                async with Coasync.TaskGroup() as group:
                    group.create_task(inner())
                    group.create_task(pending_forever())
            return caught.exception

        outer = run(main())
        self.assertEqual(len(outer.exceptions), 1)
        inner_group = outer.exceptions[0]
        self.assertIsInstance(inner_group, ExceptionGroup)
        self.assertEqual(len(inner_group.exceptions), 1)
        self.assertIs(inner_group.exceptions[0], exc)

    def test_task_group_base_exception(self):
        exc = BaseFailure('base')

        async def main():
            async with Coasync.TaskGroup() as group:
                group.create_task(raise_later(exc))

        with self.assertRaises(BaseExceptionGroup) as caught:
            run(main())
        self.assertNotIsInstance(caught.exception, ExceptionGroup)
        self.assertIs(caught.exception.exceptions[0], exc)

    def test_run(self):
        exc = Failure('run', 6)
        with self.assertRaises(Failure) as caught:
            run(raise_later(exc))
        self.assertIs(caught.exception, exc)

    def test_run_base_exception(self):
        exc = BaseFailure('run')
        with self.assertRaises(BaseFailure) as caught:
            run(raise_later(exc))
        self.assertIs(caught.exception, exc)

    def test_traceback_kept(self):
        def fail_here():
            raise Failure('traced', 7)

        async def failing():
            await Coasync.sleep(0)
            fail_here()

        # Caught by hand: assertRaises() drops the traceback.
        try:
            run(failing())
        except Failure as exc:
            names = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
        else:
            self.fail('run() did not raise')
        self.assertIn('failing', names)
        self.assertIn('fail_here', names)

    def test_keyboard_interrupt_in_main(self):
        interrupt = KeyboardInterrupt()

        async def main():
            await Coasync.sleep(0.001)
            raise interrupt

        with self.assertRaises(KeyboardInterrupt) as caught:
            run(main())
        self.assertIs(caught.exception, interrupt)
        # The next run() starts afresh.
        self.assertEqual(run(return_later('again')), 'again')

    def test_keyboard_interrupt_in_callback(self):
        interrupt = KeyboardInterrupt('callback')

        def interrupt_():
            raise interrupt

        async def main():
            Coasync.get_running_loop().call_soon(interrupt_)
            await Coasync.sleep(0.01)

        with self.assertRaises(KeyboardInterrupt) as caught:
            run(main())
        self.assertIs(caught.exception, interrupt)

    def test_sigint_stops_idle_run(self):
        seen = []

        async def main():
            try:
                # The signal reaches the main thread while it waits for the
                # worker, before any more Python code runs on it.
                await Coasync.to_thread(signal.pthread_kill, threading.get_ident(), signal.SIGINT)
                await Coasync.sleep(0.05)
            except BaseException as exc:
                seen.append(type(exc))
                raise

        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            with self.assertRaises(KeyboardInterrupt):
                run(main())
        finally:
            signal.signal(signal.SIGINT, previous)
        self.assertEqual(seen, [Coasync.CancelledError])

    def test_keyboard_interrupt_in_child(self):
        interrupt = KeyboardInterrupt()

        async def main():
            Coasync.create_task(raise_later(interrupt))
            await pending_forever()

        with self.assertRaises(KeyboardInterrupt) as caught:
            run(main())
        self.assertIs(caught.exception, interrupt)


class ResultIdentityTest(unittest.TestCase):
    """Results keep their identity and type across the C layer."""

    VALUES = [object(), None, 2 ** 100, -(2 ** 70), Colour.GREEN, [1, [2]], (1, 'two'),
              {'key': 'value'}, 'text', b'bytes', 1.5, GObject.Object()]

    def test_task_result_and_await(self):
        async def main():
            for value in self.VALUES:
                task = Coasync.create_task(return_later(value))
                self.assertIs(await task, value)
                self.assertIs(task.result(), value)

        run(main())

    def test_gather(self):
        async def main():
            results = await Coasync.gather(*(return_later(v) for v in self.VALUES))
            self.assertEqual([id(r) for r in results], [id(v) for v in self.VALUES])

        run(main())

    def test_future(self):
        async def main():
            for value in self.VALUES:
                future = Coasync.get_running_loop().create_future()
                future.set_result(value)
                self.assertIs(future.result(), value)
                self.assertIs(await future, value)

        run(main())

    def test_run(self):
        for value in self.VALUES:
            self.assertIs(run(return_later(value)), value)

    def test_sleep_wait_for_shield_task_group(self):
        async def main():
            for value in self.VALUES:
                self.assertIs(await Coasync.sleep(0, value), value)
                self.assertIs(await Coasync.sleep(0.001, value), value)
                self.assertIs(await Coasync.wait_for(return_later(value), 1), value)
                self.assertIs(await Coasync.shield(return_later(value)), value)
                async with Coasync.TaskGroup() as group:
                    task = group.create_task(return_later(value))
                self.assertIs(task.result(), value)

        run(main())


class CInteropTest(unittest.TestCase):
    """Python coroutines and the C API wait for each other."""

    def test_await_c_sleep(self):
        async def main():
            return await C.sleep(0.001)

        self.assertIsNone(run(main()))

    def test_await_c_future(self):
        async def main():
            future = C.Future.new()
            Coasync.get_running_loop().call_soon(future.set_int, 7)
            return await future

        self.assertEqual(run(main()), 7)

    def test_await_failed_c_future(self):
        async def main():
            future = C.Future.new()
            future.set_error(GLib.Error('failed in C', 'g-io-error-quark', 1))
            await future

        with self.assertRaises(GLib.Error) as caught:
            run(main())
        self.assertEqual(caught.exception.message, 'failed in C')

    def test_await_c_stepped_task(self):
        awaited = []

        def step(task, future, data):
            awaited.append(future)
            if future is None:
                return C.sleep(0.001)
            task.return_int(5)
            return None

        async def main():
            return await C.create_stepped_task(step, None)

        self.assertEqual(run(main()), 5)
        self.assertEqual(len(awaited), 2)
        self.assertIsNone(awaited[0])
        self.assertTrue(awaited[1].done())

    def test_c_stepped_task_awaits_python_tasks(self):
        exc = Failure('python', 8)
        value = {'from': 'python'}
        seen = []

        async def main():
            succeeding = Coasync.create_task(return_later(value))
            failing = Coasync.create_task(raise_later(exc))

            def step(task, future, data):
                if future is None:
                    return succeeding
                if future is succeeding:
                    seen.append(future.result())
                    return failing
                seen.append(error_payload(future))
                task.return_int(len(seen))
                return None

            return await C.create_stepped_task(step, None)

        self.assertEqual(run(main()), 2)
        self.assertIs(seen[0], value)
        self.assertIs(seen[1], exc)

    def test_c_stepped_task_passes_on_python_error(self):
        exc = Failure('passed on', 10)

        async def main():
            failing = Coasync.create_task(raise_later(exc))

            def step(task, future, data):
                if future is None:
                    return failing
                try:
                    future.get_result()
                except GLib.Error as error:
                    task.return_error(error)
                return None

            await C.create_stepped_task(step, None)

        with self.assertRaises(Failure) as caught:
            run(main())
        self.assertIs(caught.exception, exc)

    def test_c_gather_over_python_tasks(self):
        exc = Failure('gathered', 9)

        async def main():
            ok = Coasync.create_task(return_later(1))
            failing = Coasync.create_task(raise_later(exc))
            with self.assertRaises(Failure) as caught:
                await C.gather([ok, failing], False)
            self.assertIs(caught.exception, exc)

            ok = Coasync.create_task(return_later(1))
            failing = Coasync.create_task(raise_later(exc))
            gathered = C.gather([ok, failing], True)
            await Coasync.wait([gathered])
            self.assertIsNone(gathered.get_exception())
            self.assertTrue(ok.done() and failing.done())
            self.assertIs(failing.exception(), exc)

        run(main())

    def test_c_task_cancelled_by_python(self):
        def step(task, future, data):
            if future is None:
                return C.sleep(10)
            try:
                future.get_result()
            except GLib.Error as error:
                task.return_error(error)
            return None

        async def main():
            task = C.create_stepped_task(step, None)
            await Coasync.sleep(0)
            self.assertTrue(task.cancel())
            with self.assertRaises(Coasync.CancelledError):
                await task
            self.assertTrue(task.cancelled())

        run(main())


class LoopTest(unittest.TestCase):
    """get_running_loop() and the loop's methods."""

    def test_no_running_loop_outside(self):
        with self.assertRaisesRegex(RuntimeError, 'no running event loop'):
            Coasync.get_running_loop()
        with self.assertRaises(RuntimeError):
            Coasync.current_task()

    def test_running_loop_inside(self):
        async def main():
            loop = Coasync.get_running_loop()
            self.assertIs(Coasync.get_running_loop(), loop)
            self.assertTrue(loop.is_running())
            self.assertFalse(loop.is_closed())
            return loop

        loop = run(main())
        self.assertTrue(loop.is_closed())
        # A second run() has a loop of its own.
        self.assertIsNot(run(main()), loop)

    def test_time(self):
        async def main():
            loop = Coasync.get_running_loop()
            before = loop.time()
            self.assertLess(abs(before - GLib.get_monotonic_time() / 1e6), 0.5)
            await Coasync.sleep(0.01)
            after = loop.time()
            self.assertGreaterEqual(after - before, 0.005)
            self.assertLessEqual(before, after)

        run(main())

    def test_call_soon_order_and_args(self):
        calls = []

        async def main():
            loop = Coasync.get_running_loop()
            done = loop.create_future()
            loop.call_soon(calls.append, 1)
            cancelled = loop.call_soon(calls.append, 'cancelled')
            loop.call_soon(lambda *args: calls.append(args), 2, 'two')
            loop.call_soon(done.set_result, None)
            cancelled.cancel()
            self.assertTrue(cancelled.cancelled())
            await done

        run(main())
        self.assertEqual(calls, [1, (2, 'two')])

    def test_call_soon_context(self):
        var = contextvars.ContextVar('var', default='unset')
        seen = []

        async def main():
            loop = Coasync.get_running_loop()
            context = contextvars.copy_context()
            context.run(var.set, 'given')
            var.set('current')
            done = loop.create_future()
            loop.call_soon(lambda: seen.append(var.get()))
            loop.call_soon(lambda: seen.append(var.get()), context=context)
            loop.call_soon(done.set_result, None)
            await done

        run(main())
        self.assertEqual(seen, ['current', 'given'])

    def test_call_later_and_call_at(self):
        calls = []

        async def main():
            loop = Coasync.get_running_loop()
            done = loop.create_future()
            loop.call_later(0.03, lambda: (calls.append('later 30'), done.set_result(None)))
            loop.call_later(0.01, calls.append, 'later 10')
            when = loop.time() + 0.02
            at = loop.call_at(when, calls.append, 'at 20')
            cancelled = loop.call_later(0.015, calls.append, 'cancelled')
            self.assertEqual(at.when(), when)
            cancelled.cancel()
            await done

        run(main())
        self.assertEqual(calls, ['later 10', 'at 20', 'later 30'])

    def test_call_soon_threadsafe(self):
        async def main():
            loop = Coasync.get_running_loop()
            done = loop.create_future()
            ran_on = []

            def callback(value):
                ran_on.append(threading.get_ident())
                done.set_result(value)

            thread = threading.Thread(target=loop.call_soon_threadsafe, args=(callback, 'sent'))
            thread.start()
            self.assertEqual(await done, 'sent')
            thread.join()
            self.assertEqual(ran_on, [threading.get_ident()])

        run(main())

    def test_exception_handler_for_callbacks(self):
        soon_error, later_error = Failure('soon', 1), Failure('later', 2)
        contexts = []

        def raise_(exc):
            raise exc

        async def main():
            loop = Coasync.get_running_loop()
            self.assertIsNone(loop.get_exception_handler())
            both = loop.create_future()

            def handler(handler_loop, context):
                self.assertIs(handler_loop, loop)
                contexts.append(context)
                if len(contexts) == 2:
                    both.set_result(None)

            loop.set_exception_handler(handler)
            soon = loop.call_soon(raise_, soon_error)
            later = loop.call_later(0.001, raise_, later_error)
            await both
            return soon, later

        soon, later = run(main())
        self.assertEqual([sorted(c) for c in contexts], [['exception', 'handle', 'message']] * 2)
        self.assertIs(contexts[0]['exception'], soon_error)
        self.assertIs(contexts[0]['handle'], soon)
        self.assertIs(contexts[1]['exception'], later_error)
        self.assertIs(contexts[1]['handle'], later)
        self.assertTrue(contexts[0]['message'].startswith('Exception in callback'))

    def test_exception_handler_for_done_callback(self):
        exc = Failure('done callback', 3)
        contexts = []

        def raise_(future):
            raise exc

        async def main():
            loop = Coasync.get_running_loop()
            handled = loop.create_future()
            loop.set_exception_handler(lambda _, c: (contexts.append(c), handled.set_result(None)))
            future = loop.create_future()
            future.add_done_callback(raise_)
            future.set_result(None)
            await handled

        run(main())
        self.assertIs(contexts[0]['exception'], exc)
        self.assertEqual(sorted(contexts[0]), ['exception', 'handle', 'message'])

    def test_set_exception_handler_checks_callable(self):
        async def main():
            with self.assertRaises(TypeError):
                Coasync.get_running_loop().set_exception_handler('not callable')

        run(main())

    def test_create_future(self):
        async def main():
            loop = Coasync.get_running_loop()
            future = loop.create_future()
            self.assertIsInstance(future, Coasync.Future)
            self.assertFalse(future.done())
            self.assertIs(future.get_loop(), loop)
            loop.call_soon(future.set_result, 'set')
            return await future

        self.assertEqual(run(main()), 'set')


class FutureTest(unittest.TestCase):
    """asyncio.Future's methods on Coasync.Future."""

    def test_done_callback_gets_the_future(self):
        async def main():
            future = Coasync.get_running_loop().create_future()
            got = Coasync.get_running_loop().create_future()
            future.add_done_callback(got.set_result)
            future.set_result(1)
            self.assertIs(await got, future)

        run(main())

    def test_done_callback_on_done_future_runs_soon(self):
        calls = []

        async def main():
            future = Coasync.get_running_loop().create_future()
            future.set_result(None)
            future.add_done_callback(calls.append)
            self.assertEqual(calls, [])
            await Coasync.sleep(0)
            self.assertEqual(calls, [future])

        run(main())

    def test_done_callback_context(self):
        var = contextvars.ContextVar('var', default='unset')
        seen = []

        async def main():
            loop = Coasync.get_running_loop()
            future = loop.create_future()
            context = contextvars.copy_context()
            context.run(var.set, 'given')
            var.set('at registration')
            future.add_done_callback(lambda f: seen.append(var.get()))
            future.add_done_callback(lambda f: seen.append(var.get()), context=context)
            var.set('at completion')
            future.set_result(None)
            await Coasync.sleep(0)
            await Coasync.sleep(0)

        run(main())
        self.assertEqual(seen, ['at registration', 'given'])

    def test_remove_done_callback(self):
        calls = []

        def first(future):
            calls.append('first')

        def second(future):
            calls.append('second')

        async def main():
            future = Coasync.get_running_loop().create_future()
            future.add_done_callback(first)
            future.add_done_callback(second)
            future.add_done_callback(first)
            self.assertEqual(future.remove_done_callback(first), 2)
            self.assertEqual(future.remove_done_callback(first), 0)
            future.set_result(None)
            await Coasync.sleep(0)
            await Coasync.sleep(0)

        run(main())
        self.assertEqual(calls, ['second'])

    def test_set_exception_class(self):
        async def main():
            future = Coasync.get_running_loop().create_future()
            future.set_exception(ValueError)
            self.assertIs(type(future.exception()), ValueError)
            with self.assertRaises(ValueError):
                await future

        run(main())

    def test_set_exception_stop_iteration(self):
        async def main():
            future = Coasync.get_running_loop().create_future()
            with self.assertRaises(TypeError):
                future.set_exception(StopIteration())
            self.assertFalse(future.done())

        run(main())

    def test_set_exception_cancelled_error(self):
        exc = Coasync.CancelledError('set')

        async def main():
            future = Coasync.get_running_loop().create_future()
            future.set_exception(exc)
            self.assertFalse(future.cancelled())
            self.assertIs(future.exception(), exc)

        run(main())

    def test_outcome_set_twice(self):
        async def main():
            future = Coasync.get_running_loop().create_future()
            with self.assertRaises(Coasync.InvalidStateError):
                future.result()
            future.set_result(1)
            with self.assertRaises(Coasync.InvalidStateError):
                future.set_result(2)
            with self.assertRaises(Coasync.InvalidStateError):
                future.set_exception(ValueError())

        run(main())

    def test_repr(self):
        async def main():
            loop = Coasync.get_running_loop()
            pending, finished, failed, cancelled = (loop.create_future() for _ in range(4))
            finished.set_result([1])
            failed.set_exception(Failure('bad', 1))
            cancelled.cancel()
            return [repr(f) for f in (pending, finished, failed, cancelled)]

        self.assertEqual(run(main()), [
            '<Future pending>',
            '<Future finished result=[1]>',
            "<Future finished exception=Failure('bad')>",
            '<Future cancelled>',
        ])


class TaskTest(unittest.TestCase):
    """asyncio.Task's methods on Coasync.Task."""

    def test_default_and_given_names(self):
        async def main():
            first = Coasync.create_task(return_later(1))
            second = Coasync.create_task(return_later(2))
            named = Coasync.create_task(return_later(3), name='named')
            numbers = [int(re.fullmatch(r'Task-(\d+)', t.get_name()).group(1))
                       for t in (first, second)]
            self.assertEqual(numbers[1], numbers[0] + 1)
            self.assertEqual(named.get_name(), 'named')
            first.set_name(42)
            self.assertEqual(first.get_name(), '42')
            await Coasync.gather(first, second, named)

        run(main())

    def test_get_coro(self):
        async def main():
            coro = return_later(1)
            task = Coasync.create_task(coro)
            self.assertIs(task.get_coro(), coro)
            await task

        run(main())

    def test_current_task(self):
        async def child():
            return Coasync.current_task()

        async def main():
            main_task = Coasync.current_task()
            self.assertIsInstance(main_task, Coasync.Task)
            task = Coasync.create_task(child())
            self.assertIs(await task, task)
            self.assertIs(Coasync.current_task(), main_task)
            return main_task

        main_task = run(main())
        self.assertTrue(main_task.done())

    def test_all_tasks(self):
        async def main():
            waiting = Coasync.create_task(pending_forever())
            finished = Coasync.create_task(return_later(1))
            await finished
            tasks = Coasync.all_tasks()
            self.assertEqual(tasks, {Coasync.current_task(), waiting})
            waiting.cancel()

        run(main())

    def test_get_stack_and_print_stack(self):
        async def parked(event):
            await event

        async def main():
            event = Coasync.get_running_loop().create_future()
            task = Coasync.create_task(parked(event), name='parked')
            await Coasync.sleep(0)
            frames = task.get_stack()
            self.assertEqual([f.f_code.co_name for f in frames], ['parked'])
            output = io.StringIO()
            task.print_stack(file=output)
            lines = output.getvalue().splitlines()
            self.assertEqual(lines[0], f'Stack for {task!r} (most recent call last):')
            self.assertRegex(lines[1], rf'File "{re.escape(__file__)}", line \d+, in parked')
            self.assertEqual(lines[2].strip(), 'await event')
            event.set_result(None)
            await task
            self.assertEqual(task.get_stack(), [])

        run(main())

    def test_print_stack_of_failed_task(self):
        async def failing():
            await Coasync.sleep(0)
            raise Failure('printed', 1)

        async def main():
            task = Coasync.create_task(failing())
            await Coasync.wait([task])
            output = io.StringIO()
            task.print_stack(file=output)
            return task, output.getvalue()

        task, text = run(main())
        self.assertTrue(text.startswith(f'Traceback for {task!r} (most recent call last):'))
        self.assertIn('in failing', text)
        self.assertTrue(text.endswith('Failure: printed\n'))

    def test_print_stack_of_c_task(self):
        def step(task, future, data):
            return C.sleep(0.001) if future is None else None

        async def main():
            task = C.create_stepped_task(step, None)
            await Coasync.sleep(0)
            output = io.StringIO()
            task.print_stack(file=output)
            shown = repr(task)
            await task
            return shown, output.getvalue()

        shown, text = run(main())
        self.assertTrue(text.startswith(f'Stack for {shown} (most recent call last):'))

    def test_repr_pending_and_cancelled(self):
        async def main():
            task = Coasync.create_task(pending_forever(), name='shown')
            await Coasync.sleep(0)
            pending = repr(task)
            task.cancel()
            await Coasync.wait([task])
            return pending, repr(task)

        pending, cancelled = run(main())
        self.assertRegex(pending, r"^<Task pending name='shown' coro=<pending_forever\(\)")
        self.assertRegex(cancelled, r"^<Task cancelled name='shown' coro=<pending_forever\(\)")

    def test_repr_finished(self):
        async def main():
            succeeded = Coasync.create_task(return_later('r'), name='succeeded')
            failed = Coasync.create_task(raise_later(Failure('bad', 1)), name='failed')
            await Coasync.wait([succeeded, failed])
            return repr(succeeded), repr(failed)

        succeeded, failed = run(main())
        self.assertRegex(succeeded,
                         r"^<Task finished name='succeeded' coro=<return_later\(\).*> result='r'>$")
        self.assertRegex(failed,
                         r"^<Task finished name='failed' coro=<raise_later\(\).*> "
                         r"exception=Failure\('bad'\)>$")

    def test_task_has_no_set_result(self):
        async def main():
            task = Coasync.create_task(return_later(1))
            with self.assertRaises(RuntimeError):
                task.set_result(2)
            with self.assertRaises(RuntimeError):
                task.set_exception(ValueError())
            return await task

        self.assertEqual(run(main()), 1)

    def test_context_copied_at_creation(self):
        var = contextvars.ContextVar('var', default='unset')

        async def child():
            seen = var.get()
            var.set('child')
            await Coasync.sleep(0)
            return seen, var.get()

        async def main():
            var.set('parent')
            task = Coasync.create_task(child())
            var.set('parent after creation')
            self.assertEqual(await task, ('parent', 'child'))
            self.assertEqual(var.get(), 'parent after creation')

        run(main())
        self.assertEqual(var.get(), 'unset')

    def test_create_task_with_context(self):
        var = contextvars.ContextVar('var', default='unset')

        async def child():
            seen = var.get()
            var.set('changed by the task')
            return seen

        async def main():
            context = contextvars.copy_context()
            context.run(var.set, 'given')
            self.assertEqual(await Coasync.create_task(child(), context=context), 'given')
            self.assertEqual(context[var], 'changed by the task')
            self.assertEqual(var.get(), 'unset')

        run(main())

    def test_create_task_needs_a_coroutine(self):
        async def main():
            with self.assertRaises(TypeError):
                Coasync.create_task(lambda: None)

        run(main())


class ThreadTest(unittest.TestCase):
    """to_thread() and run_coroutine_threadsafe()."""

    def test_to_thread_result(self):
        value = object()

        async def main():
            thread, result = await Coasync.to_thread(lambda v: (threading.get_ident(), v), value)
            self.assertNotEqual(thread, threading.get_ident())
            self.assertIs(result, value)

        run(main())

    def test_to_thread_keyword_arguments(self):
        async def main():
            return await Coasync.to_thread(lambda a, *, b: (a, b), 1, b=2)

        self.assertEqual(run(main()), (1, 2))

    def test_to_thread_exception_identity(self):
        exc = Failure('thread', 1)

        def fail():
            raise exc

        async def main():
            await Coasync.to_thread(fail)

        with self.assertRaises(Failure) as caught:
            run(main())
        self.assertIs(caught.exception, exc)

    def test_to_thread_context(self):
        var = contextvars.ContextVar('var', default='unset')

        def read_and_write():
            seen = var.get()
            var.set('thread')
            return seen

        async def main():
            var.set('caller')
            self.assertEqual(await Coasync.to_thread(read_and_write), 'caller')
            self.assertEqual(var.get(), 'caller')

        run(main())

    def test_to_thread_cancelled_keeps_thread_and_run_waits(self):
        started, release, finished = threading.Event(), threading.Event(), threading.Event()

        def work():
            started.set()
            release.wait(TEST_TIMEOUT)
            time.sleep(0.02)
            finished.set()

        async def main():
            task = Coasync.create_task(Coasync.to_thread(work))
            await until(started.is_set)
            task.cancel()
            with self.assertRaises(Coasync.CancelledError):
                await task
            self.assertFalse(finished.is_set())
            release.set()

        run(main())
        self.assertTrue(finished.is_set())

    def test_run_coroutine_threadsafe(self):
        exc = Failure('threadsafe', 1)

        async def on_loop(value):
            await Coasync.sleep(0.001)
            return value, threading.get_ident()

        async def main():
            loop = Coasync.get_running_loop()

            def from_thread():
                future = Coasync.run_coroutine_threadsafe(on_loop('sent'), loop)
                result = future.result(TEST_TIMEOUT)
                failed = Coasync.run_coroutine_threadsafe(raise_later(exc), loop)
                return result, failed.exception(TEST_TIMEOUT)

            (value, ran_on), error = await Coasync.to_thread(from_thread)
            self.assertEqual(value, 'sent')
            self.assertEqual(ran_on, threading.get_ident())
            self.assertIs(error, exc)

        run(main())

    def test_run_coroutine_threadsafe_cancel(self):
        started, cancelled = threading.Event(), threading.Event()

        async def on_loop():
            started.set()
            try:
                await pending_forever()
            except Coasync.CancelledError:
                cancelled.set()
                raise

        async def main():
            loop = Coasync.get_running_loop()

            def from_thread():
                future = Coasync.run_coroutine_threadsafe(on_loop(), loop)
                started.wait(TEST_TIMEOUT)
                return future.cancel(), cancelled.wait(TEST_TIMEOUT), future.cancelled()

            self.assertEqual(await Coasync.to_thread(from_thread), (True, True, True))

        run(main())

    def test_run_coroutine_threadsafe_needs_a_coroutine(self):
        async def main():
            with self.assertRaises(TypeError):
                Coasync.run_coroutine_threadsafe(lambda: None, Coasync.get_running_loop())

        run(main())


class MainLoopTest(unittest.TestCase):
    """Tasks on a GLib.MainLoop of the default context, without run()."""

    def test_tasks_from_idle_callback(self):
        main_loop = GLib.MainLoop()
        log = []

        async def quitter():
            log.append(await Coasync.create_task(return_later('child')))
            log.append(Coasync.current_task() is not None)
            main_loop.quit()

        def idle():
            loop = Coasync.get_running_loop()
            log.append(loop.is_running())
            log.append(isinstance(loop.create_task(quitter()), Coasync.Task))
            return GLib.SOURCE_REMOVE

        def give_up():
            log.append('timed out')
            main_loop.quit()
            return GLib.SOURCE_REMOVE

        GLib.idle_add(idle)
        timeout = GLib.timeout_add_seconds(TEST_TIMEOUT, give_up)
        main_loop.run()
        GLib.source_remove(timeout)
        self.assertEqual(log, [True, True, 'child', True])
        with self.assertRaises(RuntimeError):
            Coasync.get_running_loop()


class AsyncioInteropTest(unittest.TestCase):
    """A coroutine driven by CPython's asyncio awaits coasync futures."""

    def test_future_completed_from_thread(self):
        future = Coasync.Future()
        thread = threading.Thread(target=future.set_result, args=('from thread',))

        async def main():
            thread.start()
            return await future

        try:
            self.assertEqual(asyncio.run(main()), 'from thread')
        finally:
            thread.join()

    def test_future_completed_by_coasync_callback(self):
        exc = Failure('coasync callback', 1)

        async def main():
            future = Coasync.Future()
            C.sleep(0.005).add_done_callback(lambda _: future.set_exception(exc))
            with self.assertRaises(Failure) as caught:
                await future
            self.assertIs(caught.exception, exc)
            return await C.sleep(0.001)

        self.assertIsNone(asyncio.run(main()))

    def test_asyncio_tasks_run_meanwhile(self):
        async def main():
            future = Coasync.Future()
            C.sleep(0.02).add_done_callback(lambda _: future.set_result('done'))
            ticks = []

            async def ticker():
                while not future.done():
                    ticks.append(None)
                    await asyncio.sleep(0.001)

            ticking = asyncio.create_task(ticker())
            result = await future
            await ticking
            self.assertGreater(len(ticks), 1)
            return result

        self.assertEqual(asyncio.run(main()), 'done')

    def test_future_of_a_run_in_another_thread(self):
        handed_over = threading.Event()
        futures = []

        async def coasync_main():
            future = Coasync.get_running_loop().create_future()
            futures.append(future)
            handed_over.set()
            await Coasync.sleep(0.01)
            future.set_result('from the other run')
            await Coasync.sleep(0.01)

        async def asyncio_main():
            await asyncio.to_thread(handed_over.wait, TEST_TIMEOUT)
            return await futures[0]

        thread = threading.Thread(target=run, args=(coasync_main(),))
        thread.start()
        try:
            self.assertEqual(asyncio.run(asyncio_main()), 'from the other run')
        finally:
            thread.join()


# -- TAP output ---------------------------------------------------------------------

class TapResult(unittest.TestResult):
    """Prints one TAP line per test; an expected failure is a TODO."""

    def __init__(self):
        super().__init__()
        self.number = 0

    def startTest(self, test):
        super().startTest(test)
        faulthandler.dump_traceback_later(TEST_TIMEOUT, exit=True)

    def stopTest(self, test):
        faulthandler.cancel_dump_traceback_later()
        super().stopTest(test)

    def report(self, ok, test, directive='', details=''):
        self.number += 1
        name = test.id().removeprefix('__main__.')
        print(f"{'ok' if ok else 'not ok'} {self.number} - {name}{directive}")
        if details:
            for line in details.rstrip().splitlines():
                print(f'# {line}')
        sys.stdout.flush()

    def addSuccess(self, test):
        super().addSuccess(test)
        self.report(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.report(False, test, details=self.failures[-1][1])

    def addError(self, test, err):
        super().addError(test, err)
        self.report(False, test, details=self.errors[-1][1])

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.report(True, test, f' # SKIP {reason}')

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.report(False, test, ' # TODO known bug', self.expectedFailures[-1][1])

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.report(True, test, ' # TODO known bug fixed? drop expectedFailure')


def main():
    names = sys.argv[1:]
    loader = unittest.TestLoader()
    if names:
        suite = loader.loadTestsFromNames(names, sys.modules[__name__])
    else:
        suite = loader.loadTestsFromModule(sys.modules[__name__])
    print(f'1..{suite.countTestCases()}', flush=True)
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main())
