// test-gather.js: gather() and shield() (the GAT and SHD scenarios of the
// conformance catalogue).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {createTask, gather, run, shield, sleep} from '../../bindings/gjs/coasync.js';
import {Trace, pyBool, repr, runTests, test} from './tap.js';

// Sleeps @delay seconds, notes it is done and returns @value.
function* after(trace, delay, value) {
    yield sleep(delay);
    trace.add(`done:${value}`);
    return value;
}

// Python's repr of a list of strings.
function pyList(values) {
    return `[${values.map(v => `'${v}'`).join(', ')}]`;
}

test('GAT-01: results come back in argument order', () => {
    const trace = new Trace();
    run(function* () {
        const result = yield gather([after(trace, 0.05, 'a'), after(trace, 0.01, 'b'),
            after(trace, 0.03, 'c')]);
        trace.add(`result=${pyList(result)}`);
    }());
    trace.assert("done:b | done:c | done:a | result=['a', 'b', 'c']");
});

test('GAT-02: the first error propagates while the others keep running', () => {
    const trace = new Trace();
    run(function* () {
        const b = createTask(after(trace, 0.05, 'b'));
        const g = gather([function* () {
            yield sleep(0.01);
            throw new RangeError('v');
        }(), b]);
        try {
            yield g;
        } catch (error) {
            trace.add(`await:${repr(error)}`);
        }
        trace.add(`b.done=${pyBool(b.done())} g.done=${pyBool(g.done())}`);
        trace.add(`g.cancel=${pyBool(g.cancel())} b.cancelled=${pyBool(b.cancelled())}`);
        trace.add(`b='${yield b}'`);
    }());
    trace.assert("await:RangeError('v') | b.done=False g.done=True | " +
                 "g.cancel=False b.cancelled=False | done:b | b='b'");
});

test('GAT-04 and GAT-05: an empty gather; one generator given several times', () => {
    const trace = new Trace();
    run(function* () {
        const empty = gather([]);
        trace.add(`done_immediately=${pyBool(empty.done())} result=${pyList(yield empty)}`);
        const co = after(trace, 0, 'abc');
        trace.add(`result=${pyList(yield gather([co, co, after(trace, 0, 'def'), co]))}`);
    }());
    trace.assert('done_immediately=True result=[] | done:abc | done:def | ' +
                 "result=['abc', 'abc', 'def', 'abc']");
});

test('returnExceptions lists the errors, JavaScript ones unchanged', () => {
    const trace = new Trace();
    const exc = new TypeError('t');
    run(function* () {
        const cancelled = Coasync.Future.new();
        cancelled.cancel('fm');
        const results = yield gather([after(trace, 0.01, 'ok'), function* () {
            yield sleep(0);
            throw exc;
        }(), cancelled], {returnExceptions: true});
        trace.add(`'${results[0]}' | ${repr(results[1])} same=${pyBool(results[1] === exc)} | ` +
                  `${repr(results[2])}`);
    }());
    trace.assert("done:ok | 'ok' | TypeError('t') same=True | CancelledError('fm')");
});

test('GAT-07: cancelling the gather cancels the children', () => {
    const trace = new Trace();
    run(function* () {
        const a = createTask(after(trace, 1, 'a'));
        const b = createTask(after(trace, 1, 'b'));
        const g = gather([a, b]);
        yield sleep(0);
        trace.add(`g.cancel=${pyBool(g.cancel('gm'))}`);
        try {
            yield g;
        } catch (error) {
            trace.add(`await:${repr(error)}`);
        }
        trace.add(`g.cancelled=${pyBool(g.cancelled())} ` +
                  `a.cancelled=${pyBool(a.cancelled())} b.cancelled=${pyBool(b.cancelled())}`);
    }());
    trace.assert("g.cancel=True | await:CancelledError('gm') | " +
                 'g.cancelled=False a.cancelled=True b.cancelled=True');
});

test('SHD-01: a shielded task survives the cancellation of its awaiter', () => {
    const trace = new Trace();
    run(function* () {
        const inner = createTask(after(trace, 0.05, 5));
        const outer = createTask(function* () {
            try {
                yield shield(inner);
            } catch (error) {
                trace.add(`outer:${repr(error)}`);
                throw error;
            }
        }());
        yield sleep(0.01);
        outer.cancel();
        try {
            yield outer;
        } catch (error) {
            trace.add(`awaiter:${repr(error)}`);
        }
        trace.add(`inner=${yield inner} inner.cancelled=${pyBool(inner.cancelled())} ` +
                  `outer.cancelled=${pyBool(outer.cancelled())}`);
    }());
    trace.assert('outer:CancelledError() | awaiter:CancelledError() | done:5 | ' +
                 'inner=5 inner.cancelled=False outer.cancelled=True');
});

runTests();
