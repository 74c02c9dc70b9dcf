// wait.js: "Coroutines and Tasks", section "Waiting Primitives": waiting
// for a set of tasks with Coasync.wait(), and finding a task in the done
// set.
//
// The JavaScript version of examples/python/wait.py. The documentation
// gives the usage, `done, pending = await asyncio.wait(aws)`, and the
// snippet that finds a task in the done set, in main() here. The rest of
// main() goes through the three return_when constants and the timeout,
// which returns the tasks not done yet in the second set instead of
// raising or cancelling them.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync, repr, scaled, str} from './example.js';

// Python's ValueError, which repr() shows by its name.
class ValueError extends Error {
    name = 'ValueError';
}

function* foo() {
    return 42;
}

function* say(delay, what) {
    yield coasync.sleep(scaled(delay));
    return what;
}

function* fail(delay, message) {
    yield coasync.sleep(scaled(delay));
    throw new ValueError(message);
}

// asyncio.wait(): the done and pending futures, once the wait is over.
// They are the very futures given.
function* wait(futures, {timeout = Infinity, returnWhen = Coasync.ReturnWhen.ALL_COMPLETED} = {}) {
    const waiting = Coasync.wait(futures, timeout, returnWhen);
    yield waiting;
    return [Coasync.wait_get_done(waiting), Coasync.wait_get_pending(waiting)];
}

function* main() {
    const task = coasync.createTask(foo());
    let [done, pending] = yield* wait([task]);
    if (done.includes(task)) {
        // Everything will work as expected now.
        print(`foo() is done: ${task.result()}`);
    }

    const fast = coasync.createTask(say(1, 'fast'));
    const slow = coasync.createTask(say(5, 'slow'));
    [done, pending] = yield* wait([fast, slow], {returnWhen: Coasync.ReturnWhen.FIRST_COMPLETED});
    print(`first completed: ${str(done.map(t => t.result()))}, ${pending.length} pending`);

    // A timeout is no error, and cancels nothing: slow is simply pending.
    [done, pending] = yield* wait(pending, {timeout: scaled(1)});
    print(`timed out: ${done.length} done, ${pending.length} pending, ` +
          `slow cancelled: ${str(slow.cancelled())}`);

    const failing = coasync.createTask(fail(1, 'boom'));
    [done, pending] = yield* wait([slow, failing], {returnWhen: Coasync.ReturnWhen.FIRST_EXCEPTION});
    print(`first exception: ${repr(failing.exception())}, ${pending.length} pending`);

    [done, pending] = yield* wait(pending);
    print(`all completed: ${str(done.map(t => t.result()))}, ${pending.length} pending`);
}

coasync.run(main());
