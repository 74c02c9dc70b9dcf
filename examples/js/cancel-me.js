// cancel-me.js: how a coroutine intercepts the cancellation request.
//
//     async def cancel_me():
//         print('cancel_me(): before sleep')
//
//         try:
//             # Wait for 1 hour
//             await asyncio.sleep(3600)
//         except asyncio.CancelledError:
//             print('cancel_me(): cancel sleep')
//             raise
//         finally:
//             print('cancel_me(): after sleep')
//
//     async def main():
//         # Create a "cancel_me" Task
//         task = asyncio.create_task(cancel_me())
//
//         # Wait for 1 second
//         await asyncio.sleep(1)
//
//         task.cancel()
//         try:
//             await task
//         except asyncio.CancelledError:
//             print("main(): cancel_me is cancelled now")
//
//     asyncio.run(main())
//
// Expected output:
//
//     cancel_me(): before sleep
//     cancel_me(): cancel sleep
//     cancel_me(): after sleep
//     main(): cancel_me is cancelled now
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
