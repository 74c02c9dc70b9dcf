/* coasync-error.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <glib-object.h>

#include "coasync-version-macros.h"

G_BEGIN_DECLS

/**
 * COASYNC_ERROR:
 *
 * The error domain of coasync's own errors. Cancellation is reported with
 * %G_IO_ERROR_CANCELLED and timeouts with %G_IO_ERROR_TIMED_OUT, as GIO does.
 */
#define COASYNC_ERROR (coasync_error_quark ())

/**
 * CoasyncError:
 * @COASYNC_ERROR_INVALID_STATE: the operation is not allowed in the future's
 *   current state (asyncio's `InvalidStateError`).
 * @COASYNC_ERROR_NO_TASK: the call needs a current task or a running loop and
 *   there is none (asyncio's `RuntimeError`).
 * @COASYNC_ERROR_CLOSED: the object no longer accepts work, for example a
 *   finished task group.
 * @COASYNC_ERROR_RUNNING: a loop is already running on this thread, so a
 *   nested run (or a blocking wait) is refused.
 * @COASYNC_ERROR_GROUP: several errors were collected into one (asyncio's
 *   `ExceptionGroup`).
 * @COASYNC_ERROR_WRONG_CONTEXT: a task awaited a future that belongs to
 *   another #GMainContext.
 * @COASYNC_ERROR_NO_STACK: no stack could be allocated for a fiber task.
 * @COASYNC_ERROR_NOT_SUPPORTED: the object does not support the operation,
 *   for example setting the result of a task (asyncio's `RuntimeError`).
 *
 * Error codes in the %COASYNC_ERROR domain.
 */
typedef enum
{
  COASYNC_ERROR_INVALID_STATE,
  COASYNC_ERROR_NO_TASK,
  COASYNC_ERROR_CLOSED,
  COASYNC_ERROR_RUNNING,
  COASYNC_ERROR_GROUP,
  COASYNC_ERROR_WRONG_CONTEXT,
  COASYNC_ERROR_NO_STACK,
  COASYNC_ERROR_NOT_SUPPORTED,
} CoasyncError;

COASYNC_AVAILABLE_IN_ALL
GQuark     coasync_error_quark            (void);
COASYNC_AVAILABLE_IN_ALL
GError    *coasync_error_group_new        (const char   *message,
                                           GPtrArray    *errors);
COASYNC_AVAILABLE_IN_ALL
GPtrArray *coasync_error_group_get_errors (const GError *error);

/**
 * COASYNC_FOREIGN_ERROR:
 *
 * The error domain of errors raised by code in another language, such as a
 * Python exception raised in a Python task. Such an error carries the
 * language's own exception object, which coasync_foreign_error_dup_payload()
 * gives back, so the exception keeps its identity through C code. The code
 * of such an error identifies its payload; it has no other meaning.
 */
#define COASYNC_FOREIGN_ERROR (coasync_foreign_error_domain ())

COASYNC_AVAILABLE_IN_ALL
GQuark     coasync_foreign_error_domain       (void);
COASYNC_AVAILABLE_IN_ALL
GError    *coasync_foreign_error_new         (const GValue *payload,
                                              const char   *message);
COASYNC_AVAILABLE_IN_ALL
GValue    *coasync_foreign_error_dup_payload (const GError *error);

G_END_DECLS
