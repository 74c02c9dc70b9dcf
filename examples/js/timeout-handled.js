// timeout-handled.js: "Coroutines and Tasks", section "Timeouts": catching
// the TimeoutError of asyncio.timeout(), with coasync.timeout().
//
// The JavaScript version of examples/python/timeout-handled.py. The
// documentation leaves long_running_task() to the reader: this one takes
// an hour, so the timeout expires.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* longRunningTask() {
    yield coasync.sleep(scaled(3600));
}

function* main() {
    try {
        // At the deadline the block's await is cancelled, and timeout()
        // throws TIMED_OUT instead.
        yield* coasync.timeout(scaled(10), function* () {
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
