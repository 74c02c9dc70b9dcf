// shield.js: protecting a task from the cancellation of its caller.
//
// "Shielding From Cancellation" shows the statement
//
//     task = asyncio.create_task(something())
//     try:
//         res = await shield(task)
//     except CancelledError:
//         res = None
//
// which is `res = await something()` except that cancelling the caller does
// not cancel the task running something(): the caller's await still fails
// with CancelledError, but the task goes on. The section has no complete
// program; this one cancels the caller while it waits:
//
//     async def something():
//         await asyncio.sleep(2)
//         print('something(): finished')
//         return 42
//
//     async def caller(task):
//         try:
//             res = await asyncio.shield(task)
//         except asyncio.CancelledError:
//             res = None
//         print(f'caller(): res = {res}')
//
//     async def main():
//         # Save a reference to the task passed to shield()
//         task = asyncio.create_task(something())
//         waiter = asyncio.create_task(caller(task))
//         await asyncio.sleep(1)
//         waiter.cancel()
//         await waiter
//         print(f'main(): something() cancelled: {task.cancelled()}')
//         print(f'main(): res = {await task}')
//
//     asyncio.run(main())
//
// Output (CPython's, and this program's):
//
//     caller(): res = None
//     main(): something() cancelled: False
//     something(): finished
//     main(): res = 42
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* something() {
    yield coasync.sleep(scaled(2));
    print('something(): finished');
    return 42;
}

function* caller(task) {
    let res;
    try {
        res = yield coasync.shield(task);
    } catch (error) {
        if (!coasync.isCancelledError(error))
            throw error;
        res = null;
    }
    // Printed as Python prints None.
    print(`caller(): res = ${res ?? 'None'}`);
}

function* main() {
    // Save a reference to the task passed to shield()
    const task = coasync.createTask(something());
    const waiter = coasync.createTask(caller(task));
    yield coasync.sleep(scaled(1));
    waiter.cancel();
    yield waiter;
    print(`main(): something() cancelled: ${task.cancelled() ? 'True' : 'False'}`);
    print(`main(): res = ${yield task}`);
}

coasync.run(main());
