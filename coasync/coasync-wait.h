/* coasync-wait.h
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
 * CoasyncReturnWhen:
 * @COASYNC_FIRST_COMPLETED: return as soon as any future is done
 * @COASYNC_FIRST_EXCEPTION: return when a future fails, or when all are done;
 *   a cancelled future does not count as a failure
 * @COASYNC_ALL_COMPLETED: return when every future is done
 *
 * When coasync_wait() returns, as asyncio's `wait()` constants.
 */
typedef enum
{
  COASYNC_FIRST_COMPLETED,
  COASYNC_FIRST_EXCEPTION,
  COASYNC_ALL_COMPLETED,
} CoasyncReturnWhen;

/**
 * COASYNC_TYPE_AS_COMPLETED:
 *
 * The #GType of #CoasyncAsCompleted.
 */
#define COASYNC_TYPE_AS_COMPLETED (coasync_as_completed_get_type ())

/**
 * CoasyncAsCompleted:
 *
 * An iterator over futures in the order they complete, made by
 * coasync_as_completed(). All its fields are private.
 */
COASYNC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (CoasyncAsCompleted, coasync_as_completed, COASYNC, AS_COMPLETED, GObject)

COASYNC_AVAILABLE_IN_ALL
GType               coasync_return_when_get_type      (void) G_GNUC_CONST;
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture      *coasync_wait                      (CoasyncFuture      **futures,
                                                       guint                n_futures,
                                                       gdouble              timeout,
                                                       CoasyncReturnWhen    return_when);
COASYNC_AVAILABLE_IN_ALL
GPtrArray          *coasync_wait_get_done             (CoasyncFuture       *wait);
COASYNC_AVAILABLE_IN_ALL
GPtrArray          *coasync_wait_get_pending          (CoasyncFuture       *wait);

COASYNC_AVAILABLE_IN_ALL
CoasyncAsCompleted *coasync_as_completed              (CoasyncFuture      **futures,
                                                       guint                n_futures,
                                                       gdouble              timeout);
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture      *coasync_as_completed_next         (CoasyncAsCompleted  *self);
COASYNC_AVAILABLE_IN_ALL
guint               coasync_as_completed_get_n_futures (CoasyncAsCompleted *self);

G_END_DECLS
