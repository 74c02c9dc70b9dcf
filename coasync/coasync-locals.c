/* coasync-locals.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-locals-private.h"
#include "coasync-macros-private.h"
#include "coasync-task.h"

/**
 * SECTION:coasync-locals
 * @title: Task-local values
 * @short_description: asyncio's contextvars, per task
 *
 * coasync_task_local_set() gives a value to a key in the current task, and
 * coasync_task_local_get() reads it back, as a `contextvars.ContextVar`
 * does in asyncio. A task starts with the values of the task that created
 * it, as they were then: later changes on either side are not seen by the
 * other. A function run by coasync_to_thread() sees the values of the task
 * that started it. coasync_task_set_locals() starts a task with a given
 * snapshot instead, as `create_task(..., context=ctx)`.
 */

/* One value, shared by the snapshots that hold it. */
typedef struct
{
  gint            ref_count;  /* atomic */
  gpointer        value;
  GDestroyNotify  notify;
} Value;

struct _CoasyncLocals
{
  gint        ref_count;  /* atomic */
  GHashTable *values;     /* interned key -> Value* */
};

G_DEFINE_BOXED_TYPE (CoasyncLocals, coasync_locals, coasync_locals_ref, coasync_locals_unref)

static COASYNC_THREAD_LOCAL CoasyncLocals *thread_locals;

static Value *
value_ref (Value *value)
{
  g_atomic_int_inc (&value->ref_count);
  return value;
}

static void
value_unref (gpointer data)
{
  Value *value = data;

  if (!g_atomic_int_dec_and_test (&value->ref_count))
    return;
  if (value->notify != NULL)
    value->notify (value->value);
  g_free (value);
}

static CoasyncLocals *
locals_new (CoasyncLocals *from)
{
  CoasyncLocals *self = g_new (CoasyncLocals, 1);
  GHashTableIter iter;
  gpointer key, value;

  self->ref_count = 1;
  self->values = g_hash_table_new_full (NULL, NULL, NULL, value_unref);
  if (from != NULL)
    {
      g_hash_table_iter_init (&iter, from->values);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->values, key, value_ref (value));
    }
  return self;
}

/**
 * coasync_locals_ref:
 * @self: a #CoasyncLocals
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
CoasyncLocals *
coasync_locals_ref (CoasyncLocals *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

/**
 * coasync_locals_unref:
 * @self: (transfer full): a #CoasyncLocals
 *
 * Drops a reference.
 */
void
coasync_locals_unref (CoasyncLocals *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_hash_table_unref (self->values);
  g_free (self);
}

/* The snapshot the calling code sees: the current task's, or a worker
 * thread's. */
static CoasyncLocals *
current_locals (void)
{
  CoasyncTask *task = coasync_current_task ();

  return task != NULL ? coasync_task_peek_locals (task) : thread_locals;
}

/**
 * coasync_locals_copy_current:
 *
 * Returns the values the calling code sees now: asyncio's
 * `contextvars.copy_context()`.
 *
 * Returns: (transfer full): a snapshot of the current task-local values
 */
CoasyncLocals *
coasync_locals_copy_current (void)
{
  CoasyncLocals *locals = current_locals ();

  return locals != NULL ? coasync_locals_ref (locals) : locals_new (NULL);
}

/**
 * coasync_locals_get:
 * @self: a #CoasyncLocals
 * @key: the key
 *
 * Returns the value of @key in the snapshot.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL
 */
gpointer
coasync_locals_get (CoasyncLocals *self,
                    const char    *key)
{
  Value *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = g_hash_table_lookup (self->values, g_intern_string (key));
  return value != NULL ? value->value : NULL;
}

/**
 * coasync_task_local_set:
 * @key: the key
 * @value: (nullable): the value
 * @notify: (nullable): frees @value once no snapshot holds it
 *
 * Gives @key the value @value in the current task, and in the tasks it
 * creates from now on. Outside a task it does nothing but free @value.
 */
void
coasync_task_local_set (const char     *key,
                        gpointer        value,
                        GDestroyNotify  notify)
{
  CoasyncTask *task = coasync_current_task ();
  CoasyncLocals *locals;
  Value *box;

  g_return_if_fail (key != NULL);

  if (task == NULL)
    {
      g_critical ("coasync_task_local_set() needs a current task");
      if (notify != NULL)
        notify (value);
      return;
    }

  /* Snapshots are immutable: the task gets a new one. */
  locals = locals_new (coasync_task_peek_locals (task));
  box = g_new (Value, 1);
  box->ref_count = 1;
  box->value = value;
  box->notify = notify;
  g_hash_table_replace (locals->values, (gpointer) g_intern_string (key), box);
  coasync_task_take_locals (task, locals);
}

/**
 * coasync_task_local_get:
 * @key: the key
 *
 * Returns the value of @key for the calling code: the current task, or a
 * function running in coasync_to_thread().
 *
 * Returns: (transfer none) (nullable): the value, or %NULL if @key has none
 */
gpointer
coasync_task_local_get (const char *key)
{
  CoasyncLocals *locals = current_locals ();

  g_return_val_if_fail (key != NULL, NULL);

  return locals != NULL ? coasync_locals_get (locals, key) : NULL;
}

/**
 * coasync_task_set_locals:
 * @task: a #CoasyncTask that has not started yet
 * @locals: the values it starts with
 *
 * Makes @task start with @locals instead of the values of the task that
 * created it: asyncio's `create_task(..., context=ctx)`.
 */
void
coasync_task_set_locals (CoasyncTask   *task,
                         CoasyncLocals *locals)
{
  g_return_if_fail (COASYNC_IS_TASK (task));
  g_return_if_fail (locals != NULL);

  coasync_task_take_locals (task, coasync_locals_ref (locals));
}

/* Installs @locals (a reference is taken) for this worker thread and
 * returns the previous ones, which the caller restores. */
CoasyncLocals *
coasync_locals_swap_thread (CoasyncLocals *locals)
{
  CoasyncLocals *previous = thread_locals;

  thread_locals = locals;
  return previous;
}
