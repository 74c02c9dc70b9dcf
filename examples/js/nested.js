// nested.js: "Coroutines and Tasks", section "Awaitables", "Coroutines":
// coroutines are awaitables and can be awaited from other coroutines.
//
// The JavaScript version of examples/python/nested.py. A coroutine is a
// generator function: calling it only creates the generator, as calling an
// async def creates a coroutine object, and `yield*` awaits it.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync} from './example.js';

function* nested() {
    return 42;
}

function* main() {
    // Nothing happens if we just call "nested()".
    // A generator object is created but not run,
    // so it *won't run at all*.
    nested();

    // Let's do it differently now and await it:
    print(yield* nested());  // will print "42".
}

coasync.run(main());
