/* coasync-runner.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-error.h"
#include "coasync-future-private.h"
#include "coasync-runner.h"
#include "coasync-task-private.h"

/**
 * SECTION:coasync-runner
 * @title: Running
 * @short_description: Run a main task to completion
 *
 * coasync_run() is asyncio's `run()`: it runs a main task on a fresh
 * #GMainContext and returns its outcome once every task is over. Programs
 * that already have a main loop (GTK applications) do not need it: tasks run
 * on the thread-default context whenever that context is iterated.
 *
 * |[<!-- language="C" -->
 * static gboolean
 * main_task (CoasyncTask *task, gpointer user_data, GError **error)
 * {
 *   g_print ("hello\n");
 *   if (!coasync_await (coasync_sleep (1.0), error))
 *     return FALSE;
 *   g_print ("world\n");
 *   return TRUE;
 * }
 *
 * int
 * main (void)
 * {
 *   g_autoptr(GError) error = NULL;
 *
 *   if (!coasync_run (main_task, NULL, NULL, NULL, &error))
 *     g_printerr ("%s\n", error->message);
 *   return error != NULL;
 * }
 * ]|
 */

static void
iterate_until_done (GMainContext  *context,
                    CoasyncFuture *future)
{
  while (!coasync_future_done (future))
    g_main_context_iteration (context, TRUE);
}

/* asyncio's _cancel_all_tasks: cancel what is left and wait for it; tasks
 * started while cleaning up get the same treatment, so none is left
 * pending when the context goes away. */
static void
cancel_leftovers (GMainContext *context)
{
  for (;;)
    {
      g_autoptr(GPtrArray) tasks = coasync_all_tasks (context);

      if (tasks->len == 0)
        return;
      for (guint i = 0; i < tasks->len; i++)
        coasync_task_cancel (g_ptr_array_index (tasks, i), NULL);
      for (guint i = 0; i < tasks->len; i++)
        {
          CoasyncFuture *task = g_ptr_array_index (tasks, i);
          const GError *error;

          iterate_until_done (context, task);
          error = coasync_future_peek_error (task);
          if (error != NULL && !coasync_future_cancelled (task))
            g_warning ("unhandled error during coasync_run() shutdown in task %s: %s",
                       coasync_task_get_name (COASYNC_TASK (task)), error->message);
        }
    }
}

static gboolean
check_not_running (GError **error)
{
  if (coasync_task_is_current_context_busy ())
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_RUNNING,
                           "coasync_run() cannot be called from a running loop");
      return FALSE;
    }
  return TRUE;
}

/* Runs @main, created on @context which is the thread default, then shuts
 * @context down. */
static gboolean
run_main_task (GMainContext  *context,
               CoasyncTask   *main_task,
               GValue        *result,
               GError       **error)
{
  CoasyncScheduler *scheduler = coasync_future_get_scheduler (COASYNC_FUTURE (main_task));
  gboolean ok;

  iterate_until_done (context, COASYNC_FUTURE (main_task));
  cancel_leftovers (context);
  /* asyncio's shutdown_default_executor(): wait for the thread work. */
  while (coasync_scheduler_is_held (scheduler))
    g_main_context_iteration (context, TRUE);
  ok = coasync_future_get_result (COASYNC_FUTURE (main_task), result, error);
  g_object_unref (main_task);

  coasync_scheduler_shutdown (scheduler);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return ok;
}

/**
 * coasync_run: (skip)
 * @func: the body of the main task
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 * @result: (out caller-allocates) (optional): an unset #GValue that receives
 *   the main task's result
 * @error: return location for the main task's error
 *
 * Runs @func as a fiber task on a new #GMainContext, made the thread default
 * meanwhile, until it is done: asyncio's `run()`. Tasks still pending then
 * are cancelled and waited for, so that their cleanup runs before
 * coasync_run() returns, and so are functions started with
 * coasync_to_thread(). It cannot be called from a task or from inside a
 * dispatch of the scheduler (%COASYNC_ERROR_RUNNING).
 *
 * Returns: %TRUE if the main task finished with a result
 */
gboolean
coasync_run (CoasyncTaskFunc   func,
             gpointer          user_data,
             GDestroyNotify    notify,
             GValue           *result,
             GError          **error)
{
  GMainContext *context;
  CoasyncTask *main_task;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (result == NULL || !G_IS_VALUE (result), FALSE);

  if (!check_not_running (error))
    {
      if (notify != NULL)
        notify (user_data);
      return FALSE;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  main_task = coasync_create_task_full (func, user_data, notify, NULL, context, 0);
  return run_main_task (context, main_task, result, error);
}

/**
 * coasync_run_stepped:
 * @func: (scope notified) (closure user_data) (destroy notify): the step
 *   function of the main task
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over
 * @result: (out caller-allocates) (optional): an unset #GValue that receives
 *   the main task's result
 * @error: return location for the main task's error
 *
 * coasync_run() with a stepped main task.
 *
 * Returns: %TRUE if the main task finished with a result
 */
gboolean
coasync_run_stepped (CoasyncStepFunc   func,
                     gpointer          user_data,
                     GDestroyNotify    notify,
                     GValue           *result,
                     GError          **error)
{
  GMainContext *context;
  CoasyncTask *main_task;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (result == NULL || !G_IS_VALUE (result), FALSE);

  if (!check_not_running (error))
    {
      if (notify != NULL)
        notify (user_data);
      return FALSE;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  main_task = coasync_create_stepped_task_full (func, user_data, notify, NULL, context);
  return run_main_task (context, main_task, result, error);
}

/**
 * coasync_run_until_complete:
 * @self: the future to wait for
 * @error: return location for its error, or %COASYNC_ERROR_RUNNING
 *
 * Iterates the future's #GMainContext until @self is done: asyncio's
 * `loop.run_until_complete()`. Its outcome is then read with
 * coasync_future_get_result(). It cannot be called from a task or from
 * inside a dispatch of the scheduler.
 *
 * Returns: %TRUE if @self finished with a result
 */
gboolean
coasync_run_until_complete (CoasyncFuture  *self,
                            GError        **error)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE (self), FALSE);

  if (!check_not_running (error))
    return FALSE;

  iterate_until_done (coasync_future_get_context (self), self);
  return coasync_future_get_result (self, NULL, error);
}
