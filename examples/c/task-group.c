/* task-group.c: running coroutines concurrently in a task group.
 *
 * The say-after-concurrent example written with asyncio.TaskGroup, which
 * awaits its tasks when the `async with` block ends:
 *
 *     async def main():
 *         async with asyncio.TaskGroup() as tg:
 *             task1 = tg.create_task(
 *                 say_after(1, 'hello'))
 *
 *             task2 = tg.create_task(
 *                 say_after(2, 'world'))
 *
 *             print(f"started at {time.strftime('%X')}")
 *
 *         # The await is implicit when the context manager exits.
 *
 *         print(f"finished at {time.strftime('%X')}")
 *
 * "The timing and output should be the same as for the previous version":
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

/* asyncio's `async def say_after(delay, what)`, as a task body. */
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
  /* `async with asyncio.TaskGroup() as tg:` enters the group at once, with
   * this task as its parent. */
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) task1 = NULL;
  g_autoptr(CoasyncTask) task2 = NULL;
  GError *body_error = NULL;

  /* The group refuses new tasks only once it is finished or shutting down
   * after a failure.  Like an exception in the block, an error of the body
   * is handed to the exit, which cancels the members and reports it. */
  task1 = coasync_task_group_create_task (tg, say_after, say_after_new (1, "hello"),
                                          g_free, &body_error);
  if (task1 != NULL)
    task2 = coasync_task_group_create_task (tg, say_after, say_after_new (2, "world"),
                                            g_free, &body_error);
  if (body_error == NULL)
    print_time ("started at");

  /* The await is implicit when the context manager exits: here it is
   * explicit.  It fails if a member (or the body) failed, with all their
   * errors in one COASYNC_ERROR_GROUP error (asyncio's ExceptionGroup). */
  if (!coasync_task_group_exit (tg, body_error, error))
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
