// task-group.js: running coroutines concurrently in a task group.
//
// The say-after-concurrent example written with asyncio.TaskGroup, which
// awaits its tasks when the `async with` block ends:
//
//     async def main():
//         async with asyncio.TaskGroup() as tg:
//             task1 = tg.create_task(
//                 say_after(1, 'hello'))
//
//             task2 = tg.create_task(
//                 say_after(2, 'world'))
//
//             print(f"started at {time.strftime('%X')}")
//
//         # The await is implicit when the context manager exits.
//
//         print(f"finished at {time.strftime('%X')}")
//
// "The timing and output should be the same as for the previous version":
//
//     started at 17:14:32
//     hello
//     world
//     finished at 17:14:34
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, printTime, scaled} from './example.js';

function* sayAfter(delay, what) {
    yield coasync.sleep(scaled(delay));
    print(what);
}

function* main() {
    // `async with asyncio.TaskGroup() as tg:` is a yield* of taskGroup()
    // with the block as a generator function.
    yield* coasync.taskGroup(function* (tg) {
        tg.createTask(sayAfter(1, 'hello'));
        tg.createTask(sayAfter(2, 'world'));

        printTime('started at');
    });

    // The await is implicit when the block ends: taskGroup() returns once
    // every member is done, and throws if any failed.

    printTime('finished at');
}

coasync.run(main());
