// test-timeout.js: timeout(), timeoutAt() and waitFor() (the TMO and WF
// scenarios of the conformance catalogue, and TG-16).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {
    createTask, isTimeoutError, run, sleep, taskGroup, timeout, timeoutAt, waitFor,
} from '../../bindings/gjs/coasync.js';
import {Trace, pyBool, repr, runTests, sleeper, test} from './tap.js';

test('TMO-01: expiry cancels the body and raises TIMED_OUT', () => {
    const trace = new Trace();
    run(function* () {
        const task = Coasync.current_task();
        let cm;
        try {
            yield* timeout(0.02, function* (timeoutCm) {
                cm = timeoutCm;
                yield* sleeper(trace, 'body');
            });
        } catch (error) {
            trace.add(`raised:${repr(error)}`);
        }
        trace.add(`expired=${pyBool(cm.expired())} cancelling=${task.cancelling()} ` +
                  `task.cancelled=${pyBool(task.cancelled())}`);
    }());
    trace.assert('body:CancelledError() | raised:TimeoutError() | ' +
                 'expired=True cancelling=0 task.cancelled=False');
});

test('TMO-02: no expiry; null; timeoutAt()', () => {
    const trace = new Trace();
    run(function* () {
        const value = yield* timeout(1, function* (cm) {
            yield sleep(0);
            trace.add(`no-error expired=${pyBool(cm.expired())} ` +
                      `when>now=${pyBool(cm.when() > Coasync.time())}`);
            return 'value';
        });
        trace.add(`value='${value}'`);
        yield* timeout(null, function* (cm) {
            yield sleep(0);
            trace.add(`null: when=${cm.when()} expired=${pyBool(cm.expired())}`);
        });
        const deadline = Coasync.time() + 1;
        yield* timeoutAt(deadline, function* (cm) {
            trace.add(`timeoutAt.when==deadline=${pyBool(cm.when() === deadline)}`);
            yield sleep(0);
        });
    }());
    trace.assert("no-error expired=False when>now=True | value='value' | " +
                 'null: when=Infinity expired=False | timeoutAt.when==deadline=True');
});

test('TMO-05: nested timeouts, the outer one shorter', () => {
    const trace = new Trace();
    run(function* () {
        let outer, inner;
        try {
            yield* timeout(0.02, function* (outerCm) {
                outer = outerCm;
                try {
                    yield* timeout(1, function* (innerCm) {
                        inner = innerCm;
                        yield sleep(1);
                    });
                } catch (error) {
                    trace.add(`inner-cm:propagates ${repr(error)}`);
                    throw error;
                }
            });
        } catch (error) {
            trace.add(`outer:${repr(error)}`);
        }
        trace.add(`outer.expired=${pyBool(outer.expired())} inner.expired=${pyBool(inner.expired())}`);
    }());
    trace.assert('inner-cm:propagates CancelledError() | outer:TimeoutError() | ' +
                 'outer.expired=True inner.expired=False');
});

test('TMO-07: a cancellation from outside is not a timeout', () => {
    const trace = new Trace();
    run(function* () {
        const task = Coasync.current_task();
        let cm;
        try {
            yield* timeout(1, function* (timeoutCm) {
                cm = timeoutCm;
                task.cancel('ext');
                yield sleep(0.01);
            });
        } catch (error) {
            trace.add(`raised:${repr(error)}`);
        }
        trace.add(`expired=${pyBool(cm.expired())} cancelling=${task.cancelling()}`);
    }());
    trace.assert("raised:CancelledError('ext') | expired=False cancelling=1");
});

test('TMO-11: a body that swallows the cancellation of the timeout', () => {
    const trace = new Trace();
    run(function* () {
        const task = Coasync.current_task();
        let cm;
        yield* timeout(0.01, function* (timeoutCm) {
            cm = timeoutCm;
            try {
                yield sleep(1);
            } catch (error) {
                trace.add(`body:swallowed cancelling=${task.cancelling()}`);
            }
        });
        trace.add(`no-TimeoutError expired=${pyBool(cm.expired())} cancelling=${task.cancelling()}`);
    }());
    trace.assert('body:swallowed cancelling=1 | no-TimeoutError expired=True cancelling=0');
});

test('TG-16: a task group inside a timeout raises TIMED_OUT', () => {
    const trace = new Trace();
    run(function* () {
        try {
            yield* timeout(0.02, function* () {
                yield* taskGroup(function* (tg) {
                    tg.createTask(sleeper(trace, 'child'));
                    yield sleep(1);
                });
            });
        } catch (error) {
            trace.add(`raised:${repr(error)} cancelling=${Coasync.current_task().cancelling()}`);
        }
    }());
    trace.assert('child:CancelledError() | raised:TimeoutError() cancelling=0');
});

test('WF-01 and wait_for expiry: the awaitable is cancelled, TIMED_OUT raised', () => {
    const trace = new Trace();
    run(function* () {
        function* quick() {
            yield sleep(0);
            return 'done';
        }
        trace.add(`result='${yield waitFor(quick(), 1)}'`);
        trace.add(`null='${yield waitFor(quick(), null)}'`);
        const eternity = createTask(sleeper(trace, 'eternity'));
        try {
            yield waitFor(eternity, 0.01);
        } catch (error) {
            trace.add(`timeout=${pyBool(isTimeoutError(error))} ` +
                      `cancelled=${pyBool(eternity.cancelled())}`);
        }
    }());
    trace.assert("result='done' | null='done' | eternity:CancelledError() | " +
                 'timeout=True cancelled=True');
});

runTests();
