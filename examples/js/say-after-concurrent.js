// say-after-concurrent.js: running coroutines concurrently as tasks.
//
//     async def main():
//         task1 = asyncio.create_task(
//             say_after(1, 'hello'))
//
//         task2 = asyncio.create_task(
//             say_after(2, 'world'))
//
//         print(f"started at {time.strftime('%X')}")
//
//         # Wait until both tasks are completed (should take
//         # around 2 seconds.)
//         await task1
//         await task2
//
//         print(f"finished at {time.strftime('%X')}")
//
// The output shows that the snippet runs 1 second faster than before:
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
    const task1 = coasync.createTask(sayAfter(1, 'hello'));
    const task2 = coasync.createTask(sayAfter(2, 'world'));

    printTime('started at');

    // Wait until both tasks are completed (should take around 2 seconds.)
    yield task1;
    yield task2;

    printTime('finished at');
}

coasync.run(main());
