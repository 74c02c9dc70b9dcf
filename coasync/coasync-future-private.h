/* coasync-future-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "coasync-future.h"
#include "coasync-recycler-private.h"
#include "coasync-scheduler-private.h"

G_BEGIN_DECLS

/* COASYNC_IS_FUTURE() for the hot paths: GLib's check takes the type
 * system's lock for an instance of a subclass (a task, a sleep). */
#define COASYNC_IS_FUTURE_FAST(object) (coasync_is_future (object))

/* G_IS_VALUE() for values the library initialized itself: GLib's check
 * takes the type system's lock. */
#define COASYNC_VALUE_IS_SET(value) (G_VALUE_TYPE (value) != G_TYPE_INVALID)

/* The text of a cancellation error when cancel() was given no message. */
#define COASYNC_CANCELLED_DEFAULT_MESSAGE "Operation was cancelled"

/* A done callback.  It doubles as the ready-queue entry that runs it, so
 * scheduling callbacks allocates nothing.  Tasks embed one to be woken. */
typedef struct _CoasyncCallback CoasyncCallback;

struct _CoasyncCallback
{
  CoasyncCall      call;
  CoasyncCallback *next;       /* in the future's list */
  CoasyncFuture   *future;     /* a reference, while queued */
  CoasyncDoneFunc  func;
  gpointer         user_data;
  GDestroyNotify   notify;
  gboolean         embedded;   /* owned by its container, not freed */
};

CoasyncScheduler *coasync_future_get_scheduler       (CoasyncFuture   *self);
void              coasync_future_bind                (CoasyncFuture   *self,
                                                      GMainContext    *context);
void              coasync_pointer_value_init         (GValue          *value,
                                                      gpointer         pointer,
                                                      GDestroyNotify   notify);
GError           *coasync_cancelled_error_new        (const char      *msg);
gboolean          coasync_error_is_cancelled         (const GError    *error);

gboolean          coasync_future_complete            (CoasyncFuture   *self,
                                                      GValue          *value,
                                                      GError          *error,
                                                      gboolean         steal_value);
gboolean          coasync_future_complete_cancelled  (CoasyncFuture   *self,
                                                      GError          *error);
void              coasync_future_add_callback        (CoasyncFuture   *self,
                                                      CoasyncCallback *callback);
gboolean          coasync_future_take_result         (CoasyncFuture   *self,
                                                      GValue          *value,
                                                      GError         **error);
const GError     *coasync_future_peek_error          (CoasyncFuture   *self);

/* Futures that complete one tick after they are created (sleep(0)) can take
 * one task to resume in that same tick, as asyncio's bare `yield` does. */
void              coasync_future_set_driven          (CoasyncFuture   *self);
void              coasync_future_set_ticks_once      (CoasyncFuture   *self);
gboolean          coasync_future_set_tick_waiter     (CoasyncFuture   *self,
                                                      CoasyncCallback *callback);
void              coasync_future_run_tick_waiter     (CoasyncFuture   *self);

/* Futures and tasks are recycled (coasync-recycler-private.h); these are
 * the future-side entry points. */
gpointer          coasync_future_obtain              (GType            type);
gboolean          coasync_is_future                  (gconstpointer    object);
void              coasync_future_set_recycler        (GType            type,
                                                      CoasyncResetFunc reset);

G_END_DECLS
