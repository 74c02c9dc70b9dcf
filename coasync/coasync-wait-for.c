/* coasync-wait-for.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <math.h>

#include "coasync-future-private.h"
#include "coasync-wait-for.h"

/**
 * SECTION:coasync-wait-for
 * @title: Waiting with a timeout
 * @short_description: asyncio.wait_for()
 *
 * coasync_wait_for() waits for a future with a timeout. On timeout it
 * cancels the future and waits until it has finished cancelling, so that its
 * cleanup is over when the caller sees %G_IO_ERROR_TIMED_OUT; if the future
 * ignores the cancellation and finishes with a result, that result is
 * returned. It follows asyncio 3.12, where `asyncio.wait_for()` is `async with
 * timeout(): await future` in the caller's task: cancelling the wait
 * cancels the future, and a cancellation of the caller is never lost.
 *
 * The returned future is not a task: it follows the awaited future through
 * callbacks and a timer, so waiting with a timeout costs no stack.
 */

#define COASYNC_TYPE_WAIT_FOR (coasync_wait_for_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncWaitFor, coasync_wait_for_future, COASYNC, WAIT_FOR, CoasyncFuture)

struct _CoasyncWaitFor
{
  CoasyncFuture  parent_instance;

  CoasyncFuture *inner;
  CoasyncTimer   timer;            /* holds a reference while armed */
  gboolean       expired;          /* the timer cancelled the inner future */
  gboolean       cancel_requested; /* the waiter cancelled us */
};

G_DEFINE_FINAL_TYPE (CoasyncWaitFor, coasync_wait_for_future, COASYNC_TYPE_FUTURE)

static void
disarm (CoasyncWaitFor *self)
{
  if (coasync_timer_node_is_queued (&self->timer.node))
    {
      coasync_scheduler_remove_timer (coasync_future_get_scheduler (COASYNC_FUTURE (self)), &self->timer);
      g_object_unref (self);
    }
}

/* The inner future is done: take its outcome, as `await future` would, and
 * decide as the timeout's exit would. */
static void
inner_done (CoasyncFuture *inner,
            gpointer       user_data)
{
  CoasyncWaitFor *self = user_data;
  CoasyncFuture *future = COASYNC_FUTURE (self);
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  disarm (self);
  if (coasync_future_take_result (inner, &value, &error))
    coasync_future_complete (future, &value, NULL, TRUE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    coasync_future_complete (future, NULL, error, FALSE);
  else if (self->cancel_requested)
    coasync_future_complete_cancelled (future, error);
  else if (self->expired)
    {
      g_error_free (error);
      coasync_future_complete (future, NULL,
                               g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timeout expired"),
                               FALSE);
    }
  else
    coasync_future_complete (future, NULL, error, FALSE);  /* cancelled by someone else */
}

static void
timer_fire (CoasyncCall *call)
{
  CoasyncWaitFor *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncWaitFor, timer.call));

  if (!coasync_future_done (self->inner))
    {
      self->expired = TRUE;
      coasync_future_cancel (self->inner, NULL);
    }
  g_object_unref (self);  /* the timer's reference */
}

/* The waiting task is cancelled: cancel the inner future, and complete once
 * it is done (it may still return a value). */
static gboolean
coasync_wait_for_cancel (CoasyncFuture *future,
                         const char    *msg)
{
  CoasyncWaitFor *self = COASYNC_WAIT_FOR (future);

  if (coasync_future_done (future) || !coasync_future_cancel (self->inner, msg))
    return FALSE;
  self->cancel_requested = TRUE;
  return TRUE;
}

static void
coasync_wait_for_finalize (GObject *object)
{
  CoasyncWaitFor *self = COASYNC_WAIT_FOR (object);

  g_clear_object (&self->inner);

  G_OBJECT_CLASS (coasync_wait_for_future_parent_class)->finalize (object);
}

static void
coasync_wait_for_future_class_init (CoasyncWaitForClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_wait_for_finalize;
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_wait_for_cancel;
}

static void
coasync_wait_for_future_init (CoasyncWaitFor *self)
{
  self->timer.call.func = timer_fire;
}

/**
 * coasync_wait_for:
 * @future: (transfer full): the future to wait for
 * @timeout: the timeout in seconds; `INFINITY` waits without limit, 0 or
 *   less only takes a result that is already there
 *
 * Returns a future with @future's outcome, or %G_IO_ERROR_TIMED_OUT if it
 * takes longer than @timeout: `asyncio.wait_for()`. On timeout @future is
 * cancelled, and the returned future completes only once @future is done
 * (with @future's result if it ignored the cancellation). Cancelling the
 * returned future cancels @future, and it then completes cancelled once
 * @future is done. With a timeout of 0 or less, a @future already done gives
 * its outcome at once; otherwise it is cancelled at once.
 *
 * Returns: (transfer full): a future to await
 */
CoasyncFuture *
coasync_wait_for (CoasyncFuture *future,
                  gdouble        timeout)
{
  CoasyncWaitFor *self;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (future), NULL);
  g_return_val_if_fail (!isnan (timeout), NULL);

  self = g_object_new (COASYNC_TYPE_WAIT_FOR, NULL);
  coasync_future_bind (COASYNC_FUTURE (self), coasync_future_get_context (future));
  self->inner = future;

  /* A result already there is returned at once: awaiting it does not
   * yield, as the coroutine returns without suspending. */
  if (coasync_future_done (future))
    {
      inner_done (future, self);
      return COASYNC_FUTURE (self);
    }

  if (timeout <= 0)
    {
      self->expired = TRUE;
      coasync_future_cancel (future, NULL);
    }
  else if (timeout > 0 && !isinf (timeout))
    {
      gint64 deadline = g_get_monotonic_time () + (gint64) ceil (timeout * G_USEC_PER_SEC);

      coasync_scheduler_add_timer (coasync_future_get_scheduler (COASYNC_FUTURE (self)),
                                   &self->timer, deadline);
      g_object_ref (self);
    }
  coasync_future_add_done_callback (future, inner_done, g_object_ref (self), g_object_unref);
  return COASYNC_FUTURE (self);
}
