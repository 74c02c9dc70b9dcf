// example.js: what the JavaScript examples share.
//
// The coasync module is loaded from the directory in $COASYNC_GJS_DIR:
// `meson devenv` sets it to bindings/gjs, and for the installed module it is
// $datadir/coasync-1/gjs. Without it, the examples use the module of this
// source tree.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';

const moduleDir = GLib.getenv('COASYNC_GJS_DIR');

export const coasync = await import(moduleDir !== null
    ? GLib.filename_to_uri(GLib.build_filenamev([moduleDir, 'coasync.js']), null)
    : GLib.Uri.resolve_relative(import.meta.url, '../../bindings/gjs/coasync.js',
        GLib.UriFlags.NONE));

/**
 * Every delay is multiplied by $COASYNC_EXAMPLE_SCALE (default 1), so that
 * the test suite can run the examples quickly.
 */
export function scaled(seconds) {
    const scale = GLib.getenv('COASYNC_EXAMPLE_SCALE');
    return scale !== null ? seconds * Number(scale) : seconds;
}

/** Python's print(f"{what} {time.strftime('%X')}"). */
export function printTime(what) {
    print(`${what} ${GLib.DateTime.new_now_local().format('%X')}`);
}
