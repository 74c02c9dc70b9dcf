/* gather.c: running tasks concurrently and collecting their results.
 *
 *     async def factorial(name, number):
 *         f = 1
 *         for i in range(2, number + 1):
 *             print(f"Task {name}: Compute factorial({number}), currently i={i}...")
 *             await asyncio.sleep(1)
 *             f *= i
 *         print(f"Task {name}: factorial({number}) = {f}")
 *         return f
 *
 *     async def main():
 *         # Schedule three calls *concurrently*:
 *         L = await asyncio.gather(
 *             factorial("A", 2),
 *             factorial("B", 3),
 *             factorial("C", 4),
 *         )
 *         print(L)
 *
 *     asyncio.run(main())
 *
 * Expected output:
 *
 *     Task A: Compute factorial(2), currently i=2...
 *     Task B: Compute factorial(3), currently i=2...
 *     Task C: Compute factorial(4), currently i=2...
 *     Task A: factorial(2) = 2
 *     Task B: Compute factorial(3), currently i=3...
 *     Task C: Compute factorial(4), currently i=3...
 *     Task B: factorial(3) = 6
 *     Task C: Compute factorial(4), currently i=4...
 *     Task C: factorial(4) = 24
 *     [2, 6, 24]
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

/* The arguments of one factorial() task. */
typedef struct
{
  const char *name;
  gint        number;
} Factorial;

static Factorial *
factorial_new (const char *name,
               gint        number)
{
  Factorial *args = g_new (Factorial, 1);

  args->name = name;
  args->number = number;
  return args;
}

/* asyncio's `async def factorial(name, number)`, as a task body: gather()
 * wraps each coroutine in a task, here it is done by hand. */
static gboolean
factorial (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  Factorial *args = user_data;
  gint f = 1;

  for (gint i = 2; i <= args->number; i++)
    {
      g_print ("Task %s: Compute factorial(%d), currently i=%d...\n", args->name, args->number, i);
      if (!coasync_await (coasync_sleep (scaled (1)), error))
        return FALSE;
      f *= i;
    }
  g_print ("Task %s: factorial(%d) = %d\n", args->name, args->number, f);
  coasync_task_return_int (task, f);
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncFuture *tasks[] = {
    COASYNC_FUTURE (coasync_create_task (factorial, factorial_new ("A", 2), g_free)),
    COASYNC_FUTURE (coasync_create_task (factorial, factorial_new ("B", 3), g_free)),
    COASYNC_FUTURE (coasync_create_task (factorial, factorial_new ("C", 4), g_free)),
  };
  CoasyncFuture *gather;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) list = g_string_new ("[");

  /* Schedule three calls *concurrently*.  coasync_gather() takes references
   * of its own to the tasks, so ours can go at once. */
  gather = coasync_gather (tasks, G_N_ELEMENTS (tasks), FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (tasks); i++)
    g_object_unref (tasks[i]);

  /* Awaiting the gathering future (which takes our reference to it) gives
   * the results in the order of the arguments, as GValues. */
  results = coasync_await_gather (gather, error);
  if (results == NULL)
    return FALSE;

  /* print(L) */
  for (guint i = 0; i < results->len; i++)
    g_string_append_printf (list, "%s%d", i > 0 ? ", " : "",
                            g_value_get_int (g_ptr_array_index (results, i)));
  g_string_append (list, "]");
  g_print ("%s\n", list->str);
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
