// say-after-concurrent.js: "Coroutines and Tasks", section "Coroutines":
// the two say_after() coroutines run concurrently with createTask().
//
// The JavaScript version of examples/python/say-after-concurrent.py. The
// documentation shows only main(): sayAfter() and the call of run() are
// those of the example before it, say-after.js.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, printTime, scaled} from './example.js';

function* sayAfter(delay, what) {
    yield coasync.sleep(scaled(delay));
    print(what);
}

function* main() {
    const task1 = coasync.createTask(sayAfter(1, 'hello'));
    const task2 = coasync.createTask(sayAfter(2, 'world'));

    printTime('started at');

    // Wait until both tasks are completed (should take around 2 seconds.)
    yield task1;
    yield task2;

    printTime('finished at');
}

coasync.run(main());
