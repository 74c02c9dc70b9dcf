/* coasync-loop.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-loop.h"
#include "coasync-scheduler-private.h"

/**
 * SECTION:coasync-loop
 * @title: The loop
 * @short_description: Time and callbacks of the running loop
 *
 * In coasync the loop is a #GMainContext: the thread-default one, run by a
 * #GMainLoop, by GTK, or by coasync_run(). These functions are the parts of
 * asyncio's loop API that C code needs: its clock and its ready queue.
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
