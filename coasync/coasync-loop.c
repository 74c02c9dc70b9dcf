/* coasync-loop.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-loop.h"
#include "coasync-scheduler-private.h"

#include <math.h>

/**
 * SECTION:coasync-loop
 * @title: The loop
 * @short_description: Time and callbacks of the running loop
 *
 * In coasync the loop is a #GMainContext: the thread-default one, run by a
 * #GMainLoop, by GTK, or by coasync_run(). These functions are the parts of
 * asyncio's loop API that C code needs: its clock, its ready queue and its
 * timers.
 */

/**
 * coasync_time:
 *
 * Returns the loop's clock: the monotonic time in seconds, asyncio's
 * `loop.time()`. Sleep and timeout deadlines are expressed on it.
 *
 * Returns: the current time, in seconds
 */
gdouble
coasync_time (void)
{
  return (gdouble) g_get_monotonic_time () / G_USEC_PER_SEC;
}

/**
 * coasync_call_soon:
 * @context: (nullable): a #GMainContext, %NULL for the thread-default one
 * @func: (scope async) (closure user_data): the function to call
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data after @func ran
 *
 * Queues @func at the end of the ready queue of @context: asyncio's
 * `loop.call_soon()`. It runs on the next tick, after what was queued
 * before it, with no current task.
 */
void
coasync_call_soon (GMainContext    *context,
                   GSourceOnceFunc  func,
                   gpointer         user_data,
                   GDestroyNotify   notify)
{
  g_return_if_fail (func != NULL);

  coasync_scheduler_call_soon_func (coasync_scheduler_get (context), func, user_data, notify, FALSE);
}

/**
 * coasync_call_soon_threadsafe:
 * @context: a #GMainContext
 * @func: (scope async) (closure user_data): the function to call
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data after @func ran
 *
 * Queues @func on @context from any thread and wakes the context up:
 * asyncio's `loop.call_soon_threadsafe()`. It joins the ready queue at the
 * next tick boundary.
 */
void
coasync_call_soon_threadsafe (GMainContext    *context,
                              GSourceOnceFunc  func,
                              gpointer         user_data,
                              GDestroyNotify   notify)
{
  g_return_if_fail (context != NULL);
  g_return_if_fail (func != NULL);

  coasync_scheduler_call_soon_func (coasync_scheduler_get (context), func, user_data, notify, TRUE);
}

struct _CoasyncTimerHandle
{
  gint              ref_count;
  CoasyncTimer      timer;
  CoasyncScheduler *scheduler;  /* set while the timer is armed */
  gdouble           when;
  gboolean          cancelled;
  GSourceOnceFunc   func;
  gpointer          user_data;
  GDestroyNotify    notify;
};

G_DEFINE_BOXED_TYPE (CoasyncTimerHandle, coasync_timer_handle,
                     coasync_timer_handle_ref, coasync_timer_handle_unref)

/* Ends the armed state: drops the data and the scheduler's reference. */
static void
timer_handle_disarm (CoasyncTimerHandle *self)
{
  g_clear_pointer (&self->scheduler, coasync_scheduler_unref);
  if (self->notify != NULL)
    self->notify (g_steal_pointer (&self->user_data));
  self->func = NULL;
  coasync_timer_handle_unref (self);
}

/* The timer's call: runs in the tick its deadline joins, as asyncio runs
 * an expired TimerHandle. */
static void
timer_handle_fire (CoasyncCall *call)
{
  CoasyncTimerHandle *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncTimerHandle, timer.call));

  /* Cancelled after its deadline joined the ready queue: it only ends. */
  if (!self->cancelled)
    self->func (self->user_data);
  timer_handle_disarm (self);
}

/**
 * coasync_call_at:
 * @context: (nullable): a #GMainContext, %NULL for the thread-default one
 * @when: the time to call @func at, on coasync_time()'s clock
 * @func: (scope notified) (closure user_data) (destroy notify): the function to call
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data after @func ran, or when the call is
 *   cancelled
 *
 * Calls @func at @when: asyncio's `loop.call_at()`. Once @when has passed,
 * @func runs in the next tick, before the tasks that a timer of the same
 * time wakes up, and with no current task. Call it from the thread that
 * runs @context.
 *
 * Returns: (transfer full): a handle to cancel the call with
 */
CoasyncTimerHandle *
coasync_call_at (GMainContext    *context,
                 gdouble          when,
                 GSourceOnceFunc  func,
                 gpointer         user_data,
                 GDestroyNotify   notify)
{
  CoasyncTimerHandle *self;
  gint64 deadline;

  g_return_val_if_fail (!isnan (when), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (CoasyncTimerHandle, 1);
  self->ref_count = 2;  /* the caller's and the armed timer's */
  self->when = when;
  self->func = func;
  self->user_data = user_data;
  self->notify = notify;
  self->scheduler = coasync_scheduler_ref (coasync_scheduler_get (context));
  self->timer.call.func = timer_handle_fire;

  deadline = when < (gdouble) (G_MAXINT64 / G_USEC_PER_SEC / 4)
             ? (gint64) ceil (when * G_USEC_PER_SEC) : G_MAXINT64 / 4;
  coasync_scheduler_add_timer (self->scheduler, &self->timer, deadline);
  return self;
}

/**
 * coasync_call_later:
 * @context: (nullable): a #GMainContext, %NULL for the thread-default one
 * @delay: the delay in seconds
 * @func: (scope notified) (closure user_data) (destroy notify): the function to call
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data after @func ran, or when the call is
 *   cancelled
 *
 * Calls @func after @delay seconds: asyncio's `loop.call_later()`, that is
 * coasync_call_at() at coasync_time() + @delay.
 *
 * Returns: (transfer full): a handle to cancel the call with
 */
CoasyncTimerHandle *
coasync_call_later (GMainContext    *context,
                    gdouble          delay,
                    GSourceOnceFunc  func,
                    gpointer         user_data,
                    GDestroyNotify   notify)
{
  return coasync_call_at (context, coasync_time () + delay, func, user_data, notify);
}

/**
 * coasync_timer_handle_ref:
 * @self: a #CoasyncTimerHandle
 *
 * Adds a reference.
 *
 * Returns: (transfer full): @self, with one more reference
 */
CoasyncTimerHandle *
coasync_timer_handle_ref (CoasyncTimerHandle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  self->ref_count++;
  return self;
}

/**
 * coasync_timer_handle_unref:
 * @self: (transfer full): a #CoasyncTimerHandle
 *
 * Drops a reference. An armed call keeps a reference of its own: dropping
 * the handle does not cancel it.
 */
void
coasync_timer_handle_unref (CoasyncTimerHandle *self)
{
  g_return_if_fail (self != NULL);

  if (--self->ref_count == 0)
    g_free (self);
}

/**
 * coasync_timer_handle_when:
 * @self: a #CoasyncTimerHandle
 *
 * Tells when the call is due: asyncio's `TimerHandle.when()`.
 *
 * Returns: the time the call is scheduled at, on coasync_time()'s clock
 */
gdouble
coasync_timer_handle_when (CoasyncTimerHandle *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->when;
}

/**
 * coasync_timer_handle_cancel:
 * @self: a #CoasyncTimerHandle
 *
 * Cancels the call if it has not run yet: asyncio's `TimerHandle.cancel()`.
 * Its data is freed, at once or, if its time has just come, on the tick it
 * would have run in. Call it from the thread that runs the context.
 */
void
coasync_timer_handle_cancel (CoasyncTimerHandle *self)
{
  g_return_if_fail (self != NULL);

  if (self->cancelled || self->scheduler == NULL)
    return;
  self->cancelled = TRUE;
  /* Once queued to run, the call ends in timer_handle_fire() instead. */
  if (coasync_timer_node_is_queued (&self->timer.node))
    {
      coasync_scheduler_remove_timer (self->scheduler, &self->timer);
      timer_handle_disarm (self);
    }
}

/**
 * coasync_timer_handle_cancelled:
 * @self: a #CoasyncTimerHandle
 *
 * Tells whether the call was cancelled: asyncio's `TimerHandle.cancelled()`.
 *
 * Returns: whether the call was cancelled before it ran
 */
gboolean
coasync_timer_handle_cancelled (CoasyncTimerHandle *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->cancelled;
}
