// test-await.js: `await` on Coasync futures and tasks in async functions,
// on the default main context as in an application.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import System from 'system';
import Coasync from 'gi://Coasync?version=1.0';

import {createTask, gather, isCancelledError, sleep} from '../../bindings/gjs/coasync.js';
import {Trace, assertEqual, repr, runTests, test} from './tap.js';

// A future completed by the main loop after @ms milliseconds.
function completeLater(ms, complete) {
    const future = Coasync.Future.new();
    GLib.timeout_add(GLib.PRIORITY_DEFAULT, ms, () => {
        complete(future);
        return GLib.SOURCE_REMOVE;
    });
    return future;
}

test('awaiting a future gives its result', async () => {
    assertEqual(await completeLater(10, f => f.set_result('done')), 'done');
    assertEqual(await sleep(0.01), undefined);
});

test('awaiting a failed or cancelled future throws its error', async () => {
    const trace = new Trace();
    const error = new GLib.Error(Coasync.Error, Coasync.Error.INVALID_STATE, 'failed');
    for (const future of [completeLater(10, f => f.set_error(error)),
        completeLater(10, f => f.cancel('stop'))]) {
        try {
            await future;
        } catch (thrown) {
            trace.add(repr(thrown));
        }
    }
    trace.assert("GLib.Error('failed') | CancelledError('stop')");
});

test('awaiting a task gives its value, or throws its exception', async () => {
    const exc = new RangeError('boom');
    const task = createTask(function* () {
        yield sleep(0.01);
        return {answer: 42};
    }());
    assertEqual(await task, {answer: 42});
    try {
        await createTask(function* () {
            yield sleep(0);
            throw exc;
        }());
    } catch (error) {
        assertEqual(error === exc, true);
        return;
    }
    throw new Error('the failed task was not thrown');
});

test('a cancelled task throws the cancellation to its awaiters', async () => {
    const task = createTask(function* () {
        yield sleep(1);
    }());
    await sleep(0.01);
    task.cancel('from JS');
    try {
        await task;
    } catch (error) {
        assertEqual([isCancelledError(error), error.message, task.cancelled()],
            [true, 'from JS', true]);
        return;
    }
    throw new Error('the cancelled task was not thrown');
});

test('then() chains like a promise, and many awaiters share a future', async () => {
    const future = completeLater(10, f => f.set_result(20));
    const results = await Promise.all([future.then(v => v + 1), future, future.then(v => v * 2)]);
    assertEqual(results, [21, 20, 40]);
});

test('awaiting gather() gives the results in order', async () => {
    function* after(delay, value) {
        yield sleep(delay);
        return value;
    }
    assertEqual(await gather([after(0.03, 'a'), after(0.01, 'b'), after(0.02, 'c')]),
        ['a', 'b', 'c']);
});

test('values held only by C code survive a garbage collection', async () => {
    const futures = [];
    for (let i = 0; i < 50; i++) {
        const future = Coasync.Future.new();
        future.set_result({index: i});
        futures.push(future);
    }
    System.gc();
    const values = await Promise.all(futures);
    assertEqual(values.every((value, i) => value.index === i), true);
});

runTests();
