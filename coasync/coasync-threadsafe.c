/* coasync-threadsafe.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-future-private.h"
#include "coasync-threadsafe.h"

/**
 * SECTION:coasync-threadsafe
 * @title: Scheduling from other threads
 * @short_description: asyncio.run_coroutine_threadsafe()
 *
 * coasync_run_coroutine_threadsafe() starts a task on the loop of another
 * thread and returns a future the calling thread can block on with
 * coasync_future_wait_sync() and cancel with coasync_future_cancel(), as
 * the `concurrent.futures.Future` of `asyncio.run_coroutine_threadsafe()`.
 */

#define COASYNC_TYPE_THREADSAFE_FUTURE (coasync_threadsafe_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncThreadsafeFuture, coasync_threadsafe_future, COASYNC, THREADSAFE_FUTURE, CoasyncFuture)

struct _CoasyncThreadsafeFuture
{
  CoasyncFuture    parent_instance;

  /* The body, until the loop's thread starts the task. */
  CoasyncTaskFunc  func;
  CoasyncStepFunc  step;
  gpointer         user_data;
  GDestroyNotify   notify;

  CoasyncTask     *task;         /* loop thread only */
  gint             cancel_asked; /* atomic */
  CoasyncCall      start_call;
  CoasyncCall      cancel_call;
};

G_DEFINE_FINAL_TYPE (CoasyncThreadsafeFuture, coasync_threadsafe_future, COASYNC_TYPE_FUTURE)

/* The task is done: copy its outcome, unless we were cancelled already. */
static void
task_done (CoasyncFuture *task,
           gpointer       user_data)
{
  CoasyncFuture *self = user_data;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  if (coasync_future_take_result (task, &value, &error))
    coasync_future_complete (self, &value, NULL, TRUE);
  else if (coasync_future_cancelled (task))
    coasync_future_complete_cancelled (self, error);
  else
    coasync_future_complete (self, NULL, error, FALSE);
}

/* On the loop's thread. */
static void
start_task (CoasyncCall *call)
{
  CoasyncThreadsafeFuture *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncThreadsafeFuture, start_call));
  GMainContext *context = coasync_future_get_context (COASYNC_FUTURE (self));

  if (self->func != NULL)
    self->task = coasync_create_task_full (self->func, self->user_data, self->notify, NULL, context, 0);
  else
    self->task = coasync_create_stepped_task_full (self->step, self->user_data, self->notify, NULL, context);
  self->func = NULL;
  self->step = NULL;
  coasync_future_add_done_callback (COASYNC_FUTURE (self->task), task_done, g_object_ref (self), g_object_unref);
  /* A cancel that came before the task existed applies now. */
  if (g_atomic_int_get (&self->cancel_asked))
    coasync_task_cancel (self->task, NULL);
  g_object_unref (self);  /* the start call's reference */
}

static void
cancel_task (CoasyncCall *call)
{
  CoasyncThreadsafeFuture *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncThreadsafeFuture, cancel_call));

  if (self->task != NULL)
    coasync_task_cancel (self->task, NULL);
  g_object_unref (self);  /* the cancel call's reference */
}

/* From any thread, as concurrent.futures.Future.cancel(): the future is
 * cancelled at once, and the task in the loop is asked to stop. */
static gboolean
coasync_threadsafe_future_cancel (CoasyncFuture *future,
                                  const char    *msg)
{
  CoasyncThreadsafeFuture *self = COASYNC_THREADSAFE_FUTURE (future);

  if (!COASYNC_FUTURE_CLASS (coasync_threadsafe_future_parent_class)->cancel (future, msg))
    return FALSE;
  if (g_atomic_int_compare_and_exchange (&self->cancel_asked, 0, 1))
    {
      /* The reference first: once posted, the call may run at once. */
      g_object_ref (self);
      self->cancel_call.func = cancel_task;
      coasync_scheduler_schedule (coasync_future_get_scheduler (future), &self->cancel_call);
    }
  return TRUE;
}

static void
coasync_threadsafe_future_finalize (GObject *object)
{
  CoasyncThreadsafeFuture *self = COASYNC_THREADSAFE_FUTURE (object);

  g_clear_object (&self->task);

  G_OBJECT_CLASS (coasync_threadsafe_future_parent_class)->finalize (object);
}

static void
coasync_threadsafe_future_class_init (CoasyncThreadsafeFutureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_threadsafe_future_finalize;
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_threadsafe_future_cancel;
}

static void
coasync_threadsafe_future_init (CoasyncThreadsafeFuture *self)
{
  self->start_call.func = start_task;
}

static CoasyncFuture *
submit (CoasyncThreadsafeFuture *self,
        GMainContext            *context)
{
  coasync_future_bind (COASYNC_FUTURE (self), context);
  g_object_ref (self);
  coasync_scheduler_post (coasync_future_get_scheduler (COASYNC_FUTURE (self)), &self->start_call);
  return COASYNC_FUTURE (self);
}

/**
 * coasync_run_coroutine_threadsafe: (skip)
 * @func: the fiber body of the task
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 * @context: the #GMainContext whose loop runs the task, in another thread
 *
 * Starts a fiber task on @context from any thread:
 * `asyncio.run_coroutine_threadsafe()`. The returned future gets the task's
 * outcome; the calling thread can block on it with
 * coasync_future_wait_sync() (a timeout leaves the task running) and
 * cancel it with coasync_future_cancel(), which cancels the future at once
 * and the task in its loop.
 *
 * Returns: (transfer full): the future of the task's outcome
 */
CoasyncFuture *
coasync_run_coroutine_threadsafe (CoasyncTaskFunc  func,
                                  gpointer         user_data,
                                  GDestroyNotify   notify,
                                  GMainContext    *context)
{
  CoasyncThreadsafeFuture *self;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  self = g_object_new (COASYNC_TYPE_THREADSAFE_FUTURE, NULL);
  self->func = func;
  self->user_data = user_data;
  self->notify = notify;
  return submit (self, context);
}

/**
 * coasync_run_coroutine_threadsafe_stepped:
 * @func: (scope notified) (closure user_data) (destroy notify): the step
 *   function of the task
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 * @context: the #GMainContext whose loop runs the task, in another thread
 *
 * coasync_run_coroutine_threadsafe() for a stepped body.
 *
 * Returns: (transfer full): the future of the task's outcome
 */
CoasyncFuture *
coasync_run_coroutine_threadsafe_stepped (CoasyncStepFunc  func,
                                          gpointer         user_data,
                                          GDestroyNotify   notify,
                                          GMainContext    *context)
{
  CoasyncThreadsafeFuture *self;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);

  self = g_object_new (COASYNC_TYPE_THREADSAFE_FUTURE, NULL);
  self->step = func;
  self->user_data = user_data;
  self->notify = notify;
  return submit (self, context);
}
