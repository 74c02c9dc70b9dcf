/* threadsafe.c: submitting coroutines to a loop that runs in another
 * thread, with asyncio.run_coroutine_threadsafe().
 *
 * "Scheduling From Other Threads" shows the calls from the thread that
 * submits:
 *
 *     # Create a coroutine
 *     coro = asyncio.sleep(1, result=3)
 *
 *     # Submit the coroutine to a given loop
 *     future = asyncio.run_coroutine_threadsafe(coro, loop)
 *
 *     # Wait for the result with an optional timeout argument
 *     assert future.result(timeout) == 3
 *
 * and how the future reports an exception, or cancels the task in the
 * loop:
 *
 *     try:
 *         result = future.result(timeout)
 *     except TimeoutError:
 *         print('The coroutine took too long, cancelling the task...')
 *         future.cancel()
 *     except Exception as exc:
 *         print(f'The coroutine raised an exception: {exc!r}')
 *     else:
 *         print(f'The coroutine returned: {result!r}')
 *
 * This program runs the loop in a thread of its own and goes through the
 * three outcomes from the main thread:
 *
 *     async def run_loop(ready):
 *         loop = asyncio.get_running_loop()
 *         stop = loop.create_future()
 *         ready.put((loop, stop))
 *         await stop
 *
 *     async def fail():
 *         raise ValueError('boom')
 *
 *     async def eternity():
 *         try:
 *             await asyncio.sleep(3600)
 *         except asyncio.CancelledError:
 *             print('eternity(): cancelled')
 *             raise
 *
 *     def main():
 *         ready = queue.Queue()
 *         thread = threading.Thread(target=asyncio.run, args=(run_loop(ready),))
 *         thread.start()
 *         loop, stop = ready.get()
 *
 *         for coro, timeout in ((asyncio.sleep(1, result=3), 30),
 *                               (fail(), 30),
 *                               (eternity(), 1)):
 *             future = asyncio.run_coroutine_threadsafe(coro, loop)
 *             try:
 *                 ...  # as above
 *
 *         loop.call_soon_threadsafe(stop.set_result, None)
 *         thread.join()
 *
 *     main()
 *
 * Output of CPython, and of this program but for the exception, of which it
 * prints the message:
 *
 *     The coroutine returned: 3
 *     The coroutine raised an exception: ValueError('boom')
 *     The coroutine took too long, cancelling the task...
 *     eternity(): cancelled
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

/* What the loop's thread hands to the main thread once it runs: the
 * queue.Queue of the Python program. */
typedef struct
{
  GMutex         lock;
  GCond          cond;
  CoasyncFuture *stop;
} Ready;

/* The main task of the loop's thread: it only keeps the loop running until
 * @stop is done. */
static gboolean
run_loop (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  Ready *ready = user_data;
  CoasyncFuture *stop = coasync_future_new ();

  g_mutex_lock (&ready->lock);
  ready->stop = g_object_ref (stop);
  g_cond_signal (&ready->cond);
  g_mutex_unlock (&ready->lock);

  return coasync_await (stop, error);
}

/* threading.Thread(target=asyncio.run, args=(run_loop(ready),)); returns
 * whether the run succeeded. */
static gpointer
loop_thread (gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!coasync_run (run_loop, user_data, NULL, NULL, &error))
    {
      g_printerr ("loop thread: %s\n", error->message);
      return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

/* asyncio.sleep(1, result=3) */
static gboolean
sleep_3 (CoasyncTask  *task,
         gpointer      user_data,
         GError      **error)
{
  if (!coasync_await (coasync_sleep (scaled (1)), error))
    return FALSE;
  coasync_task_return_int (task, 3);
  return TRUE;
}

static gboolean
fail (CoasyncTask  *task,
      gpointer      user_data,
      GError      **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "boom");
  return FALSE;
}

static gboolean
eternity (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  GError *local_error = NULL;

  if (!coasync_await (coasync_sleep (scaled (3600)), &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_print ("eternity(): cancelled\n");
      /* `raise`: the task ends cancelled. */
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Runs on the main thread: submits @func to the loop of @context and
 * blocks until its outcome is there, or @timeout is over. */
static void
submit (CoasyncTaskFunc  func,
        gdouble          timeout,
        GMainContext    *context)
{
  g_autoptr(CoasyncFuture) future = coasync_run_coroutine_threadsafe (func, NULL, NULL, context);
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  /* future.result(timeout): a timeout leaves the task running. */
  if (coasync_future_wait_sync (future, timeout, &result, &error))
    g_print ("The coroutine returned: %d\n", g_value_get_int (&result));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_print ("The coroutine took too long, cancelling the task...\n");
      /* Cancels the future at once, and the task in the loop's thread. */
      coasync_future_cancel (future, NULL);
    }
  else
    g_print ("The coroutine raised an exception: %s\n", error->message);
}

int
main (void)
{
  Ready ready = { 0 };
  GThread *thread;
  GMainContext *loop;
  gboolean ok;

  g_mutex_init (&ready.lock);
  g_cond_init (&ready.cond);
  thread = g_thread_new ("loop", loop_thread, &ready);

  g_mutex_lock (&ready.lock);
  while (ready.stop == NULL)
    g_cond_wait (&ready.cond, &ready.lock);
  g_mutex_unlock (&ready.lock);
  /* The loop's thread runs coasync_run()'s context: `loop`. */
  loop = coasync_future_get_context (ready.stop);

  submit (sleep_3, scaled (30), loop);
  submit (fail, scaled (30), loop);
  submit (eternity, scaled (1), loop);

  /* loop.call_soon_threadsafe(stop.set_result, None): a future may be
   * completed from any thread, its callbacks run in its own. */
  coasync_future_set_result (ready.stop, NULL, NULL);
  ok = GPOINTER_TO_INT (g_thread_join (thread));

  g_object_unref (ready.stop);
  g_cond_clear (&ready.cond);
  g_mutex_clear (&ready.lock);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
