// task-group.js: "Coroutines and Tasks", section "Coroutines": the
// say-after-concurrent example written with a task group, taskGroup().
//
// The JavaScript version of examples/python/task-group.py. The
// documentation shows only main(): sayAfter() and the call of run() are
// those of say-after.js.
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
