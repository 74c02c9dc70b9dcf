/* test-fiber.c: fibers and their stacks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#if HAVE_VALGRIND
# include <valgrind/valgrind.h>
#else
# define RUNNING_ON_VALGRIND 0
#endif

#include "coasync-error.h"
#include "coasync-fiber-private.h"
#include "coasync-stack-private.h"

static void
record_steps (gpointer data)
{
  GString *log = data;

  g_string_append (log, "a");
  coasync_fiber_suspend ();
  g_string_append (log, "b");
  coasync_fiber_suspend ();
  g_string_append (log, "c");
}

static void
test_fiber_resume_suspend (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  CoasyncFiber *fiber = coasync_fiber_new (record_steps, log, 0, NULL);

  g_assert_nonnull (fiber);
  g_assert_null (coasync_fiber_current ());
  coasync_fiber_resume (fiber);
  g_assert_cmpstr (log->str, ==, "a");
  g_assert_false (coasync_fiber_is_finished (fiber));
  coasync_fiber_resume (fiber);
  g_assert_cmpstr (log->str, ==, "ab");
  coasync_fiber_resume (fiber);
  g_assert_cmpstr (log->str, ==, "abc");
  g_assert_true (coasync_fiber_is_finished (fiber));
  g_assert_null (coasync_fiber_current ());
  coasync_fiber_free (fiber);
}

/* Callee-saved registers and floating point state survive switches. */
static void
compute (gpointer data)
{
  double *out = data;
  volatile double x = 1.5;
  long a = 3, b = 5, c = 7;

  for (int i = 0; i < 10; i++)
    {
      x = x * 1.25 + (double) (a * b - c);
      coasync_fiber_suspend ();
      a++;
      b += a;
      c ^= b;
    }
  *out = x + (double) (a + b + c);
}

static void
test_fiber_registers (void)
{
  double from_fiber = 0, expected;
  CoasyncFiber *fiber = coasync_fiber_new (compute, &from_fiber, 0, NULL);

  while (!coasync_fiber_is_finished (fiber))
    {
      /* Clobber registers on this side between switches. */
      volatile double noise = 3.0;
      for (int i = 0; i < 5; i++)
        noise = noise * 0.5 + i;
      coasync_fiber_resume (fiber);
    }
  coasync_fiber_free (fiber);

  {
    volatile double x = 1.5;
    long a = 3, b = 5, c = 7;

    for (int i = 0; i < 10; i++)
      {
        x = x * 1.25 + (double) (a * b - c);
        a++;
        b += a;
        c ^= b;
      }
    expected = x + (double) (a + b + c);
  }
  g_assert_cmpfloat (from_fiber, ==, expected);
}

/* A fiber may resume another fiber; each returns to its own resumer. */
static void
inner_body (gpointer data)
{
  GString *log = data;

  g_string_append (log, "i1");
  coasync_fiber_suspend ();
  g_string_append (log, "i2");
}

static void
outer_body (gpointer data)
{
  GString *log = data;
  CoasyncFiber *inner = coasync_fiber_new (inner_body, log, 0, NULL);

  g_string_append (log, "o1");
  coasync_fiber_resume (inner);
  g_string_append (log, "o2");
  coasync_fiber_suspend ();
  coasync_fiber_resume (inner);
  g_assert_true (coasync_fiber_is_finished (inner));
  coasync_fiber_free (inner);
  g_string_append (log, "o3");
}

static void
test_fiber_nested (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  CoasyncFiber *outer = coasync_fiber_new (outer_body, log, 0, NULL);

  coasync_fiber_resume (outer);
  g_assert_cmpstr (log->str, ==, "o1i1o2");
  coasync_fiber_resume (outer);
  g_assert_cmpstr (log->str, ==, "o1i1o2i2o3");
  g_assert_true (coasync_fiber_is_finished (outer));
  coasync_fiber_free (outer);
}

/* Stacks come back to a pool and are reused. */
static void
nothing (gpointer data)
{
  *(gpointer *) data = &data;
}

static void
test_stack_reuse (void)
{
  gpointer first = NULL, second = NULL;
  CoasyncFiber *fiber = coasync_fiber_new (nothing, &first, 0, NULL);

  coasync_fiber_resume (fiber);
  coasync_fiber_free (fiber);
  fiber = coasync_fiber_new (nothing, &second, 0, NULL);
  coasync_fiber_resume (fiber);
  coasync_fiber_free (fiber);
  g_assert_true (first == second);
}

static void
test_stack_too_big (void)
{
  g_autoptr(GError) error = NULL;
  CoasyncFiber *fiber = coasync_fiber_new (nothing, NULL, G_MAXSIZE / 2 + 1, &error);

  g_assert_null (fiber);
  g_assert_error (error, COASYNC_ERROR, COASYNC_ERROR_NO_STACK);
}

/* Beyond the guarded budget (set to 2 in main()), stacks come from slabs. */
static void
park (gpointer data)
{
  coasync_fiber_suspend ();
}

static void
test_stack_slabs (void)
{
  CoasyncFiber *fibers[200];

  for (guint i = 0; i < G_N_ELEMENTS (fibers); i++)
    {
      fibers[i] = coasync_fiber_new (park, NULL, 64 * 1024, NULL);
      g_assert_nonnull (fibers[i]);
      coasync_fiber_resume (fibers[i]);
    }
  g_assert_cmpuint (coasync_stack_guarded_in_use (), <=, 2);
  for (guint i = 0; i < G_N_ELEMENTS (fibers); i++)
    {
      coasync_fiber_resume (fibers[i]);
      g_assert_true (coasync_fiber_is_finished (fibers[i]));
      coasync_fiber_free (fibers[i]);
    }
}

/* Overflows are reported with the task's name before the process aborts,
 * for guarded stacks (the guard page) and slab stacks (the canary). */
static void
recurse (volatile char *prev, int depth)
{
  volatile char frame[1024];

  /* Touch the whole frame, as real code would, so the canary is hit. */
  for (guint i = 0; i < sizeof frame; i++)
    frame[i] = prev != NULL ? prev[i] : (char) i;
  if (depth > 0)
    recurse (frame, depth - 1);
}

static void
overflow (gpointer data)
{
  recurse (NULL, GPOINTER_TO_INT (data));
}

static void
test_overflow_guard (void)
{
  if (g_test_subprocess ())
    {
      CoasyncFiber *fiber = coasync_fiber_new (overflow, GINT_TO_POINTER (1000), 64 * 1024, NULL);

      coasync_fiber_set_label (fiber, "deep-task", 0);
      coasync_fiber_resume (fiber);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*stack overflow*deep-task*65536 bytes*");
}

static void
test_overflow_canary (void)
{
  if (g_test_subprocess ())
    {
      CoasyncFiber *fibers[4];

      /* Guarded budget 2: the third and later stacks are slab slots, and a
       * slot other than the first is watched by a canary. */
      for (guint i = 0; i < G_N_ELEMENTS (fibers); i++)
        {
          fibers[i] = coasync_fiber_new (park, NULL, 64 * 1024, NULL);
          coasync_fiber_resume (fibers[i]);
        }
      {
        CoasyncFiber *fiber = coasync_fiber_new (overflow, GINT_TO_POINTER (66), 64 * 1024, NULL);

        coasync_fiber_set_label (fiber, "slab-task", 0);
        coasync_fiber_resume (fiber);
      }
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*stack overflow*slab-task*");
}

int
main (int argc, char **argv)
{
  g_setenv ("COASYNC_GUARDED_STACKS", "2", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fiber/resume-suspend", test_fiber_resume_suspend);
  g_test_add_func ("/fiber/registers", test_fiber_registers);
  g_test_add_func ("/fiber/nested", test_fiber_nested);
  g_test_add_func ("/stack/reuse", test_stack_reuse);
  g_test_add_func ("/stack/too-big", test_stack_too_big);
  g_test_add_func ("/stack/slabs", test_stack_slabs);
  /* Under AddressSanitizer and Valgrind, their own overflow reports win. */
#if !defined(__SANITIZE_ADDRESS__)
  if (!RUNNING_ON_VALGRIND)
    {
      g_test_add_func ("/stack/overflow-guard", test_overflow_guard);
      g_test_add_func ("/stack/overflow-canary", test_overflow_canary);
    }
#endif

  return g_test_run ();
}
