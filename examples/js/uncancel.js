// uncancel.js: "Coroutines and Tasks", section "Task Object",
// Task.uncancel(): the timeout cancels only the block it limits, and the
// code after it goes on running.
//
// The JavaScript version of examples/python/uncancel.py. The documentation
// leaves the functions that make_request_with_timeout() calls to the
// reader: the first request is quick, the second never ends.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function log(message) {
    print(message);
}

function* makeRequest() {
    print('make_request(): done');
}

function* makeAnotherRequest() {
    yield coasync.sleep(scaled(3600));
}

function* unrelatedCode() {
    yield coasync.sleep(scaled(1));
    print('unrelated_code(): done');
}

function* makeRequestWithTimeout() {
    try {
        yield* coasync.timeout(scaled(1), function* () {
            // Structured block affected by the timeout:
            yield* makeRequest();
            yield* makeAnotherRequest();
        });
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
        log('There was a timeout');
    }
    // Outer code not affected by the timeout:
    yield* unrelatedCode();
}

coasync.run(makeRequestWithTimeout());
