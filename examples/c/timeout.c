/* timeout.c: limiting the time spent waiting, with asyncio.timeout().
 *
 * The three examples of the "Timeouts" section, each run by its own
 * asyncio.run(), one after the other.  Catching TimeoutError:
 *
 *     async def main():
 *         try:
 *             async with asyncio.timeout(10):
 *                 await long_running_task()
 *         except TimeoutError:
 *             print("The long operation timed out, but we've handled it.")
 *
 *         print("This statement will run regardless.")
 *
 * Rescheduling the timeout once the deadline is known:
 *
 *     async def main():
 *         try:
 *             # We do not know the timeout when starting, so we pass ``None``.
 *             async with asyncio.timeout(None) as cm:
 *                 # We know the timeout now, so we reschedule it.
 *                 new_deadline = get_running_loop().time() + 10
 *                 cm.reschedule(new_deadline)
 *
 *                 await long_running_task()
 *         except TimeoutError:
 *             pass
 *
 *         if cm.expired:
 *             print("Looks like we haven't finished on time.")
 *
 * And an absolute deadline, with asyncio.timeout_at():
 *
 *     async def main():
 *         loop = get_running_loop()
 *         deadline = loop.time() + 20
 *         try:
 *             async with asyncio.timeout_at(deadline):
 *                 await long_running_task()
 *         except TimeoutError:
 *             print("The long operation timed out, but we've handled it.")
 *
 *         print("This statement will run regardless.")
 *
 * long_running_task() takes an hour here, so every timeout expires:
 *
 *     The long operation timed out, but we've handled it.
 *     This statement will run regardless.
 *     Looks like we haven't finished on time.
 *     The long operation timed out, but we've handled it.
 *     This statement will run regardless.
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

/* The documentation leaves long_running_task() to the reader: one that
 * outlasts every timeout. */
static gboolean
long_running_task (GError **error)
{
  return coasync_await (coasync_sleep (scaled (3600)), error);
}

/* `except TimeoutError:`.  Takes @local_error: returns TRUE if it was a
 * timeout (or nothing at all), now handled; any other error goes on to
 * @error. */
static gboolean
catch_timeout (GError  *local_error,
               GError **error)
{
  if (local_error != NULL &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  g_clear_error (&local_error);
  return TRUE;
}

static gboolean
timeout_main (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  GError *local_error = NULL;

  /* `async with asyncio.timeout(10):`.  The timeout is entered at once:
   * the block lasts until coasync_timeout_exit(). */
  {
    g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (scaled (10));

    /* At the deadline the task is cancelled: this await fails with
     * G_IO_ERROR_CANCELLED, and the exit turns that error, and only that
     * one, into G_IO_ERROR_TIMED_OUT (asyncio's TimeoutError). */
    long_running_task (&local_error);
    if (!coasync_timeout_exit (timeout, &local_error))
      {
        if (!catch_timeout (local_error, error))
          return FALSE;
        g_print ("The long operation timed out, but we've handled it.\n");
      }
  }

  g_print ("This statement will run regardless.\n");
  return TRUE;
}

static gboolean
reschedule_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  /* We do not know the timeout when starting, so we pass INFINITY (None).
   * cm outlives the block: it is inspected after it. */
  g_autoptr(CoasyncTimeout) cm = coasync_timeout_new (INFINITY);
  GError *local_error = NULL;
  gdouble new_deadline;

  /* We know the timeout now, so we reschedule it.  coasync_time() is the
   * loop's clock, as loop.time(). */
  new_deadline = coasync_time () + scaled (10);
  if (coasync_timeout_reschedule (cm, new_deadline, &local_error))
    long_running_task (&local_error);
  coasync_timeout_exit (cm, &local_error);
  if (!catch_timeout (local_error, error))
    return FALSE;

  /* The documentation tests `cm.expired`, the method itself, which is
   * always true; the call is what it means. */
  if (coasync_timeout_expired (cm))
    g_print ("Looks like we haven't finished on time.\n");
  return TRUE;
}

static gboolean
timeout_at_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  gdouble deadline = coasync_time () + scaled (20);
  GError *local_error = NULL;

  /* `async with asyncio.timeout_at(deadline):` */
  {
    g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new_at (deadline);

    long_running_task (&local_error);
    if (!coasync_timeout_exit (timeout, &local_error))
      {
        if (!catch_timeout (local_error, error))
          return FALSE;
        g_print ("The long operation timed out, but we've handled it.\n");
      }
  }

  g_print ("This statement will run regardless.\n");
  return TRUE;
}

int
main (void)
{
  const CoasyncTaskFunc mains[] = { timeout_main, reschedule_main, timeout_at_main };

  for (gsize i = 0; i < G_N_ELEMENTS (mains); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!coasync_run (mains[i], NULL, NULL, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
    }
  return EXIT_SUCCESS;
}
