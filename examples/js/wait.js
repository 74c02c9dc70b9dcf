// wait.js: waiting for a set of tasks, with asyncio.wait().
//
// "Waiting Primitives" gives the usage, `done, pending = await
// asyncio.wait(aws)`, and the right way to find a task in the done set:
//
//     async def foo():
//         return 42
//
//     task = asyncio.create_task(foo())
//     done, pending = await asyncio.wait({task})
//
//     if task in done:
//         # Everything will work as expected now.
//
// This program completes that snippet and goes through the three
// return_when constants and the timeout, which returns the futures that are
// not done yet in the second set instead of raising or cancelling them:
//
//     async def say(delay, what):
//         await asyncio.sleep(delay)
//         return what
//
//     async def fail(delay, message):
//         await asyncio.sleep(delay)
//         raise ValueError(message)
//
//     async def main():
//         task = asyncio.create_task(foo())
//         done, pending = await asyncio.wait({task})
//         if task in done:
//             print(f"foo() is done: {task.result()}")
//
//         fast = asyncio.create_task(say(1, 'fast'))
//         slow = asyncio.create_task(say(5, 'slow'))
//         done, pending = await asyncio.wait({fast, slow},
//                                            return_when=asyncio.FIRST_COMPLETED)
//         print(f"first completed: {[t.result() for t in done]}, {len(pending)} pending")
//
//         done, pending = await asyncio.wait(pending, timeout=1)
//         print(f"timed out: {len(done)} done, {len(pending)} pending, "
//               f"slow cancelled: {slow.cancelled()}")
//
//         failing = asyncio.create_task(fail(1, 'boom'))
//         done, pending = await asyncio.wait({slow, failing},
//                                            return_when=asyncio.FIRST_EXCEPTION)
//         print(f"first exception: {failing.exception()!r}, {len(pending)} pending")
//
//         done, pending = await asyncio.wait(pending)
//         print(f"all completed: {[t.result() for t in done]}, {len(pending)} pending")
//
//     asyncio.run(main())
//
// Output of CPython, and of this program but for the exception, of which it
// prints the message:
//
//     foo() is done: 42
//     first completed: ['fast'], 1 pending
//     timed out: 0 done, 1 pending, slow cancelled: False
//     first exception: ValueError('boom'), 1 pending
//     all completed: ['slow'], 0 pending
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';

import {coasync, scaled} from './example.js';

function* foo() {
    return 42;
}

function* say(delay, what) {
    yield coasync.sleep(scaled(delay));
    return what;
}

function* fail(delay, message) {
    yield coasync.sleep(scaled(delay));
    throw new Error(message);
}

// asyncio.wait(): the done and pending futures, once the wait is over.
// They are the very futures given.
function* wait(futures, {timeout = Infinity, returnWhen = Coasync.ReturnWhen.ALL_COMPLETED} = {}) {
    const waiting = Coasync.wait(futures, timeout, returnWhen);
    yield waiting;
    return [Coasync.wait_get_done(waiting), Coasync.wait_get_pending(waiting)];
}

// Python's repr of a list of strings.
function pyList(values) {
    return `[${values.map(v => `'${v}'`).join(', ')}]`;
}

function* main() {
    const task = coasync.createTask(foo());
    let [done, pending] = yield* wait([task]);
    if (done.includes(task))
        print(`foo() is done: ${task.result()}`);

    const fast = coasync.createTask(say(1, 'fast'));
    const slow = coasync.createTask(say(5, 'slow'));
    [done, pending] = yield* wait([fast, slow], {returnWhen: Coasync.ReturnWhen.FIRST_COMPLETED});
    print(`first completed: ${pyList(done.map(t => t.result()))}, ${pending.length} pending`);

    // A timeout is no error, and cancels nothing: slow is simply pending.
    [done, pending] = yield* wait(pending, {timeout: scaled(1)});
    print(`timed out: ${done.length} done, ${pending.length} pending, ` +
          `slow cancelled: ${slow.cancelled() ? 'True' : 'False'}`);

    const failing = coasync.createTask(fail(1, 'boom'));
    [done, pending] = yield* wait([slow, failing], {returnWhen: Coasync.ReturnWhen.FIRST_EXCEPTION});
    print(`first exception: ${failing.exception().message}, ${pending.length} pending`);

    [done, pending] = yield* wait(pending);
    print(`all completed: ${pyList(done.map(t => t.result()))}, ${pending.length} pending`);
}

coasync.run(main());
