// display-date.js: "Coroutines and Tasks", section "Sleeping": a coroutine
// displaying the current date every second for 5 seconds.
//
// The JavaScript version of examples/python/display-date.py.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Coasync from 'gi://Coasync?version=1.0';
import GLib from 'gi://GLib';

import {coasync, scaled} from './example.js';

// Python's str(datetime.datetime.now()).
function now() {
    return GLib.DateTime.new_now_local().format('%Y-%m-%d %H:%M:%S.%f');
}

function* displayDate() {
    // Coasync.time() is the loop's clock, as loop.time().
    const endTime = Coasync.time() + scaled(5.0);
    while (true) {
        print(now());
        if ((Coasync.time() + scaled(1.0)) >= endTime)
            break;
        yield coasync.sleep(scaled(1));
    }
}

coasync.run(displayDate());
