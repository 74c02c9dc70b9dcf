// test-task-group.js: taskGroup(), asyncio's `async with TaskGroup()`, for
// generator bodies (the TG scenarios of the conformance catalogue).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {createTask, run, sleep, taskGroup} from '../../bindings/gjs/coasync.js';
import {Trace, assertEqual, pyBool, repr, runTests, sleeper, test} from './tap.js';

// A member that sleeps @delay seconds, then returns @value.
function* child(trace, name, delay, value) {
    yield sleep(delay);
    trace.add(`${name}:done`);
    return value;
}

// A member that fails with ValueError(@message) after @delay seconds.
function* failing(delay, message) {
    yield sleep(delay);
    const error = new Error(message);
    error.name = 'ValueError';
    throw error;
}

test('TG-01: the exit waits for every member', () => {
    const trace = new Trace();
    run(function* () {
        let c1, c2;
        yield* taskGroup(function* (tg) {
            c1 = tg.createTask(child(trace, 'child1', 0.02, 1));
            c2 = tg.createTask(child(trace, 'child2', 0.01, 2));
            trace.add('body:end');
        });
        trace.add(`exited results=${c1.result()},${c2.result()}`);
    }());
    trace.assert('body:end | child2:done | child1:done | exited results=1,2');
});

test('TG-02: a failing member cancels its siblings and the body', () => {
    const trace = new Trace();
    run(function* () {
        const parent = Coasync.current_task();
        let sibling;
        try {
            yield* taskGroup(function* (tg) {
                tg.createTask(failing(0.01, 'a'));
                sibling = tg.createTask(sleeper(trace, 'sibling'));
                yield* sleeper(trace, 'body');
                trace.add('body:not reached');
            });
        } catch (error) {
            trace.add(`raised:${repr(error)}`);
        }
        trace.add(`sibling.cancelled=${pyBool(sibling.cancelled())} ` +
                  `parent.cancelling=${parent.cancelling()}`);
    }());
    trace.assert('sibling:CancelledError() | body:CancelledError() | ' +
                 "raised:ExceptionGroup[ValueError('a')] | sibling.cancelled=True parent.cancelling=0");
});

test('TG-04: the error of the body goes into the group, the members are cancelled', () => {
    const trace = new Trace();
    run(function* () {
        let quiet;
        try {
            yield* taskGroup(function* (tg) {
                quiet = tg.createTask(sleeper(trace, 'quiet'));
                yield sleep(0);
                const error = new Error('body2');
                error.name = 'ValueError';
                throw error;
            });
        } catch (error) {
            trace.add(`raised:${repr(error)} quiet.cancelled=${pyBool(quiet.cancelled())}`);
        }
    }());
    trace.assert("quiet:CancelledError() | raised:ExceptionGroup[ValueError('body2')] quiet.cancelled=True");
});

test('TG-17: a member fails while the group waits in its exit', () => {
    const trace = new Trace();
    run(function* () {
        let sibling;
        try {
            yield* taskGroup(function* (tg) {
                tg.createTask(failing(0.01, 'v'));
                sibling = tg.createTask(sleeper(trace, 'sibling'));
                trace.add('body:end');
            });
        } catch (error) {
            trace.add(`raised:${repr(error)}`);
        }
        trace.add(`sibling.cancelled=${pyBool(sibling.cancelled())}`);
        yield sleep(0);
        trace.add('later-await:ok');
    }());
    trace.assert("body:end | sibling:CancelledError() | raised:ExceptionGroup[ValueError('v')] | " +
                 'sibling.cancelled=True | later-await:ok');
});

test('TG-20: an empty group, member names, the value of the body', () => {
    const trace = new Trace();
    run(function* () {
        trace.add(`empty-group:${yield* taskGroup(function* () {
            return 'ok';
        })}`);
        yield* taskGroup(function* (tg) {
            const named = tg.createTask(child(trace, 'child', 0, 'named'), {name: 'yolo'});
            trace.add(`name=${named.get_name()}`);
        });
    }());
    trace.assert('empty-group:ok | name=yolo | child:done');
});

test('a cancellation of the parent from outside cancels the members', () => {
    const trace = new Trace();
    run(function* () {
        let member;
        const runner = createTask(function* () {
            yield* taskGroup(function* (tg) {
                member = tg.createTask(sleeper(trace, 'member'));
            });
        }());
        yield sleep(0.01);
        runner.cancel();
        try {
            yield runner;
        } catch (error) {
            trace.add(`awaiter:${repr(error)}`);
        }
        trace.add(`runner.cancelled=${pyBool(runner.cancelled())} ` +
                  `member.cancelled=${pyBool(member.cancelled())}`);
    }());
    trace.assert('member:CancelledError() | awaiter:CancelledError() | ' +
                 'runner.cancelled=True member.cancelled=True');
});

test('TG-23: a task group needs a task', () => {
    try {
        taskGroup(function* () {}).next();
    } catch (error) {
        assertEqual(error.matches(Coasync.Error, Coasync.Error.NO_TASK), true);
        return;
    }
    throw new Error('a task group was entered outside a task');
});

runTests();
