// timeout.js: limiting the time spent waiting, with asyncio.timeout().
//
// The three examples of the "Timeouts" section, each run by its own
// asyncio.run(), one after the other. Catching TimeoutError:
//
//     async def main():
//         try:
//             async with asyncio.timeout(10):
//                 await long_running_task()
//         except TimeoutError:
//             print("The long operation timed out, but we've handled it.")
//
//         print("This statement will run regardless.")
//
// Rescheduling the timeout once the deadline is known:
//
//     async def main():
//         try:
//             # We do not know the timeout when starting, so we pass ``None``.
//             async with asyncio.timeout(None) as cm:
//                 # We know the timeout now, so we reschedule it.
//                 new_deadline = get_running_loop().time() + 10
//                 cm.reschedule(new_deadline)
//
//                 await long_running_task()
//         except TimeoutError:
//             pass
//
//         if cm.expired:
//             print("Looks like we haven't finished on time.")
//
// And an absolute deadline, with asyncio.timeout_at():
//
//     async def main():
//         loop = get_running_loop()
//         deadline = loop.time() + 20
//         try:
//             async with asyncio.timeout_at(deadline):
//                 await long_running_task()
//         except TimeoutError:
//             print("The long operation timed out, but we've handled it.")
//
//         print("This statement will run regardless.")
//
// long_running_task() takes an hour here, so every timeout expires:
//
//     The long operation timed out, but we've handled it.
//     This statement will run regardless.
//     Looks like we haven't finished on time.
//     The long operation timed out, but we've handled it.
//     This statement will run regardless.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync, scaled} from './example.js';

// The documentation leaves long_running_task() to the reader: one that
// outlasts every timeout.
function* longRunningTask() {
    yield coasync.sleep(scaled(3600));
}

function* timeoutMain() {
    try {
        // `async with asyncio.timeout(10):` is a yield* of timeout() with
        // the block as a generator function. At the deadline the block's
        // await is cancelled, and timeout() throws TIMED_OUT instead.
        yield* coasync.timeout(scaled(10), function* () {
            yield* longRunningTask();
        });
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
        print("The long operation timed out, but we've handled it.");
    }

    print('This statement will run regardless.');
}

function* rescheduleMain() {
    // cm outlives the block: it is inspected after it.
    let cm;
    try {
        // We do not know the timeout when starting, so we pass null.
        yield* coasync.timeout(null, function* (timeoutCm) {
            cm = timeoutCm;
            // We know the timeout now, so we reschedule it. Coasync.time()
            // is the loop's clock, as loop.time().
            const newDeadline = Coasync.time() + scaled(10);
            cm.reschedule(newDeadline);

            yield* longRunningTask();
        });
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
    }

    if (cm.expired())
        print("Looks like we haven't finished on time.");
}

function* timeoutAtMain() {
    const deadline = Coasync.time() + scaled(20);
    try {
        yield* coasync.timeoutAt(deadline, function* () {
            yield* longRunningTask();
        });
    } catch (error) {
        if (!coasync.isTimeoutError(error))
            throw error;
        print("The long operation timed out, but we've handled it.");
    }

    print('This statement will run regardless.');
}

for (const main of [timeoutMain, rescheduleMain, timeoutAtMain])
    coasync.run(main());
