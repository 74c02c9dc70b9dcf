// cancel-me.js: "Coroutines and Tasks", section "Task Object",
// Task.cancel(): how a coroutine intercepts the cancellation request.
//
// The JavaScript version of examples/python/cancel-me.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* cancelMe() {
    print('cancel_me(): before sleep');

    try {
        // Wait for 1 hour
        yield coasync.sleep(scaled(3600));
    } catch (error) {
        // The cancellation is thrown at the yield.
        if (coasync.isCancelledError(error))
            print('cancel_me(): cancel sleep');
        throw error;
    } finally {
        print('cancel_me(): after sleep');
    }
}

function* main() {
    // Create a "cancel_me" Task
    const task = coasync.createTask(cancelMe());

    // Wait for 1 second
    yield coasync.sleep(scaled(1));

    task.cancel();
    try {
        yield task;
    } catch (error) {
        if (!coasync.isCancelledError(error))
            throw error;
        print('main(): cancel_me is cancelled now');
    }
}

coasync.run(main());
