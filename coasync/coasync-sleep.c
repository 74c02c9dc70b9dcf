/* coasync-sleep.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <math.h>

#include "coasync-future-private.h"
#include "coasync-sleep.h"

/**
 * SECTION:coasync-sleep
 * @title: Sleeping
 * @short_description: Futures that complete after a delay
 *
 * coasync_sleep() is asyncio's `sleep()`: a future that completes after a
 * delay, on a timer of the context's scheduler. No #GSource is created per
 * sleep: all timers of a context share one heap.
 *
 * `coasync_await (coasync_sleep (0), error)` gives up exactly one tick, as
 * `await asyncio.sleep(0)` does: the other tasks that are ready run once,
 * then the caller resumes.
 */

#define COASYNC_TYPE_SLEEP (coasync_sleep_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncSleep, coasync_sleep_future, COASYNC, SLEEP, CoasyncFuture)

struct _CoasyncSleep
{
  CoasyncFuture parent_instance;
  CoasyncTimer  timer;   /* holds a reference while armed */
};

G_DEFINE_FINAL_TYPE (CoasyncSleep, coasync_sleep_future, COASYNC_TYPE_FUTURE)

static void
sleep_fire (CoasyncCall *call)
{
  CoasyncSleep *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncSleep, timer.call));
  CoasyncFuture *future = COASYNC_FUTURE (self);

  coasync_future_complete (future, NULL, NULL, FALSE);
  coasync_future_run_tick_waiter (future);
  coasync_recycler_release (self);
}

static gboolean
coasync_sleep_cancel (CoasyncFuture *future,
                      const char    *msg)
{
  CoasyncSleep *self = COASYNC_SLEEP (future);

  if (!COASYNC_FUTURE_CLASS (coasync_sleep_future_parent_class)->cancel (future, msg))
    return FALSE;

  /* The timer goes with the sleep; a call already queued fires harmlessly. */
  if (coasync_timer_node_is_queued (&self->timer.node))
    {
      coasync_scheduler_remove_timer (coasync_future_get_scheduler (future), &self->timer);
      g_object_unref (self);
    }
  return TRUE;
}

static void
sleep_reset (gpointer object)
{
  /* A recycled sleep has fired or been cancelled: its timer is idle. */
  g_assert (!coasync_timer_node_is_queued (&((CoasyncSleep *) object)->timer.node));
}

static void
coasync_sleep_future_class_init (CoasyncSleepClass *klass)
{
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_sleep_cancel;
  coasync_future_set_recycler (COASYNC_TYPE_SLEEP, sleep_reset);
}

static void
coasync_sleep_future_init (CoasyncSleep *self)
{
  self->timer.call.func = sleep_fire;
}

/**
 * coasync_sleep:
 * @delay: the delay in seconds; 0 or less yields one tick, `INFINITY` never
 *   completes
 *
 * Creates a future that completes with no result after @delay seconds:
 * asyncio's `sleep()`. Cancelling it removes its timer. The timer runs on
 * the thread-default #GMainContext.
 *
 * Returns: (transfer full): the sleep future
 */
CoasyncFuture *
coasync_sleep (gdouble delay)
{
  CoasyncSleep *self;
  CoasyncScheduler *scheduler;

  g_return_val_if_fail (!isnan (delay), NULL);

  self = coasync_future_obtain (COASYNC_TYPE_SLEEP);
  scheduler = coasync_future_get_scheduler (COASYNC_FUTURE (self));

  if (delay <= 0)
    {
      coasync_future_set_ticks_once (COASYNC_FUTURE (self));
      g_object_ref (self);  /* before the call can run */
      coasync_scheduler_schedule (scheduler, &self->timer.call);
    }
  else if (delay < (gdouble) (G_MAXINT64 / G_USEC_PER_SEC / 4))
    {
      gint64 deadline = g_get_monotonic_time () + (gint64) ceil (delay * G_USEC_PER_SEC);

      g_object_ref (self);
      coasync_scheduler_add_timer (scheduler, &self->timer, deadline);
    }
  /* else: an infinite sleep, done only when cancelled. */

  return COASYNC_FUTURE (self);
}
