// task-group-results.js: "Coroutines and Tasks", section "Task Groups": the
// tasks of a group are all done when the taskGroup() block is exited.
//
// The JavaScript version of examples/python/task-group-results.py. The
// documentation leaves both coroutines to the reader, and passes them
// `...`: here they take no argument, and return after 1 and 2 seconds.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* someCoro() {
    yield coasync.sleep(scaled(1));
    return 'some_coro';
}

function* anotherCoro() {
    yield coasync.sleep(scaled(2));
    return 'another_coro';
}

function* main() {
    // The tasks outlive the block: they are read after it.
    let task1, task2;
    // `async with asyncio.TaskGroup() as tg:` is a yield* of taskGroup()
    // with the block as a generator function.
    yield* coasync.taskGroup(function* (tg) {
        task1 = tg.createTask(someCoro());
        task2 = tg.createTask(anotherCoro());
    });
    print(`Both tasks have completed now: ${task1.result()}, ${task2.result()}`);
}

coasync.run(main());
