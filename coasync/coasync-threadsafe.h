/* coasync-threadsafe.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include "coasync-task.h"

G_BEGIN_DECLS

COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_run_coroutine_threadsafe         (CoasyncTaskFunc   func,
                                                         gpointer          user_data,
                                                         GDestroyNotify    notify,
                                                         GMainContext     *context);
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_run_coroutine_threadsafe_stepped (CoasyncStepFunc   func,
                                                         gpointer          user_data,
                                                         GDestroyNotify    notify,
                                                         GMainContext     *context);

G_END_DECLS
