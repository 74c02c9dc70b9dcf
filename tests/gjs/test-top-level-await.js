// test-top-level-await.js: `await` at the top level of a module, where GJS
// iterates the default main context until the promise settles. (Such a
// module cannot run a GLib.MainLoop after its first await: that loop would
// run inside GJS's promise jobs, which do not nest.)
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Coasync from 'gi://Coasync?version=1.0';

import {createTask, sleep} from '../../bindings/gjs/coasync.js';
import {assertEqual} from './tap.js';

print('1..2');

const value = await createTask(function* () {
    yield sleep(0.01);
    return 'top level';
}());
assertEqual(value, 'top level');
print('ok 1 - awaiting a task');

const future = Coasync.Future.new();
GLib.timeout_add(GLib.PRIORITY_DEFAULT, 10, () => {
    future.set_result(5);
    return GLib.SOURCE_REMOVE;
});
assertEqual(await future, 5);
print('ok 2 - awaiting a future completed by a GLib source');
