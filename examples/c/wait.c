/* wait.c: waiting for a set of tasks, with asyncio.wait().
 *
 * "Waiting Primitives" gives the usage, `done, pending = await
 * asyncio.wait(aws)`, and the right way to find a task in the done set:
 *
 *     async def foo():
 *         return 42
 *
 *     task = asyncio.create_task(foo())
 *     done, pending = await asyncio.wait({task})
 *
 *     if task in done:
 *         # Everything will work as expected now.
 *
 * This program completes that snippet and goes through the three
 * return_when constants and the timeout, which returns the futures that are
 * not done yet in the second set instead of raising or cancelling them:
 *
 *     async def say(delay, what):
 *         await asyncio.sleep(delay)
 *         return what
 *
 *     async def fail(delay, message):
 *         await asyncio.sleep(delay)
 *         raise ValueError(message)
 *
 *     async def main():
 *         task = asyncio.create_task(foo())
 *         done, pending = await asyncio.wait({task})
 *         if task in done:
 *             print(f"foo() is done: {task.result()}")
 *
 *         fast = asyncio.create_task(say(1, 'fast'))
 *         slow = asyncio.create_task(say(5, 'slow'))
 *         done, pending = await asyncio.wait({fast, slow},
 *                                            return_when=asyncio.FIRST_COMPLETED)
 *         print(f"first completed: {[t.result() for t in done]}, {len(pending)} pending")
 *
 *         done, pending = await asyncio.wait(pending, timeout=1)
 *         print(f"timed out: {len(done)} done, {len(pending)} pending, "
 *               f"slow cancelled: {slow.cancelled()}")
 *
 *         failing = asyncio.create_task(fail(1, 'boom'))
 *         done, pending = await asyncio.wait({slow, failing},
 *                                            return_when=asyncio.FIRST_EXCEPTION)
 *         print(f"first exception: {failing.exception()!r}, {len(pending)} pending")
 *
 *         done, pending = await asyncio.wait(pending)
 *         print(f"all completed: {[t.result() for t in done]}, {len(pending)} pending")
 *
 *     asyncio.run(main())
 *
 * Output of CPython, and of this program but for the exception, of which it
 * prints the message:
 *
 *     foo() is done: 42
 *     first completed: ['fast'], 1 pending
 *     timed out: 0 done, 1 pending, slow cancelled: False
 *     first exception: ValueError('boom'), 1 pending
 *     all completed: ['slow'], 0 pending
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

static gboolean
foo (CoasyncTask  *task,
     gpointer      user_data,
     GError      **error)
{
  coasync_task_return_int (task, 42);
  return TRUE;
}

/* The arguments of one say() or fail() task. */
typedef struct
{
  gdouble     delay;
  const char *what;
} Say;

static Say *
say_new (gdouble     delay,
         const char *what)
{
  Say *args = g_new (Say, 1);

  args->delay = delay;
  args->what = what;
  return args;
}

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

static gboolean
fail (CoasyncTask  *task,
      gpointer      user_data,
      GError      **error)
{
  Say *args = user_data;

  if (!coasync_await (coasync_sleep (scaled (args->delay)), error))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, args->what);
  return FALSE;
}

/* `done, pending = await asyncio.wait(futures, timeout=timeout,
 * return_when=return_when)`: the sets come back as arrays for the caller
 * to unref, in the order of @futures.  coasync_wait() takes no reference
 * of ours; awaiting it fails only if this task is cancelled meanwhile. */
static gboolean
wait_sets (CoasyncFuture      **futures,
           guint                n_futures,
           gdouble              timeout,
           CoasyncReturnWhen    return_when,
           GPtrArray          **done,
           GPtrArray          **pending,
           GError             **error)
{
  g_autoptr(CoasyncFuture) waiter = coasync_wait (futures, n_futures, timeout, return_when);

  if (!coasync_await (g_object_ref (waiter), error))
    return FALSE;
  *done = coasync_wait_get_done (waiter);
  *pending = coasync_wait_get_pending (waiter);
  return TRUE;
}

/* Python's [t.result() for t in futures], for futures whose result is a
 * string. */
static char *
results_repr (GPtrArray *futures)
{
  GString *repr = g_string_new ("[");

  for (guint i = 0; i < futures->len; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (coasync_future_get_result (g_ptr_array_index (futures, i), &value, NULL))
        g_string_append_printf (repr, "%s'%s'", i > 0 ? ", " : "", g_value_get_string (&value));
    }
  g_string_append (repr, "]");
  return g_string_free (repr, FALSE);
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) foo_task = coasync_create_task (foo, NULL, NULL);
  g_autoptr(CoasyncTask) fast = NULL;
  g_autoptr(CoasyncTask) slow = NULL;
  g_autoptr(CoasyncTask) failing = NULL;
  g_autoptr(GPtrArray) done = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) exception = NULL;
  g_autofree char *results = NULL;

  /* ALL_COMPLETED, the default.  The arrays hold the very futures given. */
  {
    CoasyncFuture *futures[] = { COASYNC_FUTURE (foo_task) };

    if (!wait_sets (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_ALL_COMPLETED,
                    &done, &pending, error))
      return FALSE;
  }
  if (g_ptr_array_find (done, foo_task, NULL))
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!coasync_future_get_result (COASYNC_FUTURE (foo_task), &value, error))
        return FALSE;
      g_print ("foo() is done: %d\n", g_value_get_int (&value));
    }
  g_clear_pointer (&done, g_ptr_array_unref);
  g_clear_pointer (&pending, g_ptr_array_unref);

  /* FIRST_COMPLETED: back after 1 second, slow still pending. */
  fast = coasync_create_task (say, say_new (1, "fast"), g_free);
  slow = coasync_create_task (say, say_new (5, "slow"), g_free);
  {
    CoasyncFuture *futures[] = { COASYNC_FUTURE (fast), COASYNC_FUTURE (slow) };

    if (!wait_sets (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_FIRST_COMPLETED,
                    &done, &pending, error))
      return FALSE;
  }
  results = results_repr (done);
  g_print ("first completed: %s, %u pending\n", results, pending->len);
  g_clear_pointer (&results, g_free);
  g_clear_pointer (&done, g_ptr_array_unref);

  /* A timeout is no error, and cancels nothing: slow is simply pending. */
  {
    g_autoptr(GPtrArray) still_pending = g_steal_pointer (&pending);

    if (!wait_sets ((CoasyncFuture **) still_pending->pdata, still_pending->len, scaled (1),
                    COASYNC_ALL_COMPLETED, &done, &pending, error))
      return FALSE;
  }
  g_print ("timed out: %u done, %u pending, slow cancelled: %s\n", done->len, pending->len,
           coasync_future_cancelled (COASYNC_FUTURE (slow)) ? "True" : "False");
  g_clear_pointer (&done, g_ptr_array_unref);
  g_clear_pointer (&pending, g_ptr_array_unref);

  /* FIRST_EXCEPTION: back as soon as failing fails. */
  failing = coasync_create_task (fail, say_new (1, "boom"), g_free);
  {
    CoasyncFuture *futures[] = { COASYNC_FUTURE (slow), COASYNC_FUTURE (failing) };

    if (!wait_sets (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_FIRST_EXCEPTION,
                    &done, &pending, error))
      return FALSE;
  }
  exception = coasync_future_get_exception (COASYNC_FUTURE (failing), NULL);
  g_print ("first exception: %s, %u pending\n", exception->message, pending->len);
  g_clear_pointer (&done, g_ptr_array_unref);

  /* And ALL_COMPLETED again, for what is left. */
  {
    g_autoptr(GPtrArray) still_pending = g_steal_pointer (&pending);

    if (!wait_sets ((CoasyncFuture **) still_pending->pdata, still_pending->len, INFINITY,
                    COASYNC_ALL_COMPLETED, &done, &pending, error))
      return FALSE;
  }
  results = results_repr (done);
  g_print ("all completed: %s, %u pending\n", results, pending->len);
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
