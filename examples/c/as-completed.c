/* as-completed.c: results in the order they come, with
 * asyncio.as_completed().
 *
 * The documentation's example is the loop
 *
 *     for coro in as_completed(aws):
 *         earliest_result = await coro
 *         # ...
 *
 * and as_completed() "raises TimeoutError if the timeout occurs before all
 * Futures are done", without cancelling them.  This program runs the loop
 * over three tasks, then once more with a timeout:
 *
 *     async def say(delay, what):
 *         await asyncio.sleep(delay)
 *         return what
 *
 *     async def main():
 *         aws = [asyncio.create_task(say(3, 'three')),
 *                asyncio.create_task(say(1, 'one')),
 *                asyncio.create_task(say(2, 'two'))]
 *         for coro in asyncio.as_completed(aws):
 *             earliest_result = await coro
 *             print(earliest_result)
 *
 *         eternity = asyncio.create_task(say(3600, 'eternity'))
 *         try:
 *             for coro in asyncio.as_completed([eternity, say(1, 'fast')], timeout=2):
 *                 print(await coro)
 *         except TimeoutError:
 *             print('timeout!')
 *         print(f"eternity cancelled: {eternity.cancelled()}")
 *
 *     asyncio.run(main())
 *
 * Output (CPython's, and this program's):
 *
 *     one
 *     two
 *     three
 *     fast
 *     timeout!
 *     eternity cancelled: False
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
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

/* The arguments of one say() task. */
typedef struct
{
  gdouble     delay;
  const char *what;
} Say;

/* asyncio's `async def say(delay, what)`, as a task body. */
static gboolean
say (CoasyncTask  *task,
     gpointer      user_data,
     GError      **error)
{
  Say *args = user_data;

  if (!coasync_await (coasync_sleep (scaled (args->delay)), error))
    return FALSE;
  coasync_task_return_string (task, args->what);
  return TRUE;
}

/* asyncio.create_task(say(delay, what)) */
static CoasyncFuture *
create_say_task (gdouble     delay,
                 const char *what)
{
  Say *args = g_new (Say, 1);

  args->delay = delay;
  args->what = what;
  return COASYNC_FUTURE (coasync_create_task (say, args, g_free));
}

/* The loop `for coro in as_completed(futures, timeout=timeout): print(await
 * coro)`.  Each coasync_as_completed_next() is one `coro`: a future (transfer
 * full) with the outcome of the next future to finish, or, once the timeout
 * is over, G_IO_ERROR_TIMED_OUT.  The iterator takes no reference of ours. */
static gboolean
print_as_completed (CoasyncFuture **futures,
                    guint           n_futures,
                    gdouble         timeout,
                    GError        **error)
{
  g_autoptr(CoasyncAsCompleted) iter = coasync_as_completed (futures, n_futures, timeout);
  CoasyncFuture *coro;

  while ((coro = coasync_as_completed_next (iter)) != NULL)
    {
      GError *local_error = NULL;
      g_autofree char *earliest_result = coasync_await_string (coro, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_print ("%s\n", earliest_result);
    }
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncFuture *aws[] = {
    create_say_task (3, "three"),
    create_say_task (1, "one"),
    create_say_task (2, "two"),
  };
  g_autoptr(CoasyncFuture) eternity = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  ok = print_as_completed (aws, G_N_ELEMENTS (aws), INFINITY, error);
  for (gsize i = 0; i < G_N_ELEMENTS (aws); i++)
    g_object_unref (aws[i]);
  if (!ok)
    return FALSE;

  /* as_completed() wraps the coroutine say(1, 'fast') in a task: here the
   * task is made by hand. */
  eternity = create_say_task (3600, "eternity");
  {
    g_autoptr(CoasyncFuture) fast = create_say_task (1, "fast");
    CoasyncFuture *futures[] = { eternity, fast };

    if (!print_as_completed (futures, G_N_ELEMENTS (futures), scaled (2), &local_error))
      {
        if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
          {
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
        g_print ("timeout!\n");
      }
  }

  /* The timeout cancels nothing: coasync_run() cancels eternity when this
   * task is over, as asyncio.run() does. */
  g_print ("eternity cancelled: %s\n", coasync_future_cancelled (eternity) ? "True" : "False");
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
