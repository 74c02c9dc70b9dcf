/* coasync-gather.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-future-private.h"
#include "coasync-gather.h"
#include "coasync-task.h"

/**
 * SECTION:coasync-gather
 * @title: Running concurrently
 * @short_description: asyncio.gather()
 *
 * coasync_gather() waits for several futures (tasks, usually) and gives
 * their results in the order they were passed: `asyncio.gather()`.
 *
 * |[<!-- language="C" -->
 * CoasyncFuture *children[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
 * g_autoptr(GPtrArray) results = coasync_await_gather (coasync_gather (children, 2, FALSE), error);
 *
 * if (results != NULL)
 *   g_print ("%d\n", g_value_get_int (g_ptr_array_index (results, 0)));
 * ]|
 *
 * As in asyncio, the first error is reported at once while the other
 * children keep running; a child that is cancelled counts as an error; and
 * cancelling the gathering future cancels the children, after which it
 * fails with %G_IO_ERROR_CANCELLED without being cancelled itself.
 */

#define COASYNC_TYPE_GATHER (coasync_gather_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncGather, coasync_gather_future, COASYNC, GATHER, CoasyncFuture)

struct _CoasyncGather
{
  CoasyncFuture  parent_instance;

  GPtrArray     *children;        /* in argument order, duplicates repeated */
  guint          n_unique;
  guint          n_finished;
  gboolean       return_exceptions;
  gboolean       cancel_requested;
};

G_DEFINE_FINAL_TYPE (CoasyncGather, coasync_gather_future, COASYNC_TYPE_FUTURE)

static void
free_value (gpointer data)
{
  GValue *value = data;

  if (COASYNC_VALUE_IS_SET (value))
    g_value_unset (value);
  g_free (value);
}

/* The outcome of a done child as one list entry: its result, or its error
 * (a cancellation keeps its message). */
static GValue *
child_entry (CoasyncFuture *child)
{
  GValue *entry = g_new0 (GValue, 1);
  GError *error = NULL;

  if (!coasync_future_get_result (child, entry, &error))
    {
      g_value_unset (entry);
      g_value_init (entry, G_TYPE_ERROR);
      g_value_take_boxed (entry, error);
    }
  return entry;
}

/* asyncio's _done_callback of gather(). */
static void
child_done (CoasyncFuture *child,
            gpointer       user_data)
{
  CoasyncGather *self = user_data;
  CoasyncFuture *outer = COASYNC_FUTURE (self);
  const GError *error;
  GPtrArray *results;
  GValue value = G_VALUE_INIT;

  self->n_finished++;
  if (coasync_future_done (outer))
    return;

  error = coasync_future_peek_error (child);
  if (!self->return_exceptions && error != NULL)
    {
      /* A cancelled child is an error of the gathering future, which is
       * not cancelled itself. */
      coasync_future_complete (outer, NULL, g_error_copy (error), FALSE);
      return;
    }
  if (self->n_finished < self->n_unique)
    return;

  if (self->cancel_requested)
    {
      coasync_future_complete (outer, NULL,
                               coasync_future_cancelled (child) ? g_error_copy (error)
                                                                : coasync_cancelled_error_new (NULL),
                               FALSE);
      return;
    }

  results = g_ptr_array_new_full (self->children->len, free_value);
  for (guint i = 0; i < self->children->len; i++)
    g_ptr_array_add (results, child_entry (g_ptr_array_index (self->children, i)));
  g_value_init (&value, G_TYPE_PTR_ARRAY);
  g_value_take_boxed (&value, results);
  coasync_future_complete (outer, &value, NULL, TRUE);
}

/* asyncio's _GatheringFuture.cancel(): cancel the children; the outcome
 * comes when they are done. */
static gboolean
coasync_gather_cancel (CoasyncFuture *future,
                       const char    *msg)
{
  CoasyncGather *self = COASYNC_GATHER (future);
  gboolean accepted = FALSE;

  if (coasync_future_done (future))
    return FALSE;
  for (guint i = 0; i < self->children->len; i++)
    if (coasync_future_cancel (g_ptr_array_index (self->children, i), msg))
      accepted = TRUE;
  if (accepted)
    self->cancel_requested = TRUE;
  return accepted;
}

static void
coasync_gather_finalize (GObject *object)
{
  CoasyncGather *self = COASYNC_GATHER (object);

  g_ptr_array_unref (self->children);

  G_OBJECT_CLASS (coasync_gather_future_parent_class)->finalize (object);
}

static void
coasync_gather_future_class_init (CoasyncGatherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_gather_finalize;
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_gather_cancel;
}

static void
coasync_gather_future_init (CoasyncGather *self)
{
  self->children = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * coasync_gather:
 * @futures: (array length=n_futures) (transfer none): the futures to wait for
 * @n_futures: how many there are; 0 gives a future already done with an
 *   empty list
 * @return_exceptions: %TRUE to list the children's errors among the
 *   results instead of failing with the first one
 *
 * Returns a future whose result is the list of the futures' results, in
 * the order they were given: asyncio's `gather()`. The list is a #GPtrArray
 * of #GValue: a child's result (a %NULL pointer when it has none) or, with
 * @return_exceptions, a %G_TYPE_ERROR value with a child's error. A future
 * given several times is waited for once. coasync_await_gather() awaits
 * the returned future and hands over the list.
 *
 * Returns: (transfer full): the gathering future
 */
CoasyncFuture *
coasync_gather (CoasyncFuture **futures,
                guint           n_futures,
                gboolean        return_exceptions)
{
  CoasyncGather *self;
  GPtrArray *already_done;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (futures != NULL || n_futures == 0, NULL);
  for (guint i = 0; i < n_futures; i++)
    g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (futures[i]), NULL);

  self = g_object_new (COASYNC_TYPE_GATHER, NULL);
  if (n_futures > 0)
    coasync_future_bind (COASYNC_FUTURE (self), coasync_future_get_context (futures[0]));
  self->return_exceptions = return_exceptions;

  already_done = g_ptr_array_new ();
  seen = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n_futures; i++)
    {
      g_ptr_array_add (self->children, g_object_ref (futures[i]));
      if (!g_hash_table_add (seen, futures[i]))
        continue;  /* a duplicate shares the first one's child */
      self->n_unique++;
      if (coasync_future_done (futures[i]))
        g_ptr_array_add (already_done, futures[i]);
      else
        coasync_future_add_done_callback (futures[i], child_done, g_object_ref (self), g_object_unref);
    }

  if (n_futures == 0)
    {
      GValue value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_PTR_ARRAY);
      g_value_take_boxed (&value, g_ptr_array_new_with_free_func (free_value));
      coasync_future_complete (COASYNC_FUTURE (self), &value, NULL, TRUE);
    }
  for (guint i = 0; i < already_done->len; i++)
    child_done (g_ptr_array_index (already_done, i), self);
  g_ptr_array_unref (already_done);

  return COASYNC_FUTURE (self);
}

/**
 * coasync_await_gather: (skip)
 * @gather: (transfer full): a future made by coasync_gather()
 * @error: return location for the gathering future's error
 *
 * Awaits @gather from a fiber task and hands over its list of results.
 *
 * Returns: (transfer full) (element-type GValue) (nullable): the results,
 *   or %NULL with @error set
 */
GPtrArray *
coasync_await_gather (CoasyncFuture  *gather,
                      GError        **error)
{
  GValue value = G_VALUE_INIT;
  GPtrArray *results;

  if (!(coasync_await_value) (gather, &value, error))
    return NULL;
  results = g_value_dup_boxed (&value);
  g_value_unset (&value);
  return results;
}
