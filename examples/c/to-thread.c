/* to-thread.c: running a blocking function in a thread, with
 * asyncio.to_thread().
 *
 *     def blocking_io():
 *         print(f"start blocking_io at {time.strftime('%X')}")
 *         # Note that time.sleep() can be replaced with any blocking
 *         # IO-bound operation, such as file operations.
 *         time.sleep(1)
 *         print(f"blocking_io complete at {time.strftime('%X')}")
 *
 *     async def main():
 *         print(f"started main at {time.strftime('%X')}")
 *
 *         await asyncio.gather(
 *             asyncio.to_thread(blocking_io),
 *             asyncio.sleep(1))
 *
 *         print(f"finished main at {time.strftime('%X')}")
 *
 *     asyncio.run(main())
 *
 * Expected output:
 *
 *     started main at 19:50:53
 *     start blocking_io at 19:50:53
 *     blocking_io complete at 19:50:54
 *     finished main at 19:50:54
 *
 * "Directly calling blocking_io() in any coroutine would block the event
 * loop for its duration, resulting in an additional 1 second of run time":
 * in a thread, it takes 1 second in all, not 2.  C has no GIL, so the
 * function may as well be CPU-bound.
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

/* Python's print(f"{what} {time.strftime('%X')}"). */
static void
print_time (const char *what)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%X");

  g_print ("%s %s\n", what, stamp);
}

/* Runs on a worker thread.  It has no result (@result stays unset) and
 * does not look at @cancellable: nothing cancels it here. */
static gboolean
blocking_io (GCancellable  *cancellable,
             GValue        *result,
             gpointer       user_data,
             GError       **error)
{
  print_time ("start blocking_io at");
  /* Note that g_usleep() can be replaced with any blocking IO-bound
   * operation, such as file operations. */
  g_usleep ((gulong) (scaled (1) * G_USEC_PER_SEC));
  print_time ("blocking_io complete at");
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncFuture *aws[2];
  CoasyncFuture *gather;
  g_autoptr(GPtrArray) results = NULL;

  print_time ("started main at");

  /* coasync_to_thread() hands blocking_io() to a worker at once; gather()
   * takes references of its own to both futures. */
  aws[0] = coasync_to_thread (blocking_io, NULL, NULL);
  aws[1] = coasync_sleep (scaled (1));
  gather = coasync_gather (aws, G_N_ELEMENTS (aws), FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (aws); i++)
    g_object_unref (aws[i]);

  results = coasync_await_gather (gather, error);
  if (results == NULL)
    return FALSE;

  print_time ("finished main at");
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
