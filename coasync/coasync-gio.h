/* coasync-gio.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <gio/gio.h>

#include "coasync-future.h"

G_BEGIN_DECLS

COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_gio_future_new             (void);
COASYNC_AVAILABLE_IN_ALL
GCancellable  *coasync_gio_future_get_cancellable (CoasyncFuture *self);
COASYNC_AVAILABLE_IN_ALL
void           coasync_gio_future_ready           (GObject       *source_object,
                                                   GAsyncResult  *result,
                                                   gpointer       user_data);
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_future_new_for_cancellable (GCancellable  *cancellable);

/**
 * COASYNC_GIO_ARGS:
 * @future: a future made by coasync_gio_future_new()
 *
 * The last three arguments of a GIO `*_async()` call — its cancellable,
 * callback and user data — for a call whose result @future receives:
 *
 * |[<!-- language="C" -->
 * CoasyncFuture *call = coasync_gio_future_new ();
 * g_autoptr(GAsyncResult) result = NULL;
 *
 * g_file_load_contents_async (file, COASYNC_GIO_ARGS (call));
 * result = coasync_await_object (call, error);
 * if (result == NULL || !g_file_load_contents_finish (file, result, &contents, &length, NULL, error))
 *   return FALSE;
 * ]|
 */
#define COASYNC_GIO_ARGS(future) \
  coasync_gio_future_get_cancellable (future), coasync_gio_future_ready, (future)

G_END_DECLS
