// timeout.js: "Coroutines and Tasks", section "Timeouts": the first example
// of asyncio.timeout(), with coasync.timeout().
//
// The JavaScript version of examples/python/timeout.py. The documentation
// leaves long_running_task() to the reader: this one is done well before
// the deadline, so the timeout never expires.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* longRunningTask() {
    yield coasync.sleep(scaled(1));
    print('long_running_task(): done');
}

function* main() {
    // `async with asyncio.timeout(10):` is a yield* of timeout() with the
    // block as a generator function.
    yield* coasync.timeout(scaled(10), function* () {
        yield* longRunningTask();
    });
}

coasync.run(main());
