// shield.js: "Coroutines and Tasks", section "Shielding From Cancellation":
// a task protected from the cancellation of its caller, which ignores the
// cancellation with try/catch.
//
// The JavaScript version of examples/python/shield.py. The section has no
// complete program. This one cancels the caller while it waits: its await
// fails, the task running something() goes on.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled, str} from './example.js';

function* something() {
    yield coasync.sleep(scaled(2));
    print('something(): finished');
    return 42;
}

function* caller(task) {
    let res;
    try {
        res = yield coasync.shield(task);
    } catch (error) {
        if (!coasync.isCancelledError(error))
            throw error;
        res = null;
    }
    print(`caller(): res = ${str(res)}`);
}

function* main() {
    // Save a reference to the task passed to shield()
    const task = coasync.createTask(something());
    const waiter = coasync.createTask(caller(task));
    yield coasync.sleep(scaled(1));
    waiter.cancel();
    yield waiter;
    print(`main(): something() cancelled: ${str(task.cancelled())}`);
    print(`main(): res = ${yield task}`);
}

coasync.run(main());
