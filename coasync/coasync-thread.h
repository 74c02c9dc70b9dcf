/* coasync-thread.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include "coasync-future.h"

G_BEGIN_DECLS

/**
 * CoasyncThreadFunc:
 * @cancellable: cancelled when the future returned by coasync_to_thread() is
 *   cancelled, for example because the task awaiting it was
 * @result: (out caller-allocates): an unset #GValue to put the result in;
 *   leave it unset for none
 * @user_data: the data given to coasync_to_thread()
 * @error: return location for the function's error
 *
 * A function run on a worker thread by coasync_to_thread(). It must not
 * touch the loop's objects: its result comes back on the loop's thread.
 *
 * Returns: %TRUE on success, %FALSE with @error set on failure
 */
typedef gboolean (*CoasyncThreadFunc) (GCancellable  *cancellable,
                                       GValue        *result,
                                       gpointer       user_data,
                                       GError       **error);

/**
 * CoasyncThreadCallback:
 * @cancellable: as for #CoasyncThreadFunc
 * @user_data: the data given to coasync_to_thread_call()
 *
 * A function run on a worker thread by coasync_to_thread_call(). It keeps
 * its outcome itself.
 */
typedef void (*CoasyncThreadCallback) (GCancellable *cancellable,
                                       gpointer      user_data);

COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_to_thread      (CoasyncThreadFunc      func,
                                       gpointer               user_data,
                                       GDestroyNotify         notify);
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_to_thread_call (CoasyncThreadCallback  func,
                                       gpointer               user_data,
                                       GDestroyNotify         notify);

G_END_DECLS
