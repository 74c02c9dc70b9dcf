// background-tasks.js: "Coroutines and Tasks", section "Creating Tasks":
// keeping references to "fire-and-forget" background tasks in a set, which
// each task leaves once it is done.
//
// The JavaScript version of examples/python/background-tasks.py. The
// documentation leaves some_coro() to the reader, and shows only the
// statements that create the tasks: here they run in main(), which shows
// the set filled, then emptied once the tasks are done.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

// Python's keyword argument param= is a property of the one argument.
function* someCoro({param}) {
    yield coasync.sleep(scaled(1));
    print(`some_coro(param=${param}) done`);
}

function* main() {
    const backgroundTasks = new Set();

    for (let i = 0; i < 10; i++) {
        const task = coasync.createTask(someCoro({param: i}));

        // Add task to the set. This creates a strong reference.
        backgroundTasks.add(task);

        // To prevent keeping references to finished tasks forever,
        // make each task remove its own reference from the set after
        // completion:
        task.add_done_callback(done => backgroundTasks.delete(done));
    }

    print(`${backgroundTasks.size} tasks in the background`);
    yield coasync.sleep(scaled(2));
    print(`${backgroundTasks.size} tasks in the background`);
}

coasync.run(main());
