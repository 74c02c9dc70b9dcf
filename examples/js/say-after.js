// say-after.js: awaiting coroutines one after the other.
//
// Prints "hello" after waiting for 1 second, and then "world" after
// waiting for *another* 2 seconds:
//
//     async def say_after(delay, what):
//         await asyncio.sleep(delay)
//         print(what)
//
//     async def main():
//         print(f"started at {time.strftime('%X')}")
//         await say_after(1, 'hello')
//         await say_after(2, 'world')
//         print(f"finished at {time.strftime('%X')}")
//
//     asyncio.run(main())
//
// Expected output:
//
//     started at 17:13:52
//     hello
//     world
//     finished at 17:13:55
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
