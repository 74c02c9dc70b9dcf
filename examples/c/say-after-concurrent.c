/* say-after-concurrent.c: running coroutines concurrently as tasks.
 *
 * The say-after example with the two say_after() calls wrapped in tasks,
 * so that they sleep at the same time:
 *
 *     async def main():
 *         task1 = asyncio.create_task(
 *             say_after(1, 'hello'))
 *
 *         task2 = asyncio.create_task(
 *             say_after(2, 'world'))
 *
 *         print(f"started at {time.strftime('%X')}")
 *
 *         # Wait until both tasks are completed (should take
 *         # around 2 seconds.)
 *         await task1
 *         await task2
 *
 *         print(f"finished at {time.strftime('%X')}")
 *
 * The output shows that it runs 1 second faster than before:
 *
 *     started at 17:14:32
 *     hello
 *     world
 *     finished at 17:14:34
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

/* The arguments of one say_after() task. */
typedef struct
{
  gdouble     delay;
  const char *what;
} SayAfter;

static SayAfter *
say_after_new (gdouble     delay,
               const char *what)
{
  SayAfter *args = g_new (SayAfter, 1);

  args->delay = delay;
  args->what = what;
  return args;
}

/* asyncio's `async def say_after(delay, what)`, as a task body: the
 * arguments come in @user_data. */
static gboolean
say_after (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  SayAfter *args = user_data;

  if (!coasync_await (coasync_sleep (scaled (args->delay)), error))
    return FALSE;
  g_print ("%s\n", args->what);
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncTask *task1;
  CoasyncTask *task2;

  /* The tasks start on the next turn of the loop; each frees its
   * arguments with g_free() when it is done with them. */
  task1 = coasync_create_task (say_after, say_after_new (1, "hello"), g_free);
  task2 = coasync_create_task (say_after, say_after_new (2, "world"), g_free);

  print_time ("started at");

  /* Wait until both tasks are completed (should take around 2 seconds).
   * coasync_await() takes our reference to each task.  If the first one
   * fails, we drop the second: coasync_run() cancels what is left. */
  if (!coasync_await (COASYNC_FUTURE (task1), error))
    {
      g_object_unref (task2);
      return FALSE;
    }
  if (!coasync_await (COASYNC_FUTURE (task2), error))
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
