/* shield.c: protecting a task from the cancellation of its caller.
 *
 * "Shielding From Cancellation" shows the statement
 *
 *     task = asyncio.create_task(something())
 *     try:
 *         res = await shield(task)
 *     except CancelledError:
 *         res = None
 *
 * which is `res = await something()` except that cancelling the caller does
 * not cancel the task running something(): the caller's await still fails
 * with CancelledError, but the task goes on.  The section has no complete
 * program; this one cancels the caller while it waits:
 *
 *     async def something():
 *         await asyncio.sleep(2)
 *         print('something(): finished')
 *         return 42
 *
 *     async def caller(task):
 *         try:
 *             res = await asyncio.shield(task)
 *         except asyncio.CancelledError:
 *             res = None
 *         print(f'caller(): res = {res}')
 *
 *     async def main():
 *         # Save a reference to the task passed to shield()
 *         task = asyncio.create_task(something())
 *         waiter = asyncio.create_task(caller(task))
 *         await asyncio.sleep(1)
 *         waiter.cancel()
 *         await waiter
 *         print(f'main(): something() cancelled: {task.cancelled()}')
 *         print(f'main(): res = {await task}')
 *
 *     asyncio.run(main())
 *
 * Output (CPython's, and this program's):
 *
 *     caller(): res = None
 *     main(): something() cancelled: False
 *     something(): finished
 *     main(): res = 42
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include <coasync/coasync.h>

/* Every delay is multiplied by $COASYNC_EXAMPLE_SCALE (default 1), so that
 * the test suite can run the example quickly. */
static gdouble
scaled (gdouble seconds)
{
  const char *scale = g_getenv ("COASYNC_EXAMPLE_SCALE");

  return scale != NULL ? seconds * g_ascii_strtod (scale, NULL) : seconds;
}

static gboolean
something (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  if (!coasync_await (coasync_sleep (scaled (2)), error))
    return FALSE;
  g_print ("something(): finished\n");
  coasync_task_return_int (task, 42);
  return TRUE;
}

/* asyncio's `async def caller(task)`: @user_data is a reference to the
 * task of something(). */
static gboolean
caller (CoasyncTask  *task,
        gpointer      user_data,
        GError      **error)
{
  CoasyncTask *something_task = user_data;
  g_autoptr(GError) local_error = NULL;
  gint res;

  /* coasync_shield() takes a reference to the task and returns the outer
   * future: cancelling the caller cancels only that one. */
  res = coasync_await_int (coasync_shield (COASYNC_FUTURE (g_object_ref (something_task))),
                           &local_error);
  if (local_error == NULL)
    g_print ("caller(): res = %d\n", res);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Clearing the error ignores the cancellation (not recommended). */
    g_print ("caller(): res = None\n");
  else
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  /* Save a reference to the task passed to shield() */
  g_autoptr(CoasyncTask) something_task = coasync_create_task (something, NULL, NULL);
  g_autoptr(CoasyncTask) waiter = NULL;
  GError *local_error = NULL;
  gint res;

  waiter = coasync_create_task (caller, g_object_ref (something_task), g_object_unref);
  if (!coasync_await (coasync_sleep (scaled (1)), error))
    return FALSE;
  coasync_task_cancel (waiter, NULL);
  if (!coasync_await (COASYNC_FUTURE (g_object_ref (waiter)), error))
    return FALSE;

  g_print ("main(): something() cancelled: %s\n",
           coasync_future_cancelled (COASYNC_FUTURE (something_task)) ? "True" : "False");

  res = coasync_await_int (COASYNC_FUTURE (g_object_ref (something_task)), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_print ("main(): res = %d\n", res);
  return TRUE;
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
