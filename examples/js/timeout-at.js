// timeout-at.js: "Coroutines and Tasks", section "Timeouts": an absolute
// deadline, with coasync.timeoutAt().
//
// The JavaScript version of examples/python/timeout-at.py. The
// documentation leaves long_running_task() to the reader: this one takes
// an hour, so the timeout expires.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync, scaled} from './example.js';

function* longRunningTask() {
    yield coasync.sleep(scaled(3600));
}

function* main() {
    // Coasync.time() is the loop's clock, as loop.time().
    const deadline = Coasync.time() + scaled(20);
    try {
        yield* coasync.timeoutAt(deadline, function* () {
            yield* longRunningTask();
        });
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
        print("The long operation timed out, but we've handled it.");
    }

    print('This statement will run regardless.');
}

coasync.run(main());
