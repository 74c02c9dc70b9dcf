// gather.js: "Coroutines and Tasks", section "Running Tasks Concurrently":
// three factorials computed concurrently with gather().
//
// The JavaScript version of examples/python/gather.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled, str} from './example.js';

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
    print(str(L));
}

coasync.run(main());
