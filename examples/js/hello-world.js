// hello-world.js: "Coroutines and Tasks", section "Coroutines": the first
// example, an interactive session, as a program. Prints "hello", waits
// 1 second, and then prints "world".
//
// The JavaScript version of examples/python/hello-world.py.
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
