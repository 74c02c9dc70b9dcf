/* coasync-timeout.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <gio/gio.h>

#include "coasync-version-macros.h"

G_BEGIN_DECLS

/**
 * COASYNC_TYPE_TIMEOUT:
 *
 * The #GType of #CoasyncTimeout.
 */
#define COASYNC_TYPE_TIMEOUT (coasync_timeout_get_type ())

/**
 * CoasyncTimeout:
 *
 * A deadline for the code between its entry and its exit in a task:
 * asyncio's `Timeout`, as made by `asyncio.timeout()` and
 * `asyncio.timeout_at()`. All its
 * fields are private.
 */
COASYNC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (CoasyncTimeout, coasync_timeout, COASYNC, TIMEOUT, GObject)

/**
 * CoasyncTimeoutFunc:
 * @user_data: the data given to coasync_timeout_run()
 * @error: return location for the body's error
 *
 * A body run under a timeout by coasync_timeout_run().
 *
 * Returns: %TRUE on success, %FALSE with @error set on failure
 */
typedef gboolean (*CoasyncTimeoutFunc) (gpointer   user_data,
                                        GError   **error);

COASYNC_AVAILABLE_IN_ALL
CoasyncTimeout *coasync_timeout_new        (gdouble              delay);
COASYNC_AVAILABLE_IN_ALL
CoasyncTimeout *coasync_timeout_new_at     (gdouble              when);
COASYNC_AVAILABLE_IN_ALL
CoasyncTimeout *coasync_timeout_new_unentered (gdouble           when);
COASYNC_AVAILABLE_IN_ALL
gboolean        coasync_timeout_enter      (CoasyncTimeout      *self,
                                            GError             **error);
COASYNC_AVAILABLE_IN_ALL
gdouble         coasync_timeout_when       (CoasyncTimeout      *self);
COASYNC_AVAILABLE_IN_ALL
gboolean        coasync_timeout_reschedule (CoasyncTimeout      *self,
                                            gdouble              when,
                                            GError             **error);
COASYNC_AVAILABLE_IN_ALL
gboolean        coasync_timeout_expired    (CoasyncTimeout      *self);
COASYNC_AVAILABLE_IN_ALL
gboolean        coasync_timeout_exit       (CoasyncTimeout      *self,
                                            GError             **error);
COASYNC_AVAILABLE_IN_ALL
gboolean        coasync_timeout_exit_with  (CoasyncTimeout      *self,
                                            gboolean             block_cancelled,
                                            GError             **error);
COASYNC_AVAILABLE_IN_ALL
gboolean        coasync_timeout_run        (gdouble              delay,
                                            CoasyncTimeoutFunc   func,
                                            gpointer             user_data,
                                            GError             **error);

G_END_DECLS
