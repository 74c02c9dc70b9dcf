// timeout-reschedule.js: "Coroutines and Tasks", section "Timeouts", class
// asyncio.Timeout: a timeout made without a deadline, rescheduled once the
// deadline is known, and inspected after it.
//
// The JavaScript version of examples/python/timeout-reschedule.py. The
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
    // cm outlives the block: it is inspected after it.
    let cm;
    try {
        // We do not know the timeout when starting, so we pass null.
        yield* coasync.timeout(null, function* (timeoutCm) {
            cm = timeoutCm;
            // We know the timeout now, so we reschedule it. Coasync.time()
            // is the loop's clock, as loop.time().
            const newDeadline = Coasync.time() + scaled(10);
            cm.reschedule(newDeadline);

            yield* longRunningTask();
        });
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
    }

    if (cm.expired())
        print("Looks like we haven't finished on time.");
}

coasync.run(main());
