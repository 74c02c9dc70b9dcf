/* nested.c: awaiting a coroutine, and awaiting a task.
 *
 *     async def nested():
 *         return 42
 *
 *     async def main():
 *         print(await nested())  # will print "42".
 *
 *         # Schedule nested() to run soon concurrently with "main()".
 *         task = asyncio.create_task(nested())
 *         await task
 *
 *     asyncio.run(main())
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include <coasync/coasync.h>

/* asyncio's `async def nested()`.  In C a coroutine is an ordinary function
 * called from a task body: calling it is awaiting it, and it may itself
 * suspend the task with coasync_await().  That is why it reports errors
 * through a GError, like any GLib function that can fail. */
static gint
nested (GError **error)
{
  return 42;
}

/* The same coroutine as the body of a task of its own: its value becomes
 * the task's result. */
static gboolean
nested_task (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  GError *local_error = NULL;
  gint value;

  value = nested (&local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  coasync_task_return_int (task, value);
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  GError *local_error = NULL;
  CoasyncTask *nested_run;
  gint value;

  /* print(await nested()) */
  value = nested (&local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_print ("%d\n", value);

  /* Schedule nested() to run soon, concurrently with async_main().  The
   * task can be used to cancel it, or simply be awaited to wait until it
   * is complete.  coasync_await() takes our reference to the task. */
  nested_run = coasync_create_task (nested_task, NULL, NULL);
  return coasync_await (COASYNC_FUTURE (nested_run), error);
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  if (!coasync_run (async_main, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
