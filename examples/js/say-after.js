// say-after.js: "Coroutines and Tasks", section "Coroutines": awaiting on a
// coroutine. Prints "hello" after waiting for 1 second, and then "world"
// after waiting for another 2 seconds.
//
// The JavaScript version of examples/python/say-after.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, printTime, scaled} from './example.js';

function* sayAfter(delay, what) {
    yield coasync.sleep(scaled(delay));
    print(what);
}

function* main() {
    printTime('started at');
    // Each yield* returns only once its sleep is over: 1 + 2 seconds.
    yield* sayAfter(1, 'hello');
    yield* sayAfter(2, 'world');
    printTime('finished at');
}

coasync.run(main());
