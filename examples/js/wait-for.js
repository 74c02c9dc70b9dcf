// wait-for.js: "Coroutines and Tasks", section "Timeouts": waiting for an
// awaitable with a timeout, with waitFor().
//
// The JavaScript version of examples/python/wait-for.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* eternity() {
    // Sleep for one hour
    yield coasync.sleep(scaled(3600));
    print('yay!');
}

function* main() {
    // Wait for at most 1 second. waitFor() runs the generator as a task; on
    // timeout it cancels the task, waits until it has actually finished
    // cancelling, and then throws TIMED_OUT: "yay!" is never printed.
    try {
        yield coasync.waitFor(eternity(), scaled(1.0));
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
        print('timeout!');
    }
}

coasync.run(main());
