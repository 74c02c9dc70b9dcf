// as-completed.js: results in the order they come, with
// asyncio.as_completed().
//
// The documentation's example is the loop
//
//     for coro in as_completed(aws):
//         earliest_result = await coro
//         # ...
//
// and as_completed() "raises TimeoutError if the timeout occurs before all
// Futures are done", without cancelling them. This program runs the loop
// over three tasks, then once more with a timeout:
//
//     async def say(delay, what):
//         await asyncio.sleep(delay)
//         return what
//
//     async def main():
//         aws = [asyncio.create_task(say(3, 'three')),
//                asyncio.create_task(say(1, 'one')),
//                asyncio.create_task(say(2, 'two'))]
//         for coro in asyncio.as_completed(aws):
//             earliest_result = await coro
//             print(earliest_result)
//
//         eternity = asyncio.create_task(say(3600, 'eternity'))
//         try:
//             for coro in asyncio.as_completed([eternity, say(1, 'fast')], timeout=2):
//                 print(await coro)
//         except TimeoutError:
//             print('timeout!')
//         print(f"eternity cancelled: {eternity.cancelled()}")
//
//     asyncio.run(main())
//
// Output (CPython's, and this program's):
//
//     one
//     two
//     three
//     fast
//     timeout!
//     eternity cancelled: False
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync, scaled} from './example.js';

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
    print(`eternity cancelled: ${eternity.cancelled() ? 'True' : 'False'}`);
}

coasync.run(main());
