// ensure-future.js: "Coroutines and Tasks", section "Creating Tasks": the
// task made with coasync.createTask(), and with coasync.ensureFuture(), the
// older asyncio.ensure_future() (documentation of Python 3.7 to 3.10).
//
// The JavaScript version of examples/python/ensure-future.py: main() awaits
// neither task, so coasync.run() cancels both when main() is done.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync} from './example.js';

function* coro() {
}

function* main() {
    // asyncio.create_task()
    let task = coasync.createTask(coro());

    // asyncio.ensure_future(): works with a future too
    task = coasync.ensureFuture(coro());
}

coasync.run(main());
