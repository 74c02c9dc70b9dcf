/* coasync-gather.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include "coasync-future.h"

G_BEGIN_DECLS

COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_gather             (CoasyncFuture  **futures,
                                           guint            n_futures,
                                           gboolean         return_exceptions);
COASYNC_AVAILABLE_IN_ALL
GPtrArray     *coasync_await_gather       (CoasyncFuture   *gather,
                                           GError         **error);

G_END_DECLS
