// gather.js: running tasks concurrently and collecting their results.
//
//     async def factorial(name, number):
//         f = 1
//         for i in range(2, number + 1):
//             print(f"Task {name}: Compute factorial({number}), currently i={i}...")
//             await asyncio.sleep(1)
//             f *= i
//         print(f"Task {name}: factorial({number}) = {f}")
//         return f
//
//     async def main():
//         # Schedule three calls *concurrently*:
//         L = await asyncio.gather(
//             factorial("A", 2),
//             factorial("B", 3),
//             factorial("C", 4),
//         )
//         print(L)
//
//     asyncio.run(main())
//
// Expected output:
//
//     Task A: Compute factorial(2), currently i=2...
//     Task B: Compute factorial(3), currently i=2...
//     Task C: Compute factorial(4), currently i=2...
//     Task A: factorial(2) = 2
//     Task B: Compute factorial(3), currently i=3...
//     Task C: Compute factorial(4), currently i=3...
//     Task B: factorial(3) = 6
//     Task C: Compute factorial(4), currently i=4...
//     Task C: factorial(4) = 24
//     [2, 6, 24]
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* factorial(name, number) {
    let f = 1;
    for (let i = 2; i <= number; i++) {
        print(`Task ${name}: Compute factorial(${number}), currently i=${i}...`);
        yield coasync.sleep(scaled(1));
        f *= i;
    }
    print(`Task ${name}: factorial(${number}) = ${f}`);
    return f;
}

function* main() {
    // Schedule three calls *concurrently*: gather() runs each generator as
    // a task, and its result lists their values in the order given.
    const L = yield coasync.gather([
        factorial('A', 2),
        factorial('B', 3),
        factorial('C', 4),
    ]);
    // Printed as Python prints a list.
    print(`[${L.join(', ')}]`);
}

coasync.run(main());
