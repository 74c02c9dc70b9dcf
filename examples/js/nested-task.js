// nested-task.js: "Coroutines and Tasks", section "Awaitables", "Tasks": a
// coroutine wrapped into a task with createTask() is scheduled to run
// soon.
//
// The JavaScript version of examples/python/nested-task.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync} from './example.js';

function* nested() {
    return 42;
}

function* main() {
    // Schedule nested() to run soon concurrently
    // with "main()".
    const task = coasync.createTask(nested());

    // "task" can now be used to cancel "nested()", or
    // can simply be awaited to wait until it is complete:
    yield task;
}

coasync.run(main());
