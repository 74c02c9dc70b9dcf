// asyncio-run.js: "Coroutines and Tasks", section "Running an asyncio
// Program": the example of asyncio.run() (documentation of Python 3.7 to
// 3.10), with coasync.run().
//
// The JavaScript version of examples/python/asyncio-run.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import {coasync, scaled} from './example.js';

function* main() {
    yield coasync.sleep(scaled(1));
    print('hello');
}

coasync.run(main());
