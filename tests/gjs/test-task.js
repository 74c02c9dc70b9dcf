// test-task.js: generator task bodies, run() and createTask(), and the
// cancellation delivered at a yield (the TSK, CAN and SLP scenarios of the
// conformance catalogue).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Coasync from 'gi://Coasync?version=1.0';

import {createTask, isCancelledError, run, sleep} from '../../bindings/gjs/coasync.js';
import {Trace, assertEqual, pyBool, repr, runTests, test} from './tap.js';

test('run() returns the value of the body, yield* awaits a generator', () => {
    function* nested() {
        yield sleep(0);
        return 42;
    }
    assertEqual(run(function* () {
        return (yield* nested()) + 1;
    }()), 43);
});

test('run() throws the error of the body, the same object', () => {
    const error = new RangeError('boom');
    try {
        run(function* () {
            yield sleep(0);
            throw error;
        }());
    } catch (thrown) {
        assertEqual(thrown === error, true);
        return;
    }
    throw new Error('run() did not throw');
});

test('values of any type come back unchanged', () => {
    const object = {list: [1, 'two', null]};
    const values = [object, [1, 2], null, 'text', 2.5, 7, true];
    run(function* () {
        for (const value of values) {
            const task = createTask(function* () {
                yield sleep(0);
                return value;
            }());
            assertEqual((yield task) === value, true);
        }
        assertEqual(yield createTask(function* () {}()), undefined);
    }());
});

test('TSK-01: tasks start in creation order, after the creator yields', () => {
    const trace = new Trace();
    run(function* () {
        for (const name of ['A', 'B', 'C'])
            createTask(function* () {
                trace.add(`${name}:start`);
            }());
        trace.add('main:continues');
        yield sleep(0);
        trace.add('main:resumed');
    }());
    trace.assert('main:continues | A:start | B:start | C:start | main:resumed');
});

test('TSK-02: a result, and an error thrown through the await', () => {
    const trace = new Trace();
    const exc = new TypeError('boom');
    run(function* () {
        const ok = createTask(function* () {
            yield sleep(0);
            return 7;
        }());
        const bad = createTask(function* () {
            yield sleep(0);
            throw exc;
        }());
        trace.add(`await=${yield ok}`);
        trace.add(`done=${pyBool(ok.done())} cancelled=${pyBool(ok.cancelled())}`);
        try {
            yield bad;
        } catch (error) {
            trace.add(`await:${repr(error)} same=${pyBool(error === exc)}`);
        }
    }());
    trace.assert("await=7 | done=True cancelled=False | await:TypeError('boom') same=True");
});

test('TSK-04 and TSK-08: names, and bodies that are not generators', () => {
    run(function* () {
        const task = createTask(function* () {}(), {name: 'worker'});
        assertEqual(task.get_name(), 'worker');
        assertEqual(/^Task-\d+$/.test(createTask(function* () {}()).get_name()), true);
        yield sleep(0);
    }());
    for (const body of [() => 1, async function () {}, 42]) {
        try {
            createTask(body);
        } catch (error) {
            assertEqual(error instanceof TypeError, true);
            continue;
        }
        throw new Error(`createTask(${body}) did not throw`);
    }
});

test('a yield of something else than a future throws TypeError there', () => {
    const trace = new Trace();
    run(function* () {
        for (const value of [5, function* () {}()]) {
            try {
                yield value;
            } catch (error) {
                trace.add(error.constructor.name);
            }
        }
    }());
    trace.assert('TypeError | TypeError');
});

test('CAN-01: a cancellation arrives at the yield, cleanup runs, re-raising cancels', () => {
    const trace = new Trace();
    run(function* () {
        const fut = Coasync.Future.new();
        const task = createTask(function* () {
            try {
                yield fut;
            } catch (error) {
                trace.add(`task:caught ${repr(error)}`);
                throw error;
            } finally {
                trace.add('task:finally');
            }
        }());
        yield sleep(0);
        trace.add(`cancel=${pyBool(task.cancel())}`);
        trace.add(`fut.cancelled=${pyBool(fut.cancelled())}`);
        try {
            yield task;
        } catch (error) {
            trace.add(`awaiter:${repr(error)}`);
        }
        trace.add(`task.cancelled=${pyBool(task.cancelled())}`);
    }());
    trace.assert('cancel=True | fut.cancelled=True | task:caught CancelledError() | ' +
                 'task:finally | awaiter:CancelledError() | task.cancelled=True');
});

test('CAN-04 and CAN-05: a body that swallows the cancellation, or converts it', () => {
    const trace = new Trace();
    run(function* () {
        const swallow = createTask(function* () {
            try {
                yield sleep(1);
            } catch (error) {
                trace.add('swallowed');
                return 'value';
            }
        }());
        const convert = createTask(function* () {
            try {
                yield sleep(1);
            } catch (error) {
                throw new RangeError('converted');
            }
        }());
        yield sleep(0);
        swallow.cancel();
        convert.cancel();
        trace.add(`await='${yield swallow}'`);
        trace.add(`cancelled=${pyBool(swallow.cancelled())} cancelling=${swallow.cancelling()}`);
        try {
            yield convert;
        } catch (error) {
            trace.add(`awaiter:${repr(error)} cancelled=${pyBool(convert.cancelled())}`);
        }
    }());
    trace.assert("swallowed | await='value' | cancelled=False cancelling=1 | " +
                 "awaiter:RangeError('converted') cancelled=False");
});

test('SLP-01 and SLP-04: sleep(0) yields one tick, a cancelled sleep', () => {
    const trace = new Trace();
    run(function* () {
        function* ticker(name) {
            for (let i = 0; i < 3; i++) {
                trace.add(`${name}${i}`);
                yield sleep(0);
            }
        }
        const a = createTask(ticker('A'));
        const b = createTask(ticker('B'));
        yield a;
        yield b;

        const sleeper = createTask(function* () {
            try {
                yield sleep(1);
            } catch (error) {
                trace.add(`sleep:${repr(error)}`);
                throw error;
            }
        }());
        yield sleep(0);
        sleeper.cancel('stop');
        try {
            yield sleeper;
        } catch (error) {
            trace.add(`cancelled=${pyBool(isCancelledError(error) && sleeper.cancelled())}`);
        }
    }());
    trace.assert("A0 | B0 | A1 | B1 | A2 | B2 | sleep:CancelledError('stop') | cancelled=True");
});

test('run() cancels the tasks left when the main task ends', () => {
    const trace = new Trace();
    run(function* () {
        createTask(function* () {
            try {
                yield sleep(1);
            } finally {
                trace.add('left:cleaned up');
            }
        }());
        yield sleep(0);
        trace.add('main:end');
    }());
    trace.assert('main:end | left:cleaned up');
});

test('outside run(), a task runs on the default main context', async () => {
    const task = createTask(function* () {
        yield sleep(0.01);
        return GLib.MainContext.get_thread_default();
    }());
    assertEqual(await task, null);
    assertEqual(run(function* () {
        yield sleep(0);
        return GLib.MainContext.get_thread_default() !== null;
    }()), true);
});

runTests();
