/* coasync-wait.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <math.h>

#include "coasync-error.h"
#include "coasync-future-private.h"
#include "coasync-wait.h"

/**
 * SECTION:coasync-wait
 * @title: Waiting primitives
 * @short_description: asyncio.wait() and asyncio.as_completed()
 *
 * coasync_wait() waits until some or all of a set of futures are done,
 * never raising on timeout, and tells which are done and which are still
 * pending. coasync_as_completed() hands out the outcomes of a set of
 * futures in the order they complete.
 */

G_DEFINE_ENUM_TYPE (CoasyncReturnWhen, coasync_return_when,
                    G_DEFINE_ENUM_VALUE (COASYNC_FIRST_COMPLETED, "first-completed"),
                    G_DEFINE_ENUM_VALUE (COASYNC_FIRST_EXCEPTION, "first-exception"),
                    G_DEFINE_ENUM_VALUE (COASYNC_ALL_COMPLETED, "all-completed"))

/* The distinct futures of @futures, in order, each with a reference. */
static GPtrArray *
distinct_futures (CoasyncFuture **futures,
                  guint           n_futures)
{
  GPtrArray *set = g_ptr_array_new_full (n_futures, g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n_futures; i++)
    if (g_hash_table_add (seen, futures[i]))
      g_ptr_array_add (set, g_object_ref (futures[i]));
  return set;
}

/* --- wait -------------------------------------------------------------------- */

#define COASYNC_TYPE_WAIT (coasync_wait_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncWait, coasync_wait_future, COASYNC, WAIT, CoasyncFuture)

struct _CoasyncWait
{
  CoasyncFuture      parent_instance;

  GPtrArray         *futures;
  guint              remaining;
  CoasyncReturnWhen  return_when;
  CoasyncTimer       timer;       /* holds a reference while armed */
};

G_DEFINE_FINAL_TYPE (CoasyncWait, coasync_wait_future, COASYNC_TYPE_FUTURE)

static void wait_member_done (CoasyncFuture *future,
                              gpointer       user_data);

/* Stops watching: the timer and the callbacks go, as asyncio's finally. */
static void
wait_stop (CoasyncWait *self)
{
  /* Removing the callbacks drops their references to the wait. */
  g_autoptr(CoasyncWait) keep = g_object_ref (self);

  if (coasync_timer_node_is_queued (&self->timer.node))
    {
      coasync_scheduler_remove_timer (coasync_future_get_scheduler (COASYNC_FUTURE (self)), &self->timer);
      g_object_unref (self);
    }
  for (guint i = 0; i < self->futures->len; i++)
    coasync_future_remove_done_callback (g_ptr_array_index (self->futures, i), wait_member_done, self);
}

static void
wait_release (CoasyncWait *self)
{
  wait_stop (self);
  coasync_future_set_result (COASYNC_FUTURE (self), NULL, NULL);
}

static void
wait_member_done (CoasyncFuture *future,
                  gpointer       user_data)
{
  CoasyncWait *self = user_data;

  self->remaining--;
  if (self->remaining == 0
      || self->return_when == COASYNC_FIRST_COMPLETED
      || (self->return_when == COASYNC_FIRST_EXCEPTION
          && !coasync_future_cancelled (future) && coasync_future_peek_error (future) != NULL))
    wait_release (self);
}

static void
wait_timer_fire (CoasyncCall *call)
{
  CoasyncWait *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncWait, timer.call));

  wait_release (self);
  g_object_unref (self);  /* the timer's reference */
}

/* Cancelling the wait (its waiter was cancelled) leaves the futures alone. */
static gboolean
coasync_wait_cancel (CoasyncFuture *future,
                     const char    *msg)
{
  if (!COASYNC_FUTURE_CLASS (coasync_wait_future_parent_class)->cancel (future, msg))
    return FALSE;
  wait_stop (COASYNC_WAIT (future));
  return TRUE;
}

static void
coasync_wait_finalize (GObject *object)
{
  CoasyncWait *self = COASYNC_WAIT (object);

  g_ptr_array_unref (self->futures);

  G_OBJECT_CLASS (coasync_wait_future_parent_class)->finalize (object);
}

static void
coasync_wait_future_class_init (CoasyncWaitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_wait_finalize;
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_wait_cancel;
}

static void
coasync_wait_future_init (CoasyncWait *self)
{
  self->timer.call.func = wait_timer_fire;
}

/**
 * coasync_wait:
 * @futures: (array length=n_futures) (transfer none): the futures to wait for;
 *   at least one
 * @n_futures: how many there are
 * @timeout: the longest wait in seconds, `INFINITY` for none
 * @return_when: when to stop waiting
 *
 * Returns a future that completes, with no result, when @return_when says or
 * when @timeout passes: `asyncio.wait()`. It never fails on timeout, and
 * cancelling it (as cancelling the task awaiting it does) leaves @futures
 * alone. Once it is done, coasync_wait_get_done() and
 * coasync_wait_get_pending() split @futures, without duplicates.
 *
 * Returns: (transfer full): the future to await
 */
CoasyncFuture *
coasync_wait (CoasyncFuture     **futures,
              guint               n_futures,
              gdouble             timeout,
              CoasyncReturnWhen   return_when)
{
  CoasyncWait *self;

  g_return_val_if_fail (futures != NULL && n_futures > 0, NULL);
  g_return_val_if_fail (return_when <= COASYNC_ALL_COMPLETED, NULL);
  g_return_val_if_fail (!isnan (timeout), NULL);
  for (guint i = 0; i < n_futures; i++)
    g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (futures[i]), NULL);

  self = g_object_new (COASYNC_TYPE_WAIT, NULL);
  coasync_future_bind (COASYNC_FUTURE (self), coasync_future_get_context (futures[0]));
  self->futures = distinct_futures (futures, n_futures);
  self->remaining = self->futures->len;
  self->return_when = return_when;

  if (!isinf (timeout))
    {
      g_object_ref (self);
      coasync_scheduler_add_timer (coasync_future_get_scheduler (COASYNC_FUTURE (self)), &self->timer,
                                   g_get_monotonic_time () + (gint64) ceil (MAX (timeout, 0) * G_USEC_PER_SEC));
    }
  /* The callbacks hold the wait until it stops and removes them. */
  for (guint i = 0; i < self->futures->len; i++)
    coasync_future_add_done_callback (g_ptr_array_index (self->futures, i), wait_member_done,
                                      g_object_ref (self), g_object_unref);
  return COASYNC_FUTURE (self);
}

static GPtrArray *
wait_split (CoasyncFuture *wait,
            gboolean       done)
{
  CoasyncWait *self = COASYNC_WAIT (wait);
  GPtrArray *part = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->futures->len; i++)
    {
      CoasyncFuture *future = g_ptr_array_index (self->futures, i);

      if (coasync_future_done (future) == done)
        g_ptr_array_add (part, g_object_ref (future));
    }
  return part;
}

/**
 * coasync_wait_get_done:
 * @wait: a future made by coasync_wait()
 *
 * Returns the futures of @wait that are done now.
 *
 * Returns: (transfer container) (element-type CoasyncFuture): the done futures,
 *   in the order they were given
 */
GPtrArray *
coasync_wait_get_done (CoasyncFuture *wait)
{
  g_return_val_if_fail (COASYNC_IS_WAIT (wait), NULL);

  return wait_split (wait, TRUE);
}

/**
 * coasync_wait_get_pending:
 * @wait: a future made by coasync_wait()
 *
 * Returns the futures of @wait that are not done yet.
 *
 * Returns: (transfer container) (element-type CoasyncFuture): the pending
 *   futures, in the order they were given
 */
GPtrArray *
coasync_wait_get_pending (CoasyncFuture *wait)
{
  g_return_val_if_fail (COASYNC_IS_WAIT (wait), NULL);

  return wait_split (wait, FALSE);
}

/* --- as_completed ------------------------------------------------------------- */

struct _CoasyncAsCompleted
{
  GObject       parent_instance;

  guint         n_futures;
  guint         handed_out;
  GQueue        done;          /* futures done, not yet handed out */
  GQueue        waiting;       /* handed-out futures waiting for one */
  GPtrArray    *todo;          /* futures not done yet */
  gboolean      timed_out;
  CoasyncTimer  timer;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (CoasyncAsCompleted, coasync_as_completed, G_TYPE_OBJECT)

/* Gives @source's outcome to @next, a future handed out by _next(). */
static void
deliver (CoasyncFuture *next,
         CoasyncFuture *source)
{
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  if (source == NULL)
    coasync_future_complete (next, NULL,
                             g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timeout expired"),
                             FALSE);
  else if (coasync_future_take_result (source, &value, &error))
    coasync_future_complete (next, &value, NULL, TRUE);
  else if (coasync_future_cancelled (source))
    coasync_future_complete_cancelled (next, error);
  else
    coasync_future_complete (next, NULL, error, FALSE);
}

/* asyncio puts the done future in the queue; a waiting next takes it. */
static void
push_done (CoasyncAsCompleted *self,
           CoasyncFuture      *source)
{
  CoasyncFuture *next = g_queue_pop_head (&self->waiting);

  if (next == NULL)
    {
      g_queue_push_tail (&self->done, source != NULL ? g_object_ref (source) : NULL);
      return;
    }
  deliver (next, source);
  g_object_unref (next);
}

static void
member_done (CoasyncFuture *future,
             gpointer       user_data)
{
  CoasyncAsCompleted *self = user_data;

  if (!g_ptr_array_remove (self->todo, future))
    return;  /* after the timeout */
  push_done (self, future);
  if (self->todo->len == 0 && coasync_timer_node_is_queued (&self->timer.node))
    {
      coasync_scheduler_remove_timer (coasync_scheduler_get (self->context), &self->timer);
      g_object_unref (self);
    }
}

/* On timeout every remaining slot gets a TimeoutError; the futures go on. */
static void
as_completed_timeout (CoasyncCall *call)
{
  CoasyncAsCompleted *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncAsCompleted, timer.call));

  self->timed_out = TRUE;
  while (self->todo->len > 0)
    {
      g_ptr_array_remove_index (self->todo, 0);
      push_done (self, NULL);
    }
  g_object_unref (self);  /* the timer's reference */
}

/* The done queue holds NULL for the slots a timeout filled. */
static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
coasync_as_completed_finalize (GObject *object)
{
  CoasyncAsCompleted *self = COASYNC_AS_COMPLETED (object);

  g_queue_clear_full (&self->done, unref_if_set);
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_ptr_array_unref (self->todo);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (coasync_as_completed_parent_class)->finalize (object);
}

static void
coasync_as_completed_class_init (CoasyncAsCompletedClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_as_completed_finalize;
}

static void
coasync_as_completed_init (CoasyncAsCompleted *self)
{
  g_queue_init (&self->done);
  g_queue_init (&self->waiting);
  self->timer.call.func = as_completed_timeout;
}

/**
 * coasync_as_completed:
 * @futures: (array length=n_futures) (transfer none): the futures
 * @n_futures: how many there are
 * @timeout: the longest wait in seconds for all of them, `INFINITY` for none
 *
 * Returns an iterator over the outcomes of @futures in the order they
 * complete: `asyncio.as_completed()`. Call coasync_as_completed_next()
 * coasync_as_completed_get_n_futures() times (duplicates are removed).
 * After @timeout, the outcomes not handed out yet are
 * %G_IO_ERROR_TIMED_OUT; the futures themselves are not cancelled.
 *
 * Returns: (transfer full): the iterator
 */
CoasyncAsCompleted *
coasync_as_completed (CoasyncFuture **futures,
                      guint           n_futures,
                      gdouble         timeout)
{
  CoasyncAsCompleted *self;
  GPtrArray *set;

  g_return_val_if_fail (futures != NULL || n_futures == 0, NULL);
  g_return_val_if_fail (!isnan (timeout), NULL);
  for (guint i = 0; i < n_futures; i++)
    g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (futures[i]), NULL);

  self = g_object_new (COASYNC_TYPE_AS_COMPLETED, NULL);
  self->context = g_main_context_ref (n_futures > 0 ? coasync_future_get_context (futures[0])
                                                     : coasync_scheduler_get_context (coasync_scheduler_get (NULL)));
  set = distinct_futures (futures, n_futures);
  self->n_futures = set->len;
  self->todo = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < set->len; i++)
    {
      CoasyncFuture *future = g_ptr_array_index (set, i);

      g_ptr_array_add (self->todo, g_object_ref (future));
      coasync_future_add_done_callback (future, member_done, g_object_ref (self), g_object_unref);
    }
  g_ptr_array_unref (set);

  if (!isinf (timeout) && self->n_futures > 0)
    {
      g_object_ref (self);
      coasync_scheduler_add_timer (coasync_scheduler_get (self->context), &self->timer,
                                   g_get_monotonic_time () + (gint64) ceil (MAX (timeout, 0) * G_USEC_PER_SEC));
    }
  return self;
}

/**
 * coasync_as_completed_next:
 * @self: a #CoasyncAsCompleted
 *
 * Returns a future with the outcome of the next future to complete, or a
 * %G_IO_ERROR_TIMED_OUT error after the timeout. A future already done is
 * handed out at once.
 *
 * Returns: (transfer full) (nullable): the future to await, or %NULL once
 *   every future was handed out
 */
CoasyncFuture *
coasync_as_completed_next (CoasyncAsCompleted *self)
{
  CoasyncFuture *next;

  g_return_val_if_fail (COASYNC_IS_AS_COMPLETED (self), NULL);

  if (self->handed_out == self->n_futures)
    return NULL;
  self->handed_out++;

  next = coasync_future_new_for_context (self->context);
  if (!g_queue_is_empty (&self->done))
    {
      CoasyncFuture *source = g_queue_pop_head (&self->done);

      deliver (next, source);
      g_clear_object (&source);
    }
  else
    g_queue_push_tail (&self->waiting, g_object_ref (next));
  return next;
}

/**
 * coasync_as_completed_get_n_futures:
 * @self: a #CoasyncAsCompleted
 *
 * Returns how many outcomes the iterator hands out: the number of distinct
 * futures it was given.
 *
 * Returns: the number of futures
 */
guint
coasync_as_completed_get_n_futures (CoasyncAsCompleted *self)
{
  g_return_val_if_fail (COASYNC_IS_AS_COMPLETED (self), 0);

  return self->n_futures;
}
