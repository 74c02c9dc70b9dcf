// awaitable-future.js: "Coroutines and Tasks", section "Awaitables",
// "Futures": future objects can be awaited, alone or through gather().
//
// The JavaScript version of examples/python/awaitable-future.py. The
// documentation leaves both functions that main() calls to the reader.
// Here the future is resolved by the loop soon after, and each function
// says when it runs, in the order the loop runs them.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync} from './example.js';

function resolve(future) {
    print('resolving the future');
    future.set_result(undefined);
}

function functionThatReturnsAFutureObject() {
    // loop.create_future() and loop.call_soon(): the running loop is the
    // thread-default main context, which run() made its own.
    const future = Coasync.Future.new();
    Coasync.call_soon(null, () => resolve(future));
    return future;
}

// The documentation's name: a coroutine, as opposed to a future.
function* somePythonCoroutine() {
    print('some_python_coroutine() runs');
}

function* main() {
    yield functionThatReturnsAFutureObject();

    // this is also valid:
    yield coasync.gather([
        functionThatReturnsAFutureObject(),
        somePythonCoroutine(),
    ]);
}

coasync.run(main());
