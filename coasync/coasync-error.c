/* coasync-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-error.h"

/**
 * SECTION:coasync-error
 * @title: Errors
 * @short_description: How asyncio's exceptions map onto #GError
 *
 * coasync reports asyncio's exceptions as #GError values:
 *
 * - `CancelledError` is %G_IO_ERROR_CANCELLED in the %G_IO_ERROR domain,
 *   its message the cancel message (or "Operation was cancelled");
 * - `TimeoutError` is %G_IO_ERROR_TIMED_OUT;
 * - `InvalidStateError` is %COASYNC_ERROR_INVALID_STATE;
 * - the `RuntimeError`s of asyncio (no running loop, a nested run, a closed
 *   group) have their own codes in the %COASYNC_ERROR domain.
 *
 * Using GIO's codes for cancellation and timeouts means GIO code and coasync
 * code speak the same errors: a GIO call cancelled through a task's
 * #GCancellable fails the task with the very error a cancelled task has.
 */

/**
 * coasync_error_quark:
 *
 * Returns the #GQuark of the %COASYNC_ERROR domain.
 *
 * Returns: the error domain quark
 */
G_DEFINE_QUARK (coasync-error-quark, coasync_error)
