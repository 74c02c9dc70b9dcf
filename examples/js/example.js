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

// Python's repr() of a string: in single quotes, unless only double quotes
// spare escaping one.
function reprString(text) {
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    const escapes = {'\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', [quote]: `\\${quote}`};
    return quote + text.replace(/[\\\n\r\t'"]/g, c => escapes[c] ?? c) + quote;
}

/**
 * Python's repr() of what the examples print: null and undefined are None,
 * booleans True and False, arrays lists, and an error is its constructor
 * call, such as ValueError('boom').
 */
export function repr(value) {
    if (value === null || value === undefined)
        return 'None';
    if (typeof value === 'boolean')
        return value ? 'True' : 'False';
    if (typeof value === 'string')
        return reprString(value);
    if (Array.isArray(value))
        return `[${value.map(repr).join(', ')}]`;
    if (value instanceof Error)
        return `${value.name}(${reprString(value.message)})`;
    return String(value);
}

/**
 * Python's str(), what print() and f-strings show: a string as it is, an
 * error as its message, anything else as its repr().
 */
export function str(value) {
    if (typeof value === 'string')
        return value;
    if (value instanceof Error)
        return value.message;
    return repr(value);
}
