/* cancel-me.c: how a task is cancelled, and how it cleans up.
 *
 *     async def cancel_me():
 *         print('cancel_me(): before sleep')
 *
 *         try:
 *             # Wait for 1 hour
 *             await asyncio.sleep(3600)
 *         except asyncio.CancelledError:
 *             print('cancel_me(): cancel sleep')
 *             raise
 *         finally:
 *             print('cancel_me(): after sleep')
 *
 *     async def main():
 *         # Create a "cancel_me" Task
 *         task = asyncio.create_task(cancel_me())
 *
 *         # Wait for 1 second
 *         await asyncio.sleep(1)
 *
 *         task.cancel()
 *         try:
 *             await task
 *         except asyncio.CancelledError:
 *             print("main(): cancel_me is cancelled now")
 *
 *     asyncio.run(main())
 *
 * Expected output:
 *
 *     cancel_me(): before sleep
 *     cancel_me(): cancel sleep
 *     cancel_me(): after sleep
 *     main(): cancel_me is cancelled now
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
cancel_me (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_print ("cancel_me(): before sleep\n");

  /* Wait for 1 hour.  A cancellation arrives here as a
   * G_IO_ERROR_CANCELLED error (asyncio's CancelledError). */
  if (!coasync_await (coasync_sleep (scaled (3600)), &local_error)
      && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_print ("cancel_me(): cancel sleep\n");

  /* The `finally:` clause runs on every path. */
  g_print ("cancel_me(): after sleep\n");

  /* Passing the error on (the `raise`) ends the task cancelled.
   * Clearing it instead would refuse the cancellation. */
  if (local_error != NULL)
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
  g_autoptr(CoasyncTask) cancel_me_task = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Create a "cancel_me" Task */
  cancel_me_task = coasync_create_task (cancel_me, NULL, NULL);

  /* Wait for 1 second */
  if (!coasync_await (coasync_sleep (scaled (1)), error))
    return FALSE;

  coasync_task_cancel (cancel_me_task, NULL);

  /* coasync_await() takes a reference: we keep ours. */
  if (!coasync_await (COASYNC_FUTURE (g_object_ref (cancel_me_task)), &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_print ("main(): cancel_me is cancelled now\n");
    }
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
