// tap.js: the harness of the GJS tests. It runs the tests registered with
// test() in order and prints their results as TAP; trace() and repr()
// write what happened in the format of the conformance catalogue, so that a
// test compares one line with CPython's trace.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import System from 'system';

import Coasync from 'gi://Coasync?version=1.0';

import {sleep} from '../../bindings/gjs/coasync.js';

const tests = [];

/** Registers a test; @body may be an async function. */
export function test(name, body) {
    tests.push({name, body});
}

/**
 * Runs the tests on a GLib.MainLoop of the default main context, the
 * setting of an application, and exits with 1 if any failed.
 */
export function runTests() {
    const loop = new GLib.MainLoop(null, false);
    let failures = 0;

    print(`1..${tests.length}`);
    (async () => {
        for (const [index, {name, body}] of tests.entries()) {
            try {
                await body();
                print(`ok ${index + 1} - ${name}`);
            } catch (error) {
                failures++;
                print(`not ok ${index + 1} - ${name}`);
                for (const line of `${error}\n${error?.stack ?? ''}`.trimEnd().split('\n'))
                    print(`# ${line}`);
            }
        }
        loop.quit();
    })();
    loop.run();
    System.exit(failures > 0 ? 1 : 0);
}

/** Throws unless @actual is @expected (compared as JSON). */
export function assertEqual(actual, expected) {
    const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
    if (a !== e)
        throw new Error(`expected ${e}, got ${a}`);
}

/** The events of a scenario, joined as in the catalogue's traces. */
export class Trace {
    constructor() {
        this.events = [];
    }

    add(event) {
        this.events.push(event);
    }

    /** Throws unless the events are @expected, `ev | ev | ...`. */
    assert(expected) {
        assertEqual(this.events.join(' | '), expected);
    }
}

/** An error as the catalogue writes it: `CancelledError('m')` and so on. */
export function repr(error) {
    if (!(error instanceof GLib.Error))
        return `${error.name}('${error.message}')`;
    if (error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED)) {
        // The message of a cancel() without one is GIO's.
        return ['', 'Operation was cancelled'].includes(error.message)
            ? 'CancelledError()' : `CancelledError('${error.message}')`;
    }
    if (error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.TIMED_OUT))
        return 'TimeoutError()';
    if (error.matches(Coasync.Error, Coasync.Error.GROUP))
        return `ExceptionGroup[${error.errors.map(repr).join(', ')}]`;
    return `GLib.Error('${error.message}')`;
}

/** Python's repr of a boolean. */
export function pyBool(value) {
    return value ? 'True' : 'False';
}

/** A task body that sleeps long, noting the error that interrupts it. */
export function* sleeper(trace, name) {
    try {
        yield sleep(1);
    } catch (error) {
        trace.add(`${name}:${repr(error)}`);
        throw error;
    }
}
