/* coasync-thread.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-error.h"
#include "coasync-future-private.h"
#include "coasync-locals-private.h"
#include "coasync-macros-private.h"
#include "coasync-task.h"
#include "coasync-thread.h"

/**
 * SECTION:coasync-thread
 * @title: Running in threads
 * @short_description: asyncio.to_thread()
 *
 * coasync_to_thread() runs a blocking function on a worker thread and gives
 * its result as a future, so that the loop keeps running meanwhile:
 * `asyncio.to_thread()`. The workers come from one shared, bounded
 * #GThreadPool (as many threads as asyncio's default executor:
 * min(32, CPUs + 4)). coasync_run() waits for the functions it started
 * before it returns.
 */

#define COASYNC_TYPE_THREAD_FUTURE (coasync_thread_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncThreadFuture, coasync_thread_future, COASYNC, THREAD_FUTURE, CoasyncFuture)

struct _CoasyncThreadFuture
{
  CoasyncFuture      parent_instance;

  CoasyncThreadFunc  func;
  gpointer           user_data;
  GDestroyNotify     notify;
  GCancellable      *cancellable;
  CoasyncLocals     *locals;      /* the starting task's values */

  /* The function's outcome, handed to the loop's thread by done_call. */
  GValue             result;
  GError            *error;
  CoasyncCall        done_call;
};

G_DEFINE_FINAL_TYPE (CoasyncThreadFuture, coasync_thread_future, COASYNC_TYPE_FUTURE)

/* Cancelling cannot stop a running function, as in asyncio: the future is
 * cancelled at once and the function is told through its cancellable. */
static gboolean
coasync_thread_future_cancel (CoasyncFuture *future,
                              const char    *msg)
{
  CoasyncThreadFuture *self = COASYNC_THREAD_FUTURE (future);

  if (!COASYNC_FUTURE_CLASS (coasync_thread_future_parent_class)->cancel (future, msg))
    return FALSE;
  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

static void
coasync_thread_future_finalize (GObject *object)
{
  CoasyncThreadFuture *self = COASYNC_THREAD_FUTURE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->locals, coasync_locals_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (coasync_thread_future_parent_class)->finalize (object);
}

static void
coasync_thread_future_class_init (CoasyncThreadFutureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_thread_future_finalize;
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_thread_future_cancel;
}

static void
coasync_thread_future_init (CoasyncThreadFuture *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Runs on the loop's thread once the function returned: every change of
 * the future, and its last reference, stay on that thread. */
static void
job_done (CoasyncCall *call)
{
  CoasyncThreadFuture *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncThreadFuture, done_call));
  CoasyncFuture *future = COASYNC_FUTURE (self);
  CoasyncScheduler *scheduler = coasync_scheduler_ref (coasync_future_get_scheduler (future));

  /* A future already cancelled keeps its cancellation. */
  if (self->error != NULL)
    coasync_future_complete (future, NULL, g_steal_pointer (&self->error), FALSE);
  else
    coasync_future_complete (future, &self->result, NULL, TRUE);
  if (COASYNC_VALUE_IS_SET (&self->result))
    g_value_unset (&self->result);

  g_object_unref (self);
  coasync_scheduler_release (scheduler);
  coasync_scheduler_unref (scheduler);
}

/* Runs on a worker thread. */
static void
run_job (gpointer data,
         gpointer pool_data)
{
  CoasyncThreadFuture *self = data;
  CoasyncLocals *previous;
  gboolean ok;

  COASYNC_TSAN_ACQUIRE (self);  /* handed over through GLib's queue */
  previous = coasync_locals_swap_thread (self->locals);
  ok = self->func (self->cancellable, &self->result, self->user_data, &self->error);
  coasync_locals_swap_thread (previous);
  if (!ok && self->error == NULL)
    g_set_error_literal (&self->error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                         "thread function failed without an error");
  if (self->notify != NULL)
    self->notify (self->user_data);

  self->done_call.func = job_done;
  coasync_scheduler_post (coasync_future_get_scheduler (COASYNC_FUTURE (self)), &self->done_call);
}

static GThreadPool *
shared_pool (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    {
      gint max = MIN (32, (gint) g_get_num_processors () + 4);

      g_once_init_leave (&pool, (gsize) g_thread_pool_new (run_job, NULL, max, FALSE, NULL));
    }
  return (GThreadPool *) pool;
}

/**
 * coasync_to_thread:
 * @func: (scope async) (closure user_data): the function to run
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data on the worker thread once @func
 *   returned
 *
 * Runs @func on a worker thread and returns a future with its result:
 * `asyncio.to_thread()`. Cancelling the future (as cancelling the task that
 * awaits it does) cancels it at once and fires the #GCancellable given to
 * @func, which should then return early; its result is dropped.
 *
 * Returns: (transfer full): the future of @func's result
 */
CoasyncFuture *
coasync_to_thread (CoasyncThreadFunc func,
                   gpointer          user_data,
                   GDestroyNotify    notify)
{
  CoasyncThreadFuture *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (COASYNC_TYPE_THREAD_FUTURE, NULL);
  self->func = func;
  self->user_data = user_data;
  self->notify = notify;
  if (coasync_current_task () != NULL)
    self->locals = coasync_locals_copy_current ();

  coasync_scheduler_hold (coasync_future_get_scheduler (COASYNC_FUTURE (self)));
  COASYNC_TSAN_RELEASE (self);
  g_thread_pool_push (shared_pool (), g_object_ref (self), NULL);
  return COASYNC_FUTURE (self);
}

typedef struct
{
  CoasyncThreadCallback func;
  gpointer              user_data;
  GDestroyNotify        notify;
} ThreadCall;

static gboolean
thread_call_run (GCancellable  *cancellable,
                 GValue        *result,
                 gpointer       user_data,
                 GError       **error)
{
  ThreadCall *call = user_data;

  call->func (cancellable, call->user_data);
  return TRUE;
}

static void
thread_call_free (gpointer user_data)
{
  ThreadCall *call = user_data;

  if (call->notify != NULL)
    call->notify (call->user_data);
  g_free (call);
}

/**
 * coasync_to_thread_call:
 * @func: (scope notified) (closure user_data) (destroy notify): the function
 *   to run
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data on the worker thread once @func
 *   returned
 *
 * coasync_to_thread() for bindings, whose functions keep their outcome
 * themselves (a #GValue to fill is not something they can be handed): the
 * future completes with no result when @func returns. Cancellation and the
 * wait of coasync_run() for the thread are as for coasync_to_thread().
 *
 * Returns: (transfer full): the future that completes when @func returned
 */
CoasyncFuture *
coasync_to_thread_call (CoasyncThreadCallback func,
                        gpointer              user_data,
                        GDestroyNotify        notify)
{
  ThreadCall *call;

  g_return_val_if_fail (func != NULL, NULL);

  call = g_new (ThreadCall, 1);
  call->func = func;
  call->user_data = user_data;
  call->notify = notify;
  return coasync_to_thread (thread_call_run, call, thread_call_free);
}
