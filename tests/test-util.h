/* test-util.h: helpers shared by the conformance tests.
 *
 * Scenarios record events into a trace and compare it with the trace CPython
 * prints for the same scenario (../shared/conformance.md). Errors are written
 * in Python's notation so the traces read the same: CancelledError('m'),
 * CancelledError(), TimeoutError(), InvalidStateError, ValueError('x').
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <coasync/coasync.h>

G_BEGIN_DECLS

/* Errors the scenarios raise themselves, named after Python's exceptions. */
#define TEST_ERROR (test_error_quark ())
typedef enum
{
  TEST_ERROR_VALUE,          /* ValueError */
  TEST_ERROR_KEY,            /* KeyError */
  TEST_ERROR_ZERO_DIVISION,  /* ZeroDivisionError */
  TEST_ERROR_TYPE,           /* TypeError */
  TEST_ERROR_RUNTIME,        /* RuntimeError */
} TestError;

GQuark test_error_quark (void);

/* Starts a new trace "ID: ". */
void        trace_begin  (const char *id);
/* Appends one event, separated from the previous one by " | ". */
void        trace_add    (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Appends to the current event without a separator. */
void        trace_append (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Returns the trace so far. */
const char *trace_get    (void);
/* Asserts that the trace equals @expected. */
#define trace_assert(expected) g_assert_cmpstr (trace_get (), ==, (expected))

/* Python's repr of an error: "CancelledError('m')", "CancelledError()",
 * "TimeoutError()", "InvalidStateError", "ValueError('x')", and a group as
 * "ExceptionGroup[ValueError('a'), KeyError('b')]".  A cancellation
 * without a message (the default "Operation was cancelled" text) prints
 * as CancelledError(). */
char       *error_repr   (const GError *error);
/* Only the type: "CancelledError", "ValueError", ... */
const char *error_type   (const GError *error);

/* Runs @func as the main task with coasync_run() and asserts it succeeded. */
void        run_main     (CoasyncTaskFunc func, gpointer user_data);

/* Python's repr of a boolean. */
#define PYBOOL(b) ((b) ? "True" : "False")

/* Appends "<prefix><error_repr (error)>" as one event. */
void        trace_error      (const char *prefix, const GError *error);
/* In a task: sleep(0), giving up exactly one tick. */
void        tick             (void);
/* Awaits @task, keeping the caller's reference (await consumes one). */
gboolean    await_task       (CoasyncTask *task, GError **error);
gboolean    task_cancelled   (CoasyncTask *task);
gboolean    task_done        (CoasyncTask *task);
gboolean    is_cancellation  (const GError *error);
/* A task body that sleeps 1 s (scenarios cancel it long before). */
gboolean    sleep_1s         (CoasyncTask *task, gpointer user_data, GError **error);

G_END_DECLS
