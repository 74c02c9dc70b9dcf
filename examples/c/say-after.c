/* say-after.c: awaiting coroutines one after the other.
 *
 * Prints "hello" after waiting for 1 second, and then "world" after
 * waiting for *another* 2 seconds:
 *
 *     async def say_after(delay, what):
 *         await asyncio.sleep(delay)
 *         print(what)
 *
 *     async def main():
 *         print(f"started at {time.strftime('%X')}")
 *         await say_after(1, 'hello')
 *         await say_after(2, 'world')
 *         print(f"finished at {time.strftime('%X')}")
 *
 *     asyncio.run(main())
 *
 * Expected output:
 *
 *     started at 17:13:52
 *     hello
 *     world
 *     finished at 17:13:55
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

/* asyncio's `async def say_after(delay, what)`.  Called from a task body,
 * it suspends that task while it sleeps. */
static gboolean
say_after (gdouble      delay,
           const char  *what,
           GError     **error)
{
  if (!coasync_await (coasync_sleep (scaled (delay)), error))
    return FALSE;
  g_print ("%s\n", what);
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  print_time ("started at");

  /* Each call returns only once its sleep is over: 1 + 2 seconds. */
  if (!say_after (1, "hello", error) ||
      !say_after (2, "world", error))
    return FALSE;

  print_time ("finished at");
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
