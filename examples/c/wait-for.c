/* wait-for.c: waiting for an awaitable with a timeout.
 *
 *     async def eternity():
 *         # Sleep for one hour
 *         await asyncio.sleep(3600)
 *         print('yay!')
 *
 *     async def main():
 *         # Wait for at most 1 second
 *         try:
 *             await asyncio.wait_for(eternity(), timeout=1.0)
 *         except TimeoutError:
 *             print('timeout!')
 *
 *     asyncio.run(main())
 *
 * Expected output:
 *
 *     timeout!
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

/* asyncio's `async def eternity()`, as a task body: wait_for() runs a
 * coroutine as a task of its own. */
static gboolean
eternity (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  /* Sleep for one hour */
  if (!coasync_await (coasync_sleep (scaled (3600)), error))
    return FALSE;
  g_print ("yay!\n");
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  CoasyncFuture *eternity_task;

  /* Wait for at most 1 second.  coasync_wait_for() takes our reference to
   * the task.  On timeout it cancels the task, waits until the task has
   * actually finished cancelling, and then fails with G_IO_ERROR_TIMED_OUT
   * (asyncio's TimeoutError): "yay!" is never printed. */
  eternity_task = COASYNC_FUTURE (coasync_create_task (eternity, NULL, NULL));
  if (!coasync_await (coasync_wait_for (eternity_task, scaled (1.0)), &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_print ("timeout!\n");
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
