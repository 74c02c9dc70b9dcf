// shield-coroutine.js: "Coroutines and Tasks", section "Shielding From
// Cancellation", as in the documentation of Python 3.7 to 3.10: shield()
// given a coroutine schedules it as a task, which the cancellation of the
// caller does not cancel.
//
// The JavaScript version of examples/python/shield-coroutine.py. The
// section has no complete program. This one cancels the caller while it
// waits, then leaves something() the time to finish. The documentation
// uses shield() and CancelledError unqualified, as if imported from the
// module.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled, str} from './example.js';

const {shield, isCancelledError} = coasync;

function* something() {
    yield coasync.sleep(scaled(2));
    print('something(): finished');
    return 42;
}

function* caller() {
    let res;
    try {
        res = yield shield(something());
    } catch (error) {
        if (!isCancelledError(error))
            throw error;
        res = null;
    }
    print(`caller(): res = ${str(res)}`);
}

function* main() {
    const waiter = coasync.createTask(caller());
    yield coasync.sleep(scaled(1));
    waiter.cancel();
    yield waiter;
    yield coasync.sleep(scaled(2));
}

coasync.run(main());
