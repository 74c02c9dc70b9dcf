// coasync.js: asyncio's "Coroutines and Tasks" for GJS, on Coasync.
//
// The semantics live in the C library; this module adapts them to
// JavaScript in two ways:
//
// - Every Coasync.Future (and so every Coasync.Task) is awaitable: `await
//   future` in an async function gives its result, or throws its error.
// - Task bodies are generators: `yield future` is asyncio's `await`. The
//   value comes back from the yield, a failure or a cancellation of the
//   future is thrown there, `yield* other()` awaits another generator
//   inline, returning ends the task with that value and throwing fails it
//   (a cancellation error cancels it). Only generator bodies are tasks, so
//   only they can be cancelled at an await point, and only they can use
//   taskGroup() and timeout(), which belong to a task.
//
//     import {run, createTask, sleep} from 'file:///usr/share/coasync-1/gjs/coasync.js';
//
//     function* sayAfter(delay, what) {
//         yield sleep(delay);
//         print(what);
//     }
//
//     run(function* () {
//         const task = createTask(sayAfter(1, 'hello'), {name: 'hello'});
//         yield* sayAfter(2, 'world');
//         yield task;
//     }());
//
//     // In an application, whose main loop runs the default main context:
//     button.connect('clicked', async () => {
//         await createTask(sayAfter(1, 'clicked'));
//     });
//
// Errors are GLib.Errors: a cancellation is Gio.IOErrorEnum.CANCELLED
// (isCancelledError()), a timeout Gio.IOErrorEnum.TIMED_OUT
// (isTimeoutError()). JavaScript exceptions cross C code unchanged, and so
// do results of any type.
//
// Which loop runs what: tasks run where their GMainContext is iterated. In a
// GTK or GLib application that is the default main context, which GJS also
// iterates while a module awaits at top level. run() runs its main task on
// a fresh context of its own until it is done, as asyncio.run() does.
// `await` in an async function resumes from GJS's promise jobs, which GJS
// runs from the default main context only: it works for futures of that
// context while it is iterated, not inside run(), whose bodies yield
// instead. A module that has awaited at top level goes on in a promise
// job, so a GLib.MainLoop it runs then runs no promise jobs: GJS does not
// nest them.
//
// The module is installed in $datadir/coasync-1/gjs (/usr/share above):
// import it by its file URI, or from a GResource of the application.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import GObject from 'gi://GObject';
import Coasync from 'gi://Coasync?version=1.0';

// Registered symbols, so that two copies of this module (loaded from
// different URIs) understand each other's values.
const BOXED = Symbol.for('coasync.boxed');
const GATHERED = Symbol.for('coasync.gathered');

// A JavaScript value as a GValue argument. Numbers, strings, booleans and
// GObjects are what C code reads too; anything else travels in a GObject
// that holds it, and comes back unchanged. (A plain object would go in a
// GValue as it is, but GJS does not keep it alive there.)
function toGValue(value) {
    if (['number', 'string', 'boolean'].includes(typeof value) ||
        value instanceof GObject.Object)
        return value;
    const holder = new GObject.Object();
    holder[BOXED] = value;
    return holder;
}

// The JavaScript value of a GValue result: none (a null pointer) is
// undefined.
function fromGValue(value) {
    if (value === null)
        return undefined;
    return value instanceof GObject.Object && BOXED in value ? value[BOXED] : value;
}

// A thrown value as a GError: GLib.Errors as they are, anything else as a
// Coasync foreign error, which carries the value through C code.
function toGError(error) {
    if (error instanceof GLib.Error)
        return error;
    const carrier = Coasync.Future.new();
    carrier.set_foreign_error(toGValue(error), String(error));
    return carrier.get_exception();
}

// The value to throw for a GError: what toGError() was given.
function fromGError(error) {
    const payload = Coasync.foreign_error_dup_payload(error);
    return payload === null ? error : fromGValue(payload);
}

// The result of a done future, or throws its error. The error is read
// first: the result of a gather() is a GPtrArray GJS cannot convert.
function outcome(future) {
    const error = future.get_exception();  // throws a cancellation
    if (error !== null)
        throw fromGError(error);
    const children = future[GATHERED];
    if (children !== undefined)
        return children.map(settled);
    const [, value] = future.get_result();
    return fromGValue(value);
}

// The result of a done future, or its error as a value.
function settled(future) {
    try {
        return outcome(future);
    } catch (error) {
        return error;
    }
}

function isGenerator(value) {
    return typeof value?.next === 'function' && typeof value?.throw === 'function';
}

function checkGenerator(coroutine) {
    if (!isGenerator(coroutine))
        throw new TypeError(`a task body is a generator, such as body(args), not ${coroutine}`);
}

// The step function of a stepped task whose body is the generator
// @coroutine: asyncio's Task.__step.
function stepper(coroutine) {
    return (task, awaited) => {
        let resume = 'next', input;
        if (awaited !== null) {
            try {
                input = outcome(awaited);
            } catch (error) {
                resume = 'throw';
                input = error;
            }
        }
        for (;;) {
            let step;
            try {
                step = coroutine[resume](input);
            } catch (error) {
                task.return_error(toGError(error));
                return null;
            }
            if (step.done) {
                if (step.value !== undefined)
                    task.return_value(toGValue(step.value));
                return null;
            }
            if (step.value instanceof Coasync.Future)
                return step.value;
            resume = 'throw';
            input = new TypeError(isGenerator(step.value)
                ? 'yield* awaits a generator; yield is for futures'
                : `a task body yielded ${step.value}, not a future`);
        }
    };
}

/**
 * asyncio.ensure_future(): @awaitable if it is a future, else the generator
 * @awaitable run as a task.
 */
export function ensureFuture(awaitable) {
    return awaitable instanceof Coasync.Future ? awaitable : createTask(awaitable);
}

// `await future`: waits on the thread-default main context, then settles
// with the future's outcome.
Coasync.Future.prototype.then = function (onFulfilled, onRejected) {
    return new Promise((resolve, reject) => {
        this.wait_async(null, () => {
            try {
                resolve(outcome(this));
            } catch (error) {
                reject(error);
            }
        });
    }).then(onFulfilled, onRejected);
};

// cancel(msg): the message is optional, as in asyncio.
for (const klass of [Coasync.Future, Coasync.Task]) {
    const cancel = klass.prototype.cancel;
    klass.prototype.cancel = function (msg = null) {
        return cancel.call(this, msg);
    };
}

// set_result(value): takes any JavaScript value (undefined for none).
const setResult = Coasync.Future.prototype.set_result;
Coasync.Future.prototype.set_result = function (value) {
    return setResult.call(this, value === undefined ? null : toGValue(value));
};

/** future.result(): asyncio's Future.result(), the value or the error thrown. */
Coasync.Future.prototype.result = function () {
    return outcome(this);
};

/** future.exception(): asyncio's Future.exception(), the error or null. */
Coasync.Future.prototype.exception = function () {
    const error = this.get_exception();
    return error === null ? null : fromGError(error);
};

/**
 * asyncio.run(): runs the generator @coroutine as the main task on a new
 * main context until it is done, cancels the tasks left, and returns the
 * body's value or throws its error.
 */
export function run(coroutine) {
    checkGenerator(coroutine);
    let value;
    try {
        [, value] = Coasync.run_stepped(stepper(coroutine));
    } catch (error) {
        throw error instanceof GLib.Error ? fromGError(error) : error;
    }
    return fromGValue(value);
}

/**
 * asyncio.create_task(): runs the generator @coroutine as a task on the
 * thread-default main context. Options: `name`.
 */
export function createTask(coroutine, {name = null} = {}) {
    checkGenerator(coroutine);
    return Coasync.create_stepped_task_full(stepper(coroutine), name, null);
}

/** asyncio.sleep(): a future done after @delay seconds. */
export function sleep(delay) {
    return Coasync.sleep(delay);
}

/**
 * asyncio.gather(): a future whose result is the array of the results of
 * @awaitables (futures, or generators run as tasks), in their order.
 * Options: `returnExceptions`, to list errors among the results instead of
 * failing with the first one.
 */
export function gather(awaitables, {returnExceptions = false} = {}) {
    // A generator given several times runs once, as one task.
    const futures = new Map();
    const children = awaitables.map(awaitable => {
        if (!futures.has(awaitable))
            futures.set(awaitable, ensureFuture(awaitable));
        return futures.get(awaitable);
    });
    const future = Coasync.gather(children, returnExceptions);
    // The C result is an untyped GPtrArray, which GJS cannot convert: the
    // results are read from the children, which are done by then.
    future[GATHERED] = children;
    return future;
}

/** asyncio.shield(): protects @awaitable from the cancellation of its awaiter. */
export function shield(awaitable) {
    return Coasync.shield(ensureFuture(awaitable));
}

/**
 * asyncio.wait_for(): a future for @awaitable that fails with TIMED_OUT,
 * cancelling it, after @timeout seconds (null for none).
 */
export function waitFor(awaitable, timeout) {
    return Coasync.wait_for(ensureFuture(awaitable), timeout ?? Infinity);
}

/** The task group of a taskGroup() body: asyncio.TaskGroup. */
export class TaskGroup {
    constructor(group) {
        this._group = group;
    }

    /** Runs the generator @coroutine as a member task. Options: `name`. */
    createTask(coroutine, {name = null} = {}) {
        checkGenerator(coroutine);
        return this._group.create_stepped_task(stepper(coroutine), name);
    }
}

/**
 * `async with asyncio.TaskGroup() as tg`, for `yield*` in a task body:
 * runs the generator function @body with a TaskGroup, then waits for the
 * members, and returns what @body returned. Failures are thrown as one
 * COASYNC_ERROR_GROUP GLib.Error, whose `errors` lists them.
 */
export function* taskGroup(body) {
    const group = new Coasync.TaskGroup();
    group.enter();
    let value, bodyError = null;
    try {
        value = yield* body(new TaskGroup(group));
    } catch (error) {
        bodyError = toGError(error);
    }
    if (bodyError !== null)
        group.begin_exit(bodyError);
    for (let next; (next = group.exit_step()) !== null;) {
        try {
            yield next;
        } catch (cancellation) {
            // Only a cancellation of the parent fails the wait, by the group
            // (a member failed) or from outside: the group tells which.
            group.exit_cancelled(cancellation);
        }
    }
    try {
        group.finish_exit();
    } catch (error) {
        if (error.matches(Coasync.Error, Coasync.Error.GROUP))
            error.errors = group.get_errors().map(fromGError);
        throw error;
    }
    return value;
}

/**
 * `async with asyncio.timeout_at(when) as cm`, for `yield*` in a task
 * body: runs the generator function @body with the Coasync.Timeout (`cm`)
 * under the deadline @when on Coasync.time()'s clock (null for none), and
 * returns what @body returned. If the deadline passes, the body's await
 * is cancelled and the block throws TIMED_OUT.
 */
export function* timeoutAt(when, body) {
    const timeout = Coasync.Timeout.new_unentered(when ?? Infinity);
    timeout.enter();
    let value;
    try {
        value = yield* body(timeout);
    } catch (error) {
        timeout.exit_with(isCancelledError(error));  // throws TIMED_OUT
        throw error;
    }
    timeout.exit_with(false);
    return value;
}

/**
 * `async with asyncio.timeout(delay) as cm`: timeoutAt() with a deadline
 * @delay seconds from now (null for none).
 */
export function timeout(delay, body) {
    return timeoutAt(delay === null ? null : Coasync.time() + delay, body);
}

/** Whether @error is a cancellation: asyncio's CancelledError. */
export function isCancelledError(error) {
    return error instanceof GLib.Error &&
        error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED);
}

/** Whether @error is a timeout: asyncio's TimeoutError. */
export function isTimeoutError(error) {
    return error instanceof GLib.Error &&
        error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.TIMED_OUT);
}
