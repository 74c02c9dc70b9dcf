// hello-world.js: the first example of "Coroutines and Tasks".
//
// Prints "hello", waits 1 second, and then prints "world":
//
//     async def main():
//         print('hello')
//         await asyncio.sleep(1)
//         print('world')
//
//     asyncio.run(main())
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

// asyncio's `async def main()` is a generator function: `yield` awaits.
function* main() {
    print('hello');
    yield coasync.sleep(scaled(1));
    print('world');
}

// asyncio.run(main()): a fresh loop runs the task until it is done.
coasync.run(main());
