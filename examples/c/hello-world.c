/* hello-world.c: the first example of "Coroutines and Tasks".
 *
 * Prints "hello", waits 1 second, and then prints "world":
 *
 *     async def main():
 *         print('hello')
 *         await asyncio.sleep(1)
 *         print('world')
 *
 *     asyncio.run(main())
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

/* asyncio's `async def main()`: the body of the main task.  It runs on its
 * own stack, so coasync_await() can suspend it in the middle. */
static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_print ("hello\n");

  /* coasync_await() takes the future returned by coasync_sleep(), and
   * returns FALSE with @error set if the task is cancelled meanwhile. */
  if (!coasync_await (coasync_sleep (scaled (1)), error))
    return FALSE;

  g_print ("world\n");
  return TRUE;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  /* asyncio.run(main()): a fresh loop runs the task until it is done. */
  if (!coasync_run (async_main, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
