// nested.js: awaiting a coroutine, and awaiting a task.
//
//     async def nested():
//         return 42
//
//     async def main():
//         print(await nested())  # will print "42".
//
//         # Schedule nested() to run soon concurrently with "main()".
//         task = asyncio.create_task(nested())
//         await task
//
//     asyncio.run(main())
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync} from './example.js';

// A coroutine: calling it only creates the generator, as calling an async
// def creates a coroutine object.
function* nested() {
    return 42;
}

function* main() {
    // `await nested()`: yield* runs the generator inline.
    print(yield* nested());

    // Schedule nested() to run soon concurrently with "main()".
    const task = coasync.createTask(nested());
    yield task;
}

coasync.run(main());
