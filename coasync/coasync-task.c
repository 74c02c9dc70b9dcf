/* coasync-task.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _GNU_SOURCE  /* dladdr() */

#include "coasync-config.h"

#include "coasync-macros-private.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "coasync-error.h"
#include "coasync-fiber-private.h"
#include "coasync-future-private.h"
#include "coasync-locals-private.h"
#include "coasync-task-private.h"

/**
 * SECTION:coasync-task
 * @title: CoasyncTask
 * @short_description: A coroutine body driven by the loop
 *
 * A #CoasyncTask is asyncio's `Task`: a #CoasyncFuture that runs a body and
 * completes with its outcome. The body runs in steps scheduled on the
 * task's #GMainContext, interleaved with other tasks: each time it waits
 * for a future, the loop runs something else.
 *
 * A body comes in two kinds:
 *
 * - a fiber body (#CoasyncTaskFunc) runs on a stack of its own and waits
 *   with coasync_await(), so C code reads like asyncio code;
 * - a stepped body (#CoasyncStepFunc) is called once per step and returns
 *   the next future to wait for: asyncio's own `Task.__step`, used by
 *   language bindings and stackless C state machines.
 *
 * Cancellation follows asyncio exactly. coasync_task_cancel() is a request:
 * it cancels the future the task waits for (or arranges for the next step
 * to fail) so that the body sees %G_IO_ERROR_CANCELLED at its await point.
 * The body may clean up, or carry on; the task ends cancelled only if the
 * body returns that error. coasync_task_cancelling() counts the requests and
 * coasync_task_uncancel() takes one back.
 *
 * The loop keeps a pending task alive: dropping the reference returned by
 * coasync_create_task() right away is fine.
 *
 * |[<!-- language="C" -->
 * static gboolean
 * say_after (CoasyncTask *task, gpointer user_data, GError **error)
 * {
 *   if (!coasync_await (coasync_sleep (1.0), error))
 *     return FALSE;
 *   g_print ("%s\n", (const char *) user_data);
 *   return TRUE;
 * }
 *
 * g_autoptr(CoasyncTask) task = coasync_create_task (say_after, "hello", NULL);
 * ]|
 */

struct _CoasyncTask
{
  CoasyncFuture     parent_instance;

  /* The body: exactly one of func and step. */
  CoasyncTaskFunc   func;
  CoasyncStepFunc   step;
  gpointer          user_data;
  GDestroyNotify    notify;
  gsize             stack_size;
  CoasyncFiber     *fiber;

  CoasyncCall       step_call;    /* the queued step */
  GError           *step_error;   /* ...and what it throws into the body */
  CoasyncCallback   wakeup;       /* done callback of the awaited future */
  CoasyncFuture    *waiter;       /* the awaited future */
  gboolean          yielding;     /* ...a sleep(0): a bare yield, which
                                   * cancel() leaves alone, as asyncio has
                                   * no _fut_waiter then */
  CoasyncFuture    *resumed;      /* the awaited future, now done */
  GError           *thrown;       /* delivered at the fiber's await point */

  gint              num_cancels;
  gboolean          must_cancel;
  char             *cancel_message;
  GCancellable     *cancellable;

  CoasyncLocals    *locals;       /* task-local values, or NULL for none */

  guint64           number;       /* for the default name Task-N */
  char             *name;
  GList             live_link;

  gboolean          started;
  gboolean          body_done;
  GError           *body_error;
  GValue            return_value;

  /* Where the body waits, or waited last. */
  const char       *site_file;
  guint             site_line;
  const char       *site_function;
};

G_DEFINE_FINAL_TYPE (CoasyncTask, coasync_task, COASYNC_TYPE_FUTURE)

G_DEFINE_BOXED_TYPE (CoasyncStackFrame, coasync_stack_frame,
                     coasync_stack_frame_copy, coasync_stack_frame_free)

static COASYNC_THREAD_LOCAL CoasyncTask *current_task;
static COASYNC_THREAD_LOCAL const char *pending_site_file;
static COASYNC_THREAD_LOCAL guint pending_site_line;
static COASYNC_THREAD_LOCAL const char *pending_site_function;
static gsize task_counter;  /* atomic */

static void task_step (CoasyncTask *self,
                       GError      *thrown);

static inline CoasyncScheduler *
task_scheduler (CoasyncTask *self)
{
  return coasync_future_get_scheduler (COASYNC_FUTURE (self));
}

static void
step_call_run (CoasyncCall *call)
{
  CoasyncTask *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncTask, step_call));
  GError *thrown = g_steal_pointer (&self->step_error);

  task_step (self, thrown);
}

/* asyncio's call_soon(self.__step, exc). */
static void
queue_step (CoasyncTask *self,
            GError      *thrown)
{
  self->step_error = thrown;
  self->step_call.func = step_call_run;
  coasync_scheduler_call_soon (task_scheduler (self), &self->step_call);
}

/* asyncio's __wakeup: the awaited future is done. */
static void
task_wakeup (CoasyncFuture *future,
             gpointer       user_data)
{
  CoasyncTask *self = user_data;

  g_assert (self->waiter == future);
  self->resumed = g_steal_pointer (&self->waiter);
  task_step (self, NULL);
}

/* The body yielded @future (transfer full): wait for it, as the "yield a
 * future" branch of asyncio's __step does. */
static void
task_park (CoasyncTask   *self,
           CoasyncFuture *future)
{
  GError *error = NULL;

  if (coasync_future_get_scheduler (future) != task_scheduler (self))
    g_set_error (&error, COASYNC_ERROR, COASYNC_ERROR_WRONG_CONTEXT,
                 "Task %s got a future attached to a different GMainContext",
                 coasync_task_get_name (self));
  else if (future == COASYNC_FUTURE (self))
    g_set_error (&error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                 "Task %s cannot await on itself", coasync_task_get_name (self));
  if (error != NULL)
    {
      g_object_unref (future);
      queue_step (self, error);
      return;
    }

  self->waiter = future;
  self->yielding = coasync_future_set_tick_waiter (future, &self->wakeup);
  if (!self->yielding)
    coasync_future_add_callback (future, &self->wakeup);
  if (self->must_cancel && !self->yielding && coasync_future_cancel (future, self->cancel_message))
    self->must_cancel = FALSE;
}

static void
release_body (CoasyncTask *self)
{
  GDestroyNotify notify = self->notify;
  gpointer user_data = self->user_data;

  self->func = NULL;
  self->step = NULL;
  self->notify = NULL;
  self->user_data = NULL;
  if (notify != NULL)
    notify (user_data);
}

/* The body is over: complete the task with its outcome. */
static void
task_finish (CoasyncTask *self)
{
  CoasyncScheduler *scheduler = task_scheduler (self);
  GError *error = g_steal_pointer (&self->body_error);

  release_body (self);
  g_clear_object (&self->resumed);

  if (error == NULL && self->must_cancel)
    error = coasync_cancelled_error_new (self->cancel_message);  /* asyncio's super().cancel(msg) */
  if (coasync_error_is_cancelled (error))
    coasync_future_complete_cancelled (COASYNC_FUTURE (self), error);
  else if (error != NULL)
    coasync_future_complete (COASYNC_FUTURE (self), NULL, error, FALSE);
  else
    coasync_future_complete (COASYNC_FUTURE (self), &self->return_value, NULL, TRUE);

  coasync_scheduler_remove_live (scheduler, &self->live_link);
  coasync_recycler_release (self);  /* the scheduler's reference */
}

static void
fiber_main (gpointer data)
{
  CoasyncTask *self = data;
  GError *error = NULL;
  gboolean ok;

  ok = self->func (self, self->user_data, &error);
  if (!ok && error == NULL)
    {
      g_critical ("Task %s: body returned FALSE without setting an error",
                  coasync_task_get_name (self));
      g_set_error (&error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                   "task body failed without an error");
    }
  else if (ok && error != NULL)
    {
      g_critical ("Task %s: body returned TRUE but set an error: %s",
                  coasync_task_get_name (self), error->message);
      g_clear_error (&error);
    }
  if (error != NULL)
    {
      g_clear_error (&self->body_error);
      self->body_error = error;
    }
  self->body_done = TRUE;
}

static void
run_fiber (CoasyncTask *self,
           GError      *thrown)
{
  if (self->fiber == NULL)
    {
      GError *error = NULL;

      self->fiber = coasync_fiber_new (fiber_main, self, self->stack_size, &error);
      if (self->fiber == NULL)
        {
          g_clear_error (&thrown);
          self->body_error = error;
          self->body_done = TRUE;
          return;
        }
      coasync_fiber_set_label (self->fiber, self->name, self->number);
    }

  self->thrown = thrown;
  coasync_fiber_resume (self->fiber);
  if (coasync_fiber_is_finished (self->fiber))
    {
      coasync_fiber_free (self->fiber);
      self->fiber = NULL;
    }
}

/* A future that is already done with @error, to hand a thrown error to a
 * stepped body the way it reads every outcome. */
static CoasyncFuture *
failed_future_new (CoasyncTask *self,
                   GError      *error)
{
  CoasyncFuture *future = coasync_future_new_for_context (coasync_scheduler_get_context (task_scheduler (self)));

  if (coasync_error_is_cancelled (error))
    coasync_future_complete_cancelled (future, error);
  else
    coasync_future_complete (future, NULL, error, FALSE);
  return future;
}

static void
run_stepped (CoasyncTask *self,
             GError      *thrown)
{
  CoasyncFuture *awaited = g_steal_pointer (&self->resumed);
  CoasyncFuture *next;

  if (thrown != NULL)
    {
      g_clear_object (&awaited);
      awaited = failed_future_new (self, thrown);
    }
  next = self->step (self, awaited, self->user_data);
  if (awaited != NULL)
    coasync_recycler_release (awaited);

  if (next == NULL)
    self->body_done = TRUE;
  else if (!COASYNC_IS_FUTURE_FAST (next))
    {
      g_critical ("Task %s: step function returned something that is not a CoasyncFuture",
                  coasync_task_get_name (self));
      queue_step (self, g_error_new (COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                                     "Task %s: the step returned a non-future",
                                     coasync_task_get_name (self)));
    }
  else
    task_park (self, next);
}

/* asyncio's Task.__step(exc): runs the body until it waits or ends. */
static void
task_step (CoasyncTask *self,
           GError      *thrown)
{
  CoasyncTask *outer = current_task;

  if (self->must_cancel)
    {
      /* A cancellation already on its way (thrown, or the outcome of the
       * awaited future, which asyncio's __wakeup throws in) is delivered as
       * it is; anything else is replaced by one. */
      gboolean cancelling = coasync_error_is_cancelled (thrown)
                            || (thrown == NULL && self->resumed != NULL
                                && coasync_error_is_cancelled (coasync_future_peek_error (self->resumed)));

      if (!cancelling)
        {
          g_clear_error (&thrown);
          thrown = coasync_cancelled_error_new (self->cancel_message);
        }
      self->must_cancel = FALSE;
    }

  if (!self->started && thrown != NULL)
    {
      /* Cancelled (or failed) before its first step: no user code runs, not
       * even cleanup, as with a coroutine that never started. */
      self->body_error = thrown;
      self->body_done = TRUE;
      task_finish (self);
      return;
    }
  self->started = TRUE;

  current_task = self;
  if (self->func != NULL)
    run_fiber (self, thrown);
  else
    run_stepped (self, thrown);
  current_task = outer;

  if (self->body_done)
    task_finish (self);
}

static gboolean
coasync_task_real_cancel (CoasyncFuture *future,
                          const char    *msg)
{
  CoasyncTask *self = COASYNC_TASK (future);

  g_return_val_if_fail (coasync_scheduler_is_owner (task_scheduler (self)), FALSE);

  if (coasync_future_done (future))
    return FALSE;

  self->num_cancels++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->waiter != NULL && !self->yielding && coasync_future_cancel (self->waiter, msg))
    return TRUE;
  self->must_cancel = TRUE;
  g_free (self->cancel_message);
  self->cancel_message = g_strdup (msg);
  return TRUE;
}

static void coasync_task_init (CoasyncTask *self);

/* Frees what the task holds and makes it new again (see recycling in
 * coasync-future-private.h). */
static void
task_reset (gpointer object)
{
  CoasyncTask *self = object;

  /* A task is dropped only once done: the scheduler keeps it until then. */
  g_assert (self->fiber == NULL);
  release_body (self);
  g_clear_object (&self->waiter);
  g_clear_object (&self->resumed);
  g_clear_error (&self->step_error);
  g_clear_error (&self->body_error);
  g_clear_error (&self->thrown);
  g_clear_pointer (&self->cancel_message, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->locals, coasync_locals_unref);
  if (COASYNC_VALUE_IS_SET (&self->return_value))
    g_value_unset (&self->return_value);

  memset ((guint8 *) self + G_STRUCT_OFFSET (CoasyncTask, func), 0,
          sizeof *self - G_STRUCT_OFFSET (CoasyncTask, func));
  coasync_task_init (self);
}

static void
coasync_task_finalize (GObject *object)
{
  task_reset (object);

  G_OBJECT_CLASS (coasync_task_parent_class)->finalize (object);
}

static void
coasync_task_class_init (CoasyncTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CoasyncFutureClass *future_class = COASYNC_FUTURE_CLASS (klass);

  object_class->finalize = coasync_task_finalize;
  future_class->cancel = coasync_task_real_cancel;
  coasync_future_set_recycler (COASYNC_TYPE_TASK, task_reset);
}

static void
coasync_task_init (CoasyncTask *self)
{
  coasync_future_set_driven (COASYNC_FUTURE (self));
  self->wakeup.embedded = TRUE;
  self->wakeup.func = task_wakeup;
  self->wakeup.user_data = self;
  self->live_link.data = self;
}

static CoasyncTask *
task_new (const char     *name,
          GMainContext   *context,
          gpointer        user_data,
          GDestroyNotify  notify)
{
  CoasyncTask *self = coasync_future_obtain (COASYNC_TYPE_TASK);
  CoasyncScheduler *scheduler;

  if (context != NULL)
    coasync_future_bind (COASYNC_FUTURE (self), context);
  scheduler = task_scheduler (self);

  self->user_data = user_data;
  self->notify = notify;
  /* asyncio copies the creating task's context. */
  if (current_task != NULL && current_task->locals != NULL)
    self->locals = coasync_locals_ref (current_task->locals);
  self->number = (guint64) g_atomic_pointer_add (&task_counter, 1) + 1;
  self->name = g_strdup (name);

  /* The scheduler's reference keeps the task alive until it is done. */
  coasync_scheduler_add_live (scheduler, &self->live_link);
  g_object_ref (self);
  queue_step (self, NULL);
  return self;
}

/* Tasks are created on the thread that runs their context; on another, the
 * body's data is released at once and no task is made. */
static gboolean
check_owner (GMainContext   *context,
             gpointer        user_data,
             GDestroyNotify  notify)
{
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);

  if (!coasync_scheduler_is_owner (scheduler))
    {
      g_critical ("Tasks must be created on the thread that runs their GMainContext");
      if (notify != NULL)
        notify (user_data);
      return FALSE;
    }
  return TRUE;
}

/**
 * coasync_create_task: (skip)
 * @func: the fiber body
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 *
 * Creates a fiber task on the thread-default #GMainContext:
 * `asyncio.create_task()`. The body starts on a later tick, after the steps
 * already queued, with the default stack size. Fiber bodies are for C; bindings use
 * coasync_create_stepped_task().
 *
 * Returns: (transfer full): the new task
 */
CoasyncTask *
coasync_create_task (CoasyncTaskFunc func,
                     gpointer        user_data,
                     GDestroyNotify  notify)
{
  return coasync_create_task_full (func, user_data, notify, NULL, NULL, 0);
}

/**
 * coasync_create_task_full: (skip)
 * @func: the fiber body
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 * @name: (nullable): the task name, or %NULL for `Task-N`
 * @context: (nullable): the #GMainContext to run on, %NULL for the
 *   thread-default one
 * @stack_size: the stack size in bytes, 0 for %COASYNC_DEFAULT_STACK_SIZE
 *
 * Creates a fiber task with a name, on a given context, with a given stack
 * size. If no stack can be had when the task starts, it fails with
 * %COASYNC_ERROR_NO_STACK.
 *
 * Returns: (transfer full): the new task
 */
CoasyncTask *
coasync_create_task_full (CoasyncTaskFunc  func,
                          gpointer         user_data,
                          GDestroyNotify   notify,
                          const char      *name,
                          GMainContext    *context,
                          gsize            stack_size)
{
  CoasyncTask *self;

  g_return_val_if_fail (func != NULL, NULL);
  if (!check_owner (context, user_data, notify))
    return NULL;

  self = task_new (name, context, user_data, notify);
  self->func = func;
  self->stack_size = stack_size;
  return self;
}

/**
 * coasync_create_stepped_task:
 * @func: (scope notified) (closure user_data) (destroy notify): the step function
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 *
 * Creates a stepped task on the thread-default #GMainContext: a task whose
 * body needs no stack of its own. See #CoasyncStepFunc.
 *
 * Returns: (transfer full): the new task
 */
CoasyncTask *
coasync_create_stepped_task (CoasyncStepFunc func,
                             gpointer        user_data,
                             GDestroyNotify  notify)
{
  return coasync_create_stepped_task_full (func, user_data, notify, NULL, NULL);
}

/**
 * coasync_create_stepped_task_full:
 * @func: (scope notified) (closure user_data) (destroy notify): the step function
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 * @name: (nullable): the task name, or %NULL for `Task-N`
 * @context: (nullable): the #GMainContext to run on, %NULL for the
 *   thread-default one
 *
 * Creates a stepped task with a name, on a given context.
 *
 * Returns: (transfer full): the new task
 */
CoasyncTask *
coasync_create_stepped_task_full (CoasyncStepFunc  func,
                                  gpointer         user_data,
                                  GDestroyNotify   notify,
                                  const char      *name,
                                  GMainContext    *context)
{
  CoasyncTask *self;

  g_return_val_if_fail (func != NULL, NULL);
  if (!check_owner (context, user_data, notify))
    return NULL;

  self = task_new (name, context, user_data, notify);
  self->step = func;
  return self;
}

/**
 * coasync_current_task:
 *
 * Returns the task whose body is running on this thread:
 * `asyncio.current_task()`. Inside done callbacks and coasync_call_soon() functions
 * there is none.
 *
 * Returns: (transfer none) (nullable): the current task, or %NULL
 */
CoasyncTask *
coasync_current_task (void)
{
  return current_task;
}

/**
 * coasync_all_tasks:
 * @context: (nullable): a #GMainContext, %NULL for the thread-default one
 *
 * Returns the tasks of @context that are not done yet, in creation order:
 * `asyncio.all_tasks()`.
 *
 * Returns: (transfer container) (element-type CoasyncTask): the tasks; free
 *   with g_ptr_array_unref()
 */
GPtrArray *
coasync_all_tasks (GMainContext *context)
{
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = coasync_scheduler_peek_live (scheduler); l != NULL; l = l->next)
    if (!coasync_future_done (l->data))
      g_ptr_array_add (tasks, g_object_ref (l->data));
  return tasks;
}

/* TRUE when a task or a dispatch runs on this thread, so a nested loop
 * would be a nested run. */
gboolean
coasync_task_is_current_context_busy (void)
{
  return current_task != NULL || coasync_scheduler_get_running () != NULL;
}

/* --- awaiting --------------------------------------------------------------- */

/**
 * coasync_await_site:
 * @file: the source file of the await
 * @line: its line
 * @function: the function it is in
 *
 * Notes where the next await of this thread happens, for
 * coasync_task_get_stack(). The coasync_await() macros call it; there is
 * no need to call it directly.
 */
void
coasync_await_site (const char *file,
                    guint       line,
                    const char *function)
{
  pending_site_file = file;
  pending_site_line = line;
  pending_site_function = function;
}

static gboolean
await_future (CoasyncFuture  *future,
              GValue         *value,
              GError        **error)
{
  CoasyncTask *self = current_task;
  gboolean ok;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (future), FALSE);

  if (self == NULL || self->fiber == NULL || coasync_fiber_current () != self->fiber)
    {
      g_object_unref (future);
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_NO_TASK,
                           "coasync_await() needs a current fiber task");
      return FALSE;
    }

  self->site_file = pending_site_file;
  self->site_line = pending_site_line;
  self->site_function = pending_site_function;
  pending_site_file = pending_site_function = NULL;

  /* Awaiting a done future does not yield, as in asyncio. */
  if (!coasync_future_done (future))
    {
      task_park (self, future);
      coasync_fiber_suspend ();
      if (self->thrown != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&self->thrown));
          g_clear_object (&self->resumed);
          return FALSE;
        }
      future = g_steal_pointer (&self->resumed);
    }

  ok = coasync_future_take_result (future, value, error);
  coasync_recycler_release (future);
  return ok;
}

/**
 * coasync_await: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * Suspends the current fiber task until @future is done, letting the loop
 * run other tasks, then returns its outcome: asyncio's `await future`. An
 * already done future returns at once, without yielding.
 *
 * The call takes ownership of @future, so `coasync_await (coasync_sleep
 * (1), error)` does not leak. Outside a fiber task it fails with
 * %COASYNC_ERROR_NO_TASK; with a future of another context, with
 * %COASYNC_ERROR_WRONG_CONTEXT. When the task is cancelled while it waits,
 * it fails with %G_IO_ERROR_CANCELLED.
 *
 * Returns: %TRUE if @future finished with a result, %FALSE with @error set
 *   otherwise
 */
gboolean
(coasync_await) (CoasyncFuture  *future,
                 GError        **error)
{
  return await_future (future, NULL, error);
}

/**
 * coasync_await_value: (skip)
 * @future: (transfer full): the future to wait for
 * @value: (out caller-allocates) (optional): an unset #GValue that receives
 *   the result; a none result gives a %G_TYPE_POINTER holding %NULL
 * @error: return location for the future's error
 *
 * coasync_await() that also copies the result into @value.
 *
 * Returns: %TRUE if @future finished with a result, %FALSE with @error set
 *   otherwise
 */
gboolean
(coasync_await_value) (CoasyncFuture  *future,
                       GValue         *value,
                       GError        **error)
{
  g_return_val_if_fail (value == NULL || !G_IS_VALUE (value), FALSE);

  return await_future (future, value, error);
}

/* Awaits and converts the result to @type, the typed awaits' common part. */
static gboolean
await_typed (CoasyncFuture  *future,
             GType           type,
             GValue         *value,
             GError        **error)
{
  GValue result = G_VALUE_INIT;

  if (!await_future (future, &result, error))
    return FALSE;
  g_value_init (value, type);
  if (COASYNC_VALUE_IS_SET (&result))
    {
      if (!g_value_transform (&result, value))
        {
          g_set_error (error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                       "The result is a %s, not a %s",
                       G_VALUE_TYPE_NAME (&result), g_type_name (type));
          g_value_unset (&result);
          return FALSE;
        }
      g_value_unset (&result);
    }
  return TRUE;
}

/**
 * coasync_await_boolean: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * coasync_await() for a boolean result.
 *
 * Returns: the result, or %FALSE with @error set
 */
gboolean
(coasync_await_boolean) (CoasyncFuture  *future,
                         GError        **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return await_typed (future, G_TYPE_BOOLEAN, &value, error) && g_value_get_boolean (&value);
}

/**
 * coasync_await_int: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * coasync_await() for an integer result.
 *
 * Returns: the result, or 0 with @error set
 */
gint
(coasync_await_int) (CoasyncFuture  *future,
                     GError        **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return await_typed (future, G_TYPE_INT, &value, error) ? g_value_get_int (&value) : 0;
}

/**
 * coasync_await_double: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * coasync_await() for a floating point result.
 *
 * Returns: the result, or 0 with @error set
 */
gdouble
(coasync_await_double) (CoasyncFuture  *future,
                        GError        **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return await_typed (future, G_TYPE_DOUBLE, &value, error) ? g_value_get_double (&value) : 0;
}

/**
 * coasync_await_string: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * coasync_await() for a string result.
 *
 * Returns: (transfer full) (nullable): a copy of the result, or %NULL
 */
char *
(coasync_await_string) (CoasyncFuture  *future,
                        GError        **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return await_typed (future, G_TYPE_STRING, &value, error) ? g_value_dup_string (&value) : NULL;
}

/**
 * coasync_await_object: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * coasync_await() for an object result.
 *
 * Returns: (transfer full) (nullable) (type GObject): a reference to the
 *   result, or %NULL
 */
gpointer
(coasync_await_object) (CoasyncFuture  *future,
                        GError        **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return await_typed (future, G_TYPE_OBJECT, &value, error) ? g_value_dup_object (&value) : NULL;
}

/**
 * coasync_await_pointer: (skip)
 * @future: (transfer full): the future to wait for
 * @error: return location for the future's error
 *
 * coasync_await() for a result given with coasync_task_return_pointer() or
 * coasync_future_set_pointer(). As with g_task_propagate_pointer(), the
 * pointer is taken from the future: the caller owns it, and a later
 * await of the same future gets %NULL.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL
 */
gpointer
(coasync_await_pointer) (CoasyncFuture  *future,
                         GError        **error)
{
  g_auto(GValue) value = G_VALUE_INIT;

  return await_typed (future, G_TYPE_POINTER, &value, error) ? g_value_get_pointer (&value) : NULL;
}

/* --- results -------------------------------------------------------------- */

static gboolean
check_body (CoasyncTask *self)
{
  if (self->body_done || (self->func == NULL && self->step == NULL))
    {
      g_critical ("Task %s: its body is over; it cannot return a value any more",
                  coasync_task_get_name (self));
      return FALSE;
    }
  return TRUE;
}

static void
take_return_value (CoasyncTask *self,
                   GValue      *value)
{
  if (COASYNC_VALUE_IS_SET (&self->return_value))
    g_value_unset (&self->return_value);
  self->return_value = *value;
}

/**
 * coasync_task_return_value:
 * @self: a #CoasyncTask
 * @value: (nullable): the result, copied; %NULL for none
 *
 * Sets the result the task completes with when its body ends successfully.
 * The last call wins. Only the task's body may call it.
 */
void
coasync_task_return_value (CoasyncTask  *self,
                           const GValue *value)
{
  GValue copy = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  g_return_if_fail (value == NULL || G_IS_VALUE (value));
  if (!check_body (self))
    return;

  if (value != NULL)
    {
      g_value_init (&copy, G_VALUE_TYPE (value));
      g_value_copy (value, &copy);
    }
  take_return_value (self, &copy);
}

/**
 * coasync_task_return_boolean:
 * @self: a #CoasyncTask
 * @value: the result
 *
 * coasync_task_return_value() with a boolean.
 */
void
coasync_task_return_boolean (CoasyncTask *self,
                             gboolean     value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  if (!check_body (self))
    return;
  g_value_set_boolean (g_value_init (&v, G_TYPE_BOOLEAN), value);
  take_return_value (self, &v);
}

/**
 * coasync_task_return_int:
 * @self: a #CoasyncTask
 * @value: the result
 *
 * coasync_task_return_value() with an integer.
 */
void
coasync_task_return_int (CoasyncTask *self,
                         gint         value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  if (!check_body (self))
    return;
  g_value_set_int (g_value_init (&v, G_TYPE_INT), value);
  take_return_value (self, &v);
}

/**
 * coasync_task_return_double:
 * @self: a #CoasyncTask
 * @value: the result
 *
 * coasync_task_return_value() with a floating point number.
 */
void
coasync_task_return_double (CoasyncTask *self,
                            gdouble      value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  if (!check_body (self))
    return;
  g_value_set_double (g_value_init (&v, G_TYPE_DOUBLE), value);
  take_return_value (self, &v);
}

/**
 * coasync_task_return_string:
 * @self: a #CoasyncTask
 * @value: (nullable): the result, copied
 *
 * coasync_task_return_value() with a string.
 */
void
coasync_task_return_string (CoasyncTask *self,
                            const char  *value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  if (!check_body (self))
    return;
  g_value_set_string (g_value_init (&v, G_TYPE_STRING), value);
  take_return_value (self, &v);
}

/**
 * coasync_task_return_object:
 * @self: a #CoasyncTask
 * @value: (nullable) (type GObject): the result; the task takes a reference
 *
 * coasync_task_return_value() with an object.
 */
void
coasync_task_return_object (CoasyncTask *self,
                            GObject     *value)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  g_return_if_fail (value == NULL || G_IS_OBJECT (value));
  if (!check_body (self))
    return;
  g_value_init (&v, value != NULL ? G_OBJECT_TYPE (value) : G_TYPE_OBJECT);
  g_value_set_object (&v, value);
  take_return_value (self, &v);
}

/**
 * coasync_task_return_pointer: (skip)
 * @self: a #CoasyncTask
 * @value: (nullable): the result
 * @notify: (nullable): frees @value with the task, unless
 *   coasync_await_pointer() took it
 *
 * coasync_task_return_value() with a pointer, as g_task_return_pointer().
 * Bindings, which have no raw pointers, use coasync_task_return_value().
 */
void
coasync_task_return_pointer (CoasyncTask    *self,
                             gpointer        value,
                             GDestroyNotify  notify)
{
  GValue v = G_VALUE_INIT;

  g_return_if_fail (COASYNC_IS_TASK (self));
  if (!check_body (self))
    {
      if (notify != NULL)
        notify (value);
      return;
    }
  coasync_pointer_value_init (&v, value, notify);
  take_return_value (self, &v);
}

/**
 * coasync_task_return_error:
 * @self: a #CoasyncTask
 * @error: (transfer full): the error the task fails with
 *
 * Makes the task fail with @error when its body ends; an error of
 * %G_IO_ERROR_CANCELLED makes it cancelled. This is how a stepped body
 * fails; a fiber body may also return %FALSE with its @error set.
 */
void
coasync_task_return_error (CoasyncTask *self,
                           GError      *error)
{
  g_return_if_fail (COASYNC_IS_TASK (self));
  g_return_if_fail (error != NULL);
  if (!check_body (self))
    {
      g_error_free (error);
      return;
    }
  g_clear_error (&self->body_error);
  self->body_error = error;
}

/* --- cancellation ----------------------------------------------------------- */

/**
 * coasync_task_cancel:
 * @self: a #CoasyncTask
 * @msg: (nullable): the cancel message
 *
 * Requests the cancellation of the task: asyncio's `Task.cancel()`. If the
 * task waits for a future, that future is cancelled at once (and so on down
 * a chain of awaited tasks); otherwise its next step fails. Either way the
 * body sees %G_IO_ERROR_CANCELLED with @msg at its await point, on a later
 * tick. The task's #GCancellable is cancelled too. Each call while the task
 * is not done counts in coasync_task_cancelling().
 *
 * Returns: %FALSE if the task is already done, %TRUE otherwise
 */
gboolean
coasync_task_cancel (CoasyncTask *self,
                     const char  *msg)
{
  g_return_val_if_fail (COASYNC_IS_TASK (self), FALSE);

  return coasync_future_cancel (COASYNC_FUTURE (self), msg);
}

/**
 * coasync_task_uncancel:
 * @self: a #CoasyncTask
 *
 * Takes back one cancellation request. When the count gets back to 0, a
 * request not delivered yet is dropped (asyncio 3.12+) and later calls to
 * coasync_task_get_cancellable() give a fresh, uncancelled #GCancellable.
 *
 * Returns: the remaining number of requests
 */
gint
coasync_task_uncancel (CoasyncTask *self)
{
  g_return_val_if_fail (COASYNC_IS_TASK (self), 0);

  if (self->num_cancels > 0)
    {
      self->num_cancels--;
      if (self->num_cancels == 0)
        {
          self->must_cancel = FALSE;
          if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
            g_clear_object (&self->cancellable);
        }
    }
  return self->num_cancels;
}

/**
 * coasync_task_cancelling:
 * @self: a #CoasyncTask
 *
 * Returns the number of cancellation requests not taken back with
 * coasync_task_uncancel(). It is never reset on its own.
 *
 * Returns: the number of pending cancellation requests
 */
gint
coasync_task_cancelling (CoasyncTask *self)
{
  g_return_val_if_fail (COASYNC_IS_TASK (self), 0);

  return self->num_cancels;
}

/**
 * coasync_task_get_cancellable:
 * @self: a #CoasyncTask
 *
 * Returns a #GCancellable that is cancelled when the task is: pass it to
 * GIO calls made by the body, so that they stop with the task. While a
 * cancellation request is pending it is cancelled already.
 *
 * Returns: (transfer none): the task's cancellable
 */
GCancellable *
coasync_task_get_cancellable (CoasyncTask *self)
{
  g_return_val_if_fail (COASYNC_IS_TASK (self), NULL);

  if (self->cancellable == NULL)
    {
      self->cancellable = g_cancellable_new ();
      if (self->num_cancels > 0)
        g_cancellable_cancel (self->cancellable);
    }
  return self->cancellable;
}

/* --- task-local values (coasync-locals.c) ---------------------------------- */

CoasyncLocals *
coasync_task_peek_locals (CoasyncTask *task)
{
  return task->locals;
}

/* Replaces the task's values with @locals (transfer full). */
void
coasync_task_take_locals (CoasyncTask   *task,
                          CoasyncLocals *locals)
{
  g_clear_pointer (&task->locals, coasync_locals_unref);
  task->locals = locals;
}

/* --- names and stacks -------------------------------------------------------- */

/**
 * coasync_task_get_name:
 * @self: a #CoasyncTask
 *
 * Returns the task's name: the one it was given, or `Task-N` with N from a
 * process-wide counter.
 *
 * Returns: (transfer none): the name
 */
const char *
coasync_task_get_name (CoasyncTask *self)
{
  g_return_val_if_fail (COASYNC_IS_TASK (self), NULL);

  if (self->name == NULL)
    self->name = g_strdup_printf ("Task-%" G_GUINT64_FORMAT, self->number);
  return self->name;
}

/**
 * coasync_task_set_name:
 * @self: a #CoasyncTask
 * @name: (nullable): the new name, or %NULL for the default `Task-N`
 *
 * Renames the task.
 */
void
coasync_task_set_name (CoasyncTask *self,
                       const char  *name)
{
  g_return_if_fail (COASYNC_IS_TASK (self));

  g_free (self->name);
  self->name = g_strdup (name);
}

/**
 * coasync_stack_frame_copy:
 * @frame: a #CoasyncStackFrame
 *
 * Copies a frame.
 *
 * Returns: (transfer full): a copy of @frame
 */
CoasyncStackFrame *
coasync_stack_frame_copy (const CoasyncStackFrame *frame)
{
  CoasyncStackFrame *copy;

  g_return_val_if_fail (frame != NULL, NULL);

  copy = g_new (CoasyncStackFrame, 1);
  copy->file = g_strdup (frame->file);
  copy->line = frame->line;
  copy->function = g_strdup (frame->function);
  return copy;
}

/**
 * coasync_stack_frame_free:
 * @frame: (nullable): a #CoasyncStackFrame
 *
 * Frees a frame.
 */
void
coasync_stack_frame_free (CoasyncStackFrame *frame)
{
  if (frame == NULL)
    return;
  g_free (frame->file);
  g_free (frame->function);
  g_free (frame);
}

/* The body function's name, as the dynamic linker knows it, or its address. */
static char *
body_name (CoasyncTask *self)
{
  gpointer address = self->func != NULL ? (gpointer) self->func : (gpointer) self->step;
  Dl_info info;

  if (address != NULL && dladdr (address, &info) != 0 && info.dli_sname != NULL)
    return g_strdup (info.dli_sname);
  return g_strdup_printf ("%p", address);
}

/**
 * coasync_task_get_stack:
 * @self: a #CoasyncTask
 * @limit: the most frames to return, 0 for all
 *
 * Returns where the task is: asyncio's `Task.get_stack()`. A pending task gives
 * the await site where it is suspended (or its body function, before it
 * started); a failed task, the place where its body last waited before
 * failing; a task that finished or was cancelled, no frame. The frames are
 * ordered from oldest to newest.
 *
 * Returns: (transfer container) (element-type CoasyncStackFrame): the frames
 */
GPtrArray *
coasync_task_get_stack (CoasyncTask *self,
                        guint        limit)
{
  GPtrArray *frames;
  CoasyncStackFrame *frame;
  CoasyncFuture *future;

  g_return_val_if_fail (COASYNC_IS_TASK (self), NULL);

  future = COASYNC_FUTURE (self);
  frames = g_ptr_array_new_with_free_func ((GDestroyNotify) coasync_stack_frame_free);
  if (coasync_future_done (future) && coasync_future_peek_error (future) == NULL)
    return frames;
  if (coasync_future_cancelled (future))
    return frames;

  frame = g_new0 (CoasyncStackFrame, 1);
  if (self->site_file != NULL)
    {
      frame->file = g_strdup (self->site_file);
      frame->line = self->site_line;
      frame->function = g_strdup (self->site_function);
    }
  else
    {
      frame->file = g_strdup ("");
      frame->function = body_name (self);
    }
  g_ptr_array_add (frames, frame);
  if (limit > 0 && frames->len > limit)
    g_ptr_array_remove_range (frames, 0, frames->len - limit);
  return frames;
}

static char *
describe (CoasyncTask *self)
{
  CoasyncFuture *future = COASYNC_FUTURE (self);
  const GError *error = coasync_future_peek_error (future);
  const char *state = coasync_future_cancelled (future) ? "cancelled"
                      : coasync_future_done (future) ? "finished" : "pending";

  if (error != NULL && !coasync_future_cancelled (future))
    return g_strdup_printf ("<Task %s name='%s' exception=%s('%s')>", state,
                            coasync_task_get_name (self),
                            g_quark_to_string (error->domain), error->message);
  return g_strdup_printf ("<Task %s name='%s'>", state, coasync_task_get_name (self));
}

/**
 * coasync_task_format_stack:
 * @self: a #CoasyncTask
 * @limit: the most frames to show, 0 for all
 *
 * Formats coasync_task_get_stack() as asyncio's `Task.print_stack()` does:
 * "Stack for ..." for a pending task, "Traceback for ..." followed by the
 * error for a failed one, "No stack for ..." otherwise.
 *
 * Returns: (transfer full): the text, ending with a newline
 */
char *
coasync_task_format_stack (CoasyncTask *self,
                           guint        limit)
{
  g_autoptr(GPtrArray) frames = NULL;
  g_autofree char *description = NULL;
  const GError *error;
  GString *out;

  g_return_val_if_fail (COASYNC_IS_TASK (self), NULL);

  frames = coasync_task_get_stack (self, limit);
  description = describe (self);
  error = coasync_future_peek_error (COASYNC_FUTURE (self));
  out = g_string_new (NULL);

  if (frames->len == 0)
    {
      g_string_append_printf (out, "No stack for %s\n", description);
      return g_string_free (out, FALSE);
    }

  g_string_append_printf (out, "%s for %s (most recent call last):\n",
                          error != NULL ? "Traceback" : "Stack", description);
  for (guint i = 0; i < frames->len; i++)
    {
      CoasyncStackFrame *frame = g_ptr_array_index (frames, i);

      g_string_append_printf (out, "  File \"%s\", line %u, in %s\n",
                              frame->file, frame->line, frame->function);
    }
  if (error != NULL)
    g_string_append_printf (out, "%s: %s\n", g_quark_to_string (error->domain), error->message);
  return g_string_free (out, FALSE);
}

/**
 * coasync_task_print_stack:
 * @self: a #CoasyncTask
 * @limit: the most frames to show, 0 for all
 *
 * Prints coasync_task_format_stack() to standard error.
 */
void
coasync_task_print_stack (CoasyncTask *self,
                          guint        limit)
{
  g_autofree char *text = NULL;

  g_return_if_fail (COASYNC_IS_TASK (self));

  text = coasync_task_format_stack (self, limit);
  g_printerr ("%s", text);
}
