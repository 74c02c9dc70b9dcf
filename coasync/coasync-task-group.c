/* coasync-task-group.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-error.h"
#include "coasync-future-private.h"
#include "coasync-task-group.h"

/**
 * SECTION:coasync-task-group
 * @title: CoasyncTaskGroup
 * @short_description: Structured concurrency: tasks that live and fail together
 *
 * A #CoasyncTaskGroup is asyncio's `TaskGroup`. Its body, running in a
 * parent task, adds member tasks with coasync_task_group_create_task() and
 * ends with coasync_task_group_exit(), which waits for every member. The
 * first member to fail cancels the other members and the parent task while
 * the body still runs; the exit then reports every error (in completion
 * order, the body's own last) as one %COASYNC_ERROR_GROUP error. The parent's
 * cancellation is taken back, so it never leaks into later awaits.
 *
 * |[<!-- language="C" -->
 * static gboolean
 * main_task (CoasyncTask *task, gpointer user_data, GError **error)
 * {
 *   g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
 *   g_autoptr(CoasyncTask) a = coasync_task_group_create_task (tg, fetch, "a", NULL, NULL);
 *   g_autoptr(CoasyncTask) b = coasync_task_group_create_task (tg, fetch, "b", NULL, NULL);
 *   GError *body_error = NULL;
 *
 *   coasync_await (coasync_sleep (0.1), &body_error);  // the body may wait too
 *   return coasync_task_group_exit (tg, body_error, error);
 * }
 * ]|
 *
 * Bindings and stepped bodies, which cannot block in an exit call, use
 * coasync_task_group_begin_exit(), coasync_task_group_exit_step() and
 * coasync_task_group_finish_exit() instead.
 */

struct _CoasyncTaskGroup
{
  GObject        parent_instance;

  CoasyncTask   *parent_task;
  gboolean       entered;
  gboolean       exiting;
  gboolean       aborting;
  gboolean       parent_cancel_requested;

  /* The members not done yet, in creation order: each maps to its link. */
  GQueue         tasks;
  GHashTable    *links;

  GPtrArray     *errors;          /* GError*, in completion order */
  CoasyncFuture *on_completed;    /* completed when the last member is done */
  GError        *body_error;
  GError        *propagate_cancel;
};

G_DEFINE_FINAL_TYPE (CoasyncTaskGroup, coasync_task_group, G_TYPE_OBJECT)

static void
coasync_task_group_finalize (GObject *object)
{
  CoasyncTaskGroup *self = COASYNC_TASK_GROUP (object);

  /* Members hold a reference to the group until they are done. */
  g_assert (self->tasks.length == 0);
  g_hash_table_unref (self->links);
  g_ptr_array_unref (self->errors);
  g_clear_object (&self->on_completed);
  g_clear_object (&self->parent_task);
  g_clear_error (&self->body_error);
  g_clear_error (&self->propagate_cancel);

  G_OBJECT_CLASS (coasync_task_group_parent_class)->finalize (object);
}

static void
coasync_task_group_class_init (CoasyncTaskGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_task_group_finalize;
}

static void
coasync_task_group_init (CoasyncTaskGroup *self)
{
  g_queue_init (&self->tasks);
  self->links = g_hash_table_new (NULL, NULL);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

/**
 * coasync_task_group_new:
 *
 * Creates a task group and, inside a task, enters it with the current task
 * as its parent (asyncio's `async with TaskGroup() as tg`). Outside a task
 * the group stays un-entered: see coasync_task_group_enter().
 *
 * Returns: (transfer full): the new task group
 */
CoasyncTaskGroup *
coasync_task_group_new (void)
{
  CoasyncTaskGroup *self = g_object_new (COASYNC_TYPE_TASK_GROUP, NULL);

  if (coasync_current_task () != NULL)
    coasync_task_group_enter (self, NULL);
  return self;
}

/**
 * coasync_task_group_enter:
 * @self: a #CoasyncTaskGroup
 * @error: return location for %COASYNC_ERROR_RUNNING (already entered) or
 *   %COASYNC_ERROR_NO_TASK (no current task)
 *
 * Enters the group with the current task as its parent. coasync_task_group_new()
 * does it already when called from a task.
 *
 * Returns: %TRUE if the group was entered
 */
gboolean
coasync_task_group_enter (CoasyncTaskGroup  *self,
                          GError           **error)
{
  CoasyncTask *parent;

  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), FALSE);

  if (self->entered)
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_RUNNING,
                           "TaskGroup has already been entered");
      return FALSE;
    }
  parent = coasync_current_task ();
  if (parent == NULL)
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_NO_TASK,
                           "TaskGroup cannot determine the parent task");
      return FALSE;
    }
  self->parent_task = g_object_ref (parent);
  self->entered = TRUE;
  return TRUE;
}

static void
abort_members (CoasyncTaskGroup *self)
{
  self->aborting = TRUE;
  for (GList *l = self->tasks.head; l != NULL; l = l->next)
    if (!coasync_future_done (l->data))
      coasync_task_cancel (l->data, NULL);
}

static void
on_member_done (CoasyncFuture *task,
                gpointer       user_data)
{
  CoasyncTaskGroup *self = user_data;
  GList *link = g_hash_table_lookup (self->links, task);
  const GError *error;

  g_hash_table_remove (self->links, task);
  g_queue_delete_link (&self->tasks, link);
  g_object_unref (task);

  if (self->on_completed != NULL && self->tasks.length == 0)
    coasync_future_set_boolean (self->on_completed, TRUE, NULL);

  if (coasync_future_cancelled (task))
    return;
  error = coasync_future_peek_error (task);
  if (error == NULL)
    return;
  g_ptr_array_add (self->errors, g_error_copy (error));

  if (coasync_future_done (COASYNC_FUTURE (self->parent_task)))
    {
      g_warning ("Task %s of a TaskGroup failed after its parent %s was done: %s",
                 coasync_task_get_name (COASYNC_TASK (task)),
                 coasync_task_get_name (self->parent_task), error->message);
      return;
    }
  if (!self->aborting && !self->parent_cancel_requested)
    {
      /* Abort the body: cancel the parent, and take it back on exit. */
      abort_members (self);
      self->parent_cancel_requested = TRUE;
      coasync_task_cancel (self->parent_task, NULL);
    }
}

static gboolean
check_open (CoasyncTaskGroup  *self,
            gpointer           user_data,
            GDestroyNotify     notify,
            GError           **error)
{
  const char *why = NULL;

  if (!self->entered)
    why = "TaskGroup has not been entered";
  else if (self->exiting && self->tasks.length == 0)
    why = "TaskGroup is finished";
  else if (self->aborting)
    why = "TaskGroup is shutting down";
  if (why == NULL)
    return TRUE;

  g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_CLOSED, why);
  if (notify != NULL)
    notify (user_data);
  return FALSE;
}

static CoasyncTask *
add_member (CoasyncTaskGroup *self,
            CoasyncTask      *task)
{
  g_queue_push_tail (&self->tasks, g_object_ref (task));
  g_hash_table_insert (self->links, task, self->tasks.tail);
  coasync_future_add_done_callback (COASYNC_FUTURE (task), on_member_done,
                                    g_object_ref (self), g_object_unref);
  return task;
}

/**
 * coasync_task_group_create_task: (skip)
 * @self: a #CoasyncTaskGroup
 * @func: the fiber body of the member
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over, or at once
 *   if the group refuses the task
 * @error: return location for a %COASYNC_ERROR_CLOSED error
 *
 * Creates a member task on the parent's context. Members may be added by
 * the body or by other members, also while the group waits in its exit, but
 * not once it is finished or shutting down after a failure.
 *
 * Returns: (transfer full) (nullable): the new task, or %NULL
 */
CoasyncTask *
coasync_task_group_create_task (CoasyncTaskGroup  *self,
                                CoasyncTaskFunc    func,
                                gpointer           user_data,
                                GDestroyNotify     notify,
                                GError           **error)
{
  return coasync_task_group_create_task_full (self, func, user_data, notify, NULL, 0, error);
}

/**
 * coasync_task_group_create_task_full: (skip)
 * @self: a #CoasyncTaskGroup
 * @func: the fiber body of the member
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over, or at once
 *   if the group refuses the task
 * @name: (nullable): the task name, %NULL for `Task-N`
 * @stack_size: the stack size, 0 for the default
 * @error: return location for a %COASYNC_ERROR_CLOSED error
 *
 * coasync_task_group_create_task() with a name and a stack size.
 *
 * Returns: (transfer full) (nullable): the new task, or %NULL
 */
CoasyncTask *
coasync_task_group_create_task_full (CoasyncTaskGroup  *self,
                                     CoasyncTaskFunc    func,
                                     gpointer           user_data,
                                     GDestroyNotify     notify,
                                     const char        *name,
                                     gsize              stack_size,
                                     GError           **error)
{
  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (!check_open (self, user_data, notify, error))
    return NULL;
  return add_member (self, coasync_create_task_full (func, user_data, notify, name,
                                                     coasync_future_get_context (COASYNC_FUTURE (self->parent_task)),
                                                     stack_size));
}

/**
 * coasync_task_group_create_stepped_task:
 * @self: a #CoasyncTaskGroup
 * @func: (scope notified) (closure user_data) (destroy notify): the step function
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data when the body is over, or at once
 *   if the group refuses the task
 * @name: (nullable): the task name, %NULL for `Task-N`
 * @error: return location for a %COASYNC_ERROR_CLOSED error
 *
 * coasync_task_group_create_task() for a stepped body.
 *
 * Returns: (transfer full) (nullable): the new task, or %NULL
 */
CoasyncTask *
coasync_task_group_create_stepped_task (CoasyncTaskGroup  *self,
                                        CoasyncStepFunc    func,
                                        gpointer           user_data,
                                        GDestroyNotify     notify,
                                        const char        *name,
                                        GError           **error)
{
  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (!check_open (self, user_data, notify, error))
    return NULL;
  return add_member (self, coasync_create_stepped_task_full (func, user_data, notify, name,
                                                             coasync_future_get_context (COASYNC_FUTURE (self->parent_task))));
}

/**
 * coasync_task_group_begin_exit:
 * @self: an entered #CoasyncTaskGroup
 * @body_error: (transfer full) (nullable): the error the body ended with
 *
 * Starts leaving the group: the first part of asyncio's `__aexit__`. A body
 * error cancels the members. Then call coasync_task_group_exit_step() until
 * it returns %NULL, and coasync_task_group_finish_exit(). A body that ended
 * without an error may leave this call out: the first exit step begins the
 * exit (bindings cannot pass a %NULL error).
 */
void
coasync_task_group_begin_exit (CoasyncTaskGroup *self,
                               GError           *body_error)
{
  g_return_if_fail (COASYNC_IS_TASK_GROUP (self));
  g_return_if_fail (self->entered && !self->exiting);

  self->exiting = TRUE;
  self->body_error = body_error;
  if (g_error_matches (body_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->propagate_cancel = g_error_copy (body_error);
  if (body_error != NULL && !self->aborting)
    abort_members (self);
}

/**
 * coasync_task_group_exit_cancelled:
 * @self: an exiting #CoasyncTaskGroup
 * @cancellation: the %G_IO_ERROR_CANCELLED error the await of the future
 *   from coasync_task_group_exit_step() failed with
 *
 * Tells the group that its wait for the members was cancelled. Unless the
 * group is aborting (the cancellation is then its own), the parent is being
 * cancelled from outside: the group cancels the members, and
 * coasync_task_group_finish_exit() reports the cancellation unless a member
 * failed. Call it before the next exit step.
 */
void
coasync_task_group_exit_cancelled (CoasyncTaskGroup *self,
                                   const GError     *cancellation)
{
  g_return_if_fail (COASYNC_IS_TASK_GROUP (self));
  g_return_if_fail (self->exiting);
  g_return_if_fail (g_error_matches (cancellation, G_IO_ERROR, G_IO_ERROR_CANCELLED));

  /* While aborting, the cancellation is the group's own. */
  if (self->aborting)
    return;
  g_clear_error (&self->propagate_cancel);
  self->propagate_cancel = g_error_copy (cancellation);
  abort_members (self);
}

/**
 * coasync_task_group_exit_step:
 * @self: an exiting #CoasyncTaskGroup
 *
 * Returns the next future to wait for while members remain. Waiting for it
 * may fail with %G_IO_ERROR_CANCELLED when the parent is cancelled from
 * outside: pass that error to coasync_task_group_exit_cancelled().
 *
 * Returns: (transfer full) (nullable): a future to await, or %NULL when
 *   every member is done
 */
CoasyncFuture *
coasync_task_group_exit_step (CoasyncTaskGroup *self)
{
  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), NULL);
  g_return_val_if_fail (self->entered, NULL);

  if (!self->exiting)
    coasync_task_group_begin_exit (self, NULL);
  g_clear_object (&self->on_completed);
  if (self->tasks.length == 0)
    return NULL;
  self->on_completed = coasync_future_new_for_context (
    coasync_future_get_context (COASYNC_FUTURE (self->parent_task)));
  return g_object_ref (self->on_completed);
}

/**
 * coasync_task_group_finish_exit:
 * @self: an exiting #CoasyncTaskGroup whose members are all done
 * @error: return location for the group's error
 *
 * Ends the exit: takes back the group's own cancellation of the parent and
 * reports the outcome. Errors take priority over a cancellation; the body's
 * error comes last among them.
 *
 * Returns: %TRUE if nothing failed, %FALSE with @error set to a
 *   %COASYNC_ERROR_GROUP error, or to %G_IO_ERROR_CANCELLED when the parent
 *   is being cancelled from outside
 */
gboolean
coasync_task_group_finish_exit (CoasyncTaskGroup  *self,
                                GError           **error)
{
  GError *propagate;

  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), FALSE);
  g_return_val_if_fail (self->exiting && self->tasks.length == 0, FALSE);

  propagate = g_steal_pointer (&self->propagate_cancel);
  if (self->parent_cancel_requested)
    {
      self->parent_cancel_requested = FALSE;
      if (coasync_task_uncancel (self->parent_task) == 0)
        g_clear_error (&propagate);
    }
  if (propagate != NULL && self->errors->len == 0)
    {
      g_clear_error (&self->body_error);
      g_propagate_error (error, propagate);
      return FALSE;
    }
  g_clear_error (&propagate);

  if (self->body_error != NULL && !g_error_matches (self->body_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_ptr_array_add (self->errors, g_steal_pointer (&self->body_error));
  g_clear_error (&self->body_error);

  if (self->errors->len == 0)
    return TRUE;

  /* A cancellation from outside stays pending: re-request it so the count
   * is unchanged. */
  if (coasync_task_cancelling (self->parent_task) > 0)
    {
      coasync_task_uncancel (self->parent_task);
      coasync_task_cancel (self->parent_task, NULL);
    }
  g_propagate_error (error, coasync_error_group_new ("unhandled errors in a TaskGroup", self->errors));
  return FALSE;
}

/**
 * coasync_task_group_get_errors:
 * @self: a #CoasyncTaskGroup
 *
 * Returns the errors the group has collected: those of its failed members in
 * the order they failed and, once coasync_task_group_finish_exit() has run,
 * the body's error last. They are the members of the error group the exit
 * reports; bindings, which cannot reach the members of a #GError they have
 * converted, read them here.
 *
 * Returns: (transfer none) (element-type GLib.Error): the collected errors
 */
GPtrArray *
coasync_task_group_get_errors (CoasyncTaskGroup *self)
{
  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), NULL);

  return self->errors;
}

/**
 * coasync_task_group_exit: (skip)
 * @self: an entered #CoasyncTaskGroup
 * @body_error: (transfer full) (nullable): the error the body ended with,
 *   %NULL if it succeeded
 * @error: return location for the group's error
 *
 * Leaves the group from a fiber task: asyncio's `__aexit__`. Waits for every
 * member (also those added meanwhile), then reports the outcome as
 * coasync_task_group_finish_exit() does. A body interrupted by the group
 * (its await failed with %G_IO_ERROR_CANCELLED) passes that error here.
 *
 * Returns: %TRUE if the body and every member succeeded
 */
gboolean
coasync_task_group_exit (CoasyncTaskGroup  *self,
                         GError            *body_error,
                         GError           **error)
{
  CoasyncFuture *next;

  g_return_val_if_fail (COASYNC_IS_TASK_GROUP (self), FALSE);

  if (!self->entered)
    {
      if (body_error != NULL)
        g_propagate_error (error, body_error);
      else
        g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_CLOSED,
                             "TaskGroup has not been entered");
      return FALSE;
    }

  coasync_task_group_begin_exit (self, body_error);
  while ((next = coasync_task_group_exit_step (self)) != NULL)
    {
      GError *await_error = NULL;

      if (!coasync_await (next, &await_error))
        {
          if (g_error_matches (await_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            coasync_task_group_exit_cancelled (self, await_error);
          g_error_free (await_error);
        }
    }
  return coasync_task_group_finish_exit (self, error);
}

/**
 * coasync_task_group_wait: (skip)
 * @self: an entered #CoasyncTaskGroup
 * @error: return location for the group's error
 *
 * coasync_task_group_exit() for a body that succeeded.
 *
 * Returns: %TRUE if every member succeeded
 */
gboolean
coasync_task_group_wait (CoasyncTaskGroup  *self,
                         GError           **error)
{
  return coasync_task_group_exit (self, NULL, error);
}

/**
 * coasync_task_group_run: (skip)
 * @func: the body
 * @user_data: data for @func
 * @error: return location for the group's error
 *
 * Runs @func as the body of a new task group of the current fiber task and
 * leaves the group when it returns: the whole `async with TaskGroup()`
 * block in one call.
 *
 * Returns: %TRUE if the body and every member succeeded
 */
gboolean
coasync_task_group_run (CoasyncTaskGroupFunc   func,
                        gpointer               user_data,
                        GError               **error)
{
  g_autoptr(CoasyncTaskGroup) self = g_object_new (COASYNC_TYPE_TASK_GROUP, NULL);
  GError *body_error = NULL;

  g_return_val_if_fail (func != NULL, FALSE);

  if (!coasync_task_group_enter (self, error))
    return FALSE;
  if (!func (self, user_data, &body_error) && body_error == NULL)
    g_set_error_literal (&body_error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                         "task group body failed without an error");
  return coasync_task_group_exit (self, body_error, error);
}
