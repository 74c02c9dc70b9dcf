// as-completed.js: "Coroutines and Tasks", section "Waiting Primitives":
// results in the order they come, with Coasync.as_completed().
//
// The JavaScript version of examples/python/as-completed.py. The
// documentation's example is the loop over as_completed(aws), which
// "raises TimeoutError if the timeout occurs before all Futures are done".
// This program runs the loop over three tasks, then once more with a
// timeout, which cancels nothing.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync, scaled, str} from './example.js';

function* say(delay, what) {
    yield coasync.sleep(scaled(delay));
    return what;
}

// Prints the results of @futures as they come: Coasync.AsCompleted.next()
// gives a future for the next outcome, and null once all were handed out.
function* printAsCompleted(futures, timeout) {
    const completed = Coasync.as_completed(futures, timeout);
    for (let next; (next = completed.next()) !== null;)
        print(yield next);
}

function* main() {
    const aws = [
        coasync.createTask(say(3, 'three')),
        coasync.createTask(say(1, 'one')),
        coasync.createTask(say(2, 'two')),
    ];
    yield* printAsCompleted(aws, Infinity);

    // as_completed() wraps the coroutine say(1, 'fast') in a task: here the
    // task is made by hand.
    const eternity = coasync.createTask(say(3600, 'eternity'));
    try {
        yield* printAsCompleted([eternity, coasync.createTask(say(1, 'fast'))], scaled(2));
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
        print('timeout!');
    }

    // The timeout cancels nothing: run() cancels eternity when this task is
    // over, as asyncio.run() does.
    print(`eternity cancelled: ${str(eternity.cancelled())}`);
}

coasync.run(main());
