/* test-wait.c: the WAIT-* (wait) and AC-* (as_completed) scenarios of
 * conformance.md, with the rules of its Appendix B: wait() never raises on
 * timeout, ignores cancelled futures for FIRST_EXCEPTION and removes
 * duplicates; as_completed() does not cancel the futures on timeout.
 *
 * The done and pending sets print as sorted name lists [a,b], using the
 * names the tasks were created with.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <string.h>

#include "test-util.h"

/* A named task: it gives up @ticks ticks (sleep(0)), or sleeps @delay when
 * @ticks is 0, then fails with ZeroDivisionError(@fail) if @fail is set, or
 * returns its name. */
typedef struct
{
  const char *name;
  gdouble     delay;
  guint       ticks;
  const char *fail;
} Job;

static gboolean
job_body (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  const Job *job = user_data;

  if (job->ticks == 0 && !coasync_await (coasync_sleep (job->delay), error))
    return FALSE;
  for (guint i = 0; i < job->ticks; i++)
    if (!coasync_await (coasync_sleep (0), error))
      return FALSE;
  if (job->fail != NULL)
    {
      g_set_error_literal (error, TEST_ERROR, TEST_ERROR_ZERO_DIVISION, job->fail);
      return FALSE;
    }
  coasync_task_return_string (task, job->name);
  return TRUE;
}

static CoasyncTask *
spawn (const Job *job)
{
  return coasync_create_task_full (job_body, (gpointer) job, NULL, job->name, NULL, 0);
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A set of tasks as a sorted name list: [a,b]. */
static char *
set_repr (GPtrArray *futures)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *out = g_string_new ("[");

  for (guint i = 0; i < futures->len; i++)
    g_ptr_array_add (names, (gpointer) coasync_task_get_name (g_ptr_array_index (futures, i)));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (names, i));
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Awaits wait(@futures); returns the wait, or NULL with @error set if the
 * await fails. */
static CoasyncFuture *
await_wait (CoasyncFuture      **futures,
            guint                n_futures,
            gdouble              timeout,
            CoasyncReturnWhen    return_when,
            GError             **error)
{
  g_autoptr(CoasyncFuture) w = coasync_wait (futures, n_futures, timeout, return_when);

  if (!coasync_await (g_object_ref (w), error))
    return NULL;
  return g_steal_pointer (&w);
}

static char *
done_repr (CoasyncFuture *w)
{
  g_autoptr(GPtrArray) done = coasync_wait_get_done (w);

  return set_repr (done);
}

/* "done=[..] pending=[..]" */
static char *
sets_repr (CoasyncFuture *w)
{
  g_autoptr(GPtrArray) pending = coasync_wait_get_pending (w);
  g_autofree char *done = done_repr (w);
  g_autofree char *pending_names = set_repr (pending);

  return g_strdup_printf ("done=%s pending=%s", done, pending_names);
}

/* Sleeps 0.01 s, then cancels the task given as data. */
static gboolean
cancel_soon (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_assert_true (coasync_task_cancel (user_data, NULL));
  return TRUE;
}

/* WAIT-01 */

static const Job wait01_a = { "a", 0.01, 0, NULL };
static const Job wait01_b = { "b", 0.02, 0, "err" };

static gboolean
wait01_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&wait01_a);
  g_autoptr(CoasyncTask) b = spawn (&wait01_b);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) w = NULL;
  g_autofree char *sets = NULL;
  g_autofree char *repr = NULL;
  g_autoptr(GError) exc = NULL;

  w = await_wait (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_ALL_COMPLETED, error);
  if (w == NULL)
    return FALSE;
  sets = sets_repr (w);
  trace_add ("%s", sets);
  exc = coasync_future_get_exception (COASYNC_FUTURE (b), error);
  if (exc == NULL)
    return FALSE;
  repr = error_repr (exc);
  trace_add ("b.exception=%s", repr);
  return TRUE;
}

static void
test_wait01 (void)
{
  trace_begin ("WAIT-01");
  run_main (wait01_main, NULL);
  trace_assert ("WAIT-01: done=[a,b] pending=[] | b.exception=ZeroDivisionError('err')");
}

/* WAIT-02 */

static const Job wait02_a = { "a", 1, 0, NULL };
static const Job wait02_b = { "b", 0.01, 0, NULL };

static gboolean
wait02_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&wait02_a);
  g_autoptr(CoasyncTask) b = spawn (&wait02_b);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) w = NULL;
  g_autofree char *sets = NULL;

  w = await_wait (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_FIRST_COMPLETED, error);
  if (w == NULL)
    return FALSE;
  sets = sets_repr (w);
  trace_add ("%s a.cancelled=%s a.done=%s", sets, PYBOOL (task_cancelled (a)), PYBOOL (task_done (a)));
  coasync_task_cancel (a, NULL);
  return TRUE;
}

static void
test_wait02 (void)
{
  trace_begin ("WAIT-02");
  run_main (wait02_main, NULL);
  trace_assert ("WAIT-02: done=[b] pending=[a] a.cancelled=False a.done=False");
}

/* WAIT-04 */

static const Job wait04_a = { "a", 1, 0, NULL };
static const Job wait04_b = { "b", 0.03, 0, NULL };

static gboolean
wait04_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&wait04_a);
  g_autoptr(CoasyncTask) b = spawn (&wait04_b);
  g_autoptr(CoasyncTask) canceller = coasync_create_task (cancel_soon, a, NULL);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) w = NULL;
  g_autofree char *sets = NULL;

  w = await_wait (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_FIRST_EXCEPTION, error);
  if (w == NULL)
    return FALSE;
  sets = sets_repr (w);
  trace_add ("%s a.cancelled=%s", sets, PYBOOL (task_cancelled (a)));
  return TRUE;
}

static void
test_wait04 (void)
{
  trace_begin ("WAIT-04");
  run_main (wait04_main, NULL);
  trace_assert ("WAIT-04: done=[a,b] pending=[] a.cancelled=True");
}

/* WAIT-05 (timeout 0.02 s) */

static const Job wait05_a = { "a", 0.01, 0, NULL };
static const Job wait05_b = { "b", 1, 0, NULL };

static gboolean
wait05_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&wait05_a);
  g_autoptr(CoasyncTask) b = spawn (&wait05_b);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) w = NULL;
  g_autofree char *sets = NULL;

  w = await_wait (futures, G_N_ELEMENTS (futures), 0.02, COASYNC_ALL_COMPLETED, error);
  if (w == NULL)
    return FALSE;
  sets = sets_repr (w);
  trace_add ("no-raise %s b.cancelled=%s", sets, PYBOOL (task_cancelled (b)));
  coasync_task_cancel (b, NULL);
  return TRUE;
}

static void
test_wait05 (void)
{
  trace_begin ("WAIT-05");
  run_main (wait05_main, NULL);
  trace_assert ("WAIT-05: no-raise done=[a] pending=[b] b.cancelled=False");
}

/* WAIT-07: a finishes after 1 tick, b after 2. */

static const Job wait07_a = { "a", 0, 1, NULL };
static const Job wait07_b = { "b", 0, 2, NULL };

static gboolean
wait07_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&wait07_a);
  g_autoptr(CoasyncTask) b = spawn (&wait07_b);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) w = NULL;
  g_autofree char *sets = NULL;

  w = await_wait (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_FIRST_COMPLETED, error);
  if (w == NULL)
    return FALSE;
  sets = sets_repr (w);
  trace_add ("%s", sets);
  return TRUE;
}

static void
test_wait07 (void)
{
  trace_begin ("WAIT-07");
  run_main (wait07_main, NULL);
  trace_assert ("WAIT-07: done=[a,b] pending=[]");
}

/* WAIT-08: the waiter is cancelled at 0.01 s, a finishes at 0.02 s. */

static const Job wait08_a = { "a", 0.02, 0, NULL };
static const Job wait08_c = { "c", 0.01, 0, NULL };

static gboolean
waiter (CoasyncTask  *task,
        gpointer      user_data,
        GError      **error)
{
  CoasyncFuture *futures[] = { user_data };

  return coasync_await (coasync_wait (futures, 1, INFINITY, COASYNC_ALL_COMPLETED), error);
}

/* wait([c, c]): the done set of a wait on one task given twice. */
static char *
dedup_done (GError **error)
{
  g_autoptr(CoasyncTask) c = spawn (&wait08_c);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (c), COASYNC_FUTURE (c) };
  g_autoptr(CoasyncFuture) w = NULL;

  w = await_wait (futures, G_N_ELEMENTS (futures), INFINITY, COASYNC_ALL_COMPLETED, error);
  if (w == NULL)
    return NULL;
  return done_repr (w);
}

static gboolean
wait08_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&wait08_a);
  g_autoptr(CoasyncTask) waiting = coasync_create_task (waiter, a, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *a_result = NULL;
  g_autofree char *done = NULL;

  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  coasync_task_cancel (waiting, NULL);
  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (waiting)), &err));
  trace_add ("waiter:%s", error_type (err));
  trace_add ("a.cancelled=%s", PYBOOL (task_cancelled (a)));
  a_result = coasync_await_string (COASYNC_FUTURE (g_object_ref (a)), error);
  if (a_result == NULL)
    return FALSE;
  trace_append (" a='%s'", a_result);
  done = dedup_done (error);
  if (done == NULL)
    return FALSE;
  trace_add ("dedup done=%s", done);
  return TRUE;
}

static void
test_wait08 (void)
{
  trace_begin ("WAIT-08");
  run_main (wait08_main, NULL);
  trace_assert ("WAIT-08: waiter:CancelledError | a.cancelled=False a='a' | dedup done=[c]");
}

/* AC-01: given in the reverse of their completion order. */

static const Job ac01_jobs[] = { { "c", 0.03, 0, NULL }, { "b", 0.02, 0, NULL }, { "a", 0.01, 0, NULL } };

static gboolean
ac01_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) c = spawn (&ac01_jobs[0]);
  g_autoptr(CoasyncTask) b = spawn (&ac01_jobs[1]);
  g_autoptr(CoasyncTask) a = spawn (&ac01_jobs[2]);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (c), COASYNC_FUTURE (b), COASYNC_FUTURE (a) };
  g_autoptr(CoasyncAsCompleted) it = coasync_as_completed (futures, G_N_ELEMENTS (futures), INFINITY);
  guint n = coasync_as_completed_get_n_futures (it);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = coasync_await_string (coasync_as_completed_next (it), error);

      if (name == NULL)
        return FALSE;
      trace_add ("%s", name);
    }
  g_assert_null (coasync_as_completed_next (it));
  return TRUE;
}

static void
test_ac01 (void)
{
  trace_begin ("AC-01");
  run_main (ac01_main, NULL);
  trace_assert ("AC-01: a | b | c");
}

/* AC-02 (deadline 0.05 s instead of 0.1 s) */

static const Job ac02_jobs[] = { { "a", 0.01, 0, NULL }, { "c", 0.03, 0, NULL }, { "z", 1, 0, NULL } };

static gboolean
ac02_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&ac02_jobs[0]);
  g_autoptr(CoasyncTask) c = spawn (&ac02_jobs[1]);
  g_autoptr(CoasyncTask) z = spawn (&ac02_jobs[2]);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (c), COASYNC_FUTURE (z) };
  g_autoptr(CoasyncAsCompleted) it = coasync_as_completed (futures, G_N_ELEMENTS (futures), 0.05);
  guint n = coasync_as_completed_get_n_futures (it);

  trace_add ("count=%u", n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) err = NULL;
      g_autofree char *name = coasync_await_string (coasync_as_completed_next (it), &err);

      if (name != NULL)
        trace_add ("%s", name);
      else
        trace_add ("%s", error_type (err));
    }
  trace_add ("z.cancelled=%s z.done=%s", PYBOOL (task_cancelled (z)), PYBOOL (task_done (z)));
  coasync_task_cancel (z, NULL);
  return TRUE;
}

static void
test_ac02 (void)
{
  trace_begin ("AC-02");
  run_main (ac02_main, NULL);
  trace_assert ("AC-02: count=3 | a | c | TimeoutError | z.cancelled=False z.done=False");
}

/* AC-04 */

static const Job ac04_ham = { "ham", 0.01, 0, NULL };
static const Job ac04_bad = { "bad", 0.02, 0, "bad" };

static gboolean
ac04_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) ham = spawn (&ac04_ham);
  g_autoptr(CoasyncTask) bad = spawn (&ac04_bad);
  CoasyncFuture *futures[] = { COASYNC_FUTURE (ham), COASYNC_FUTURE (ham), COASYNC_FUTURE (bad) };
  g_autoptr(CoasyncAsCompleted) it = coasync_as_completed (futures, G_N_ELEMENTS (futures), INFINITY);
  guint n = coasync_as_completed_get_n_futures (it);

  trace_add ("count=%u", n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) err = NULL;
      g_autofree char *name = coasync_await_string (coasync_as_completed_next (it), &err);

      if (name != NULL)
        trace_add ("%s", name);
      else
        {
          g_autofree char *repr = error_repr (err);

          trace_add ("raised:%s", repr);
        }
    }
  return TRUE;
}

static void
test_ac04 (void)
{
  trace_begin ("AC-04");
  run_main (ac04_main, NULL);
  trace_assert ("AC-04: count=2 | ham | raised:ZeroDivisionError('bad')");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wait/WAIT-01", test_wait01);
  g_test_add_func ("/wait/WAIT-02", test_wait02);
  g_test_add_func ("/wait/WAIT-04", test_wait04);
  g_test_add_func ("/wait/WAIT-05", test_wait05);
  g_test_add_func ("/wait/WAIT-07", test_wait07);
  g_test_add_func ("/wait/WAIT-08", test_wait08);
  g_test_add_func ("/as-completed/AC-01", test_ac01);
  g_test_add_func ("/as-completed/AC-02", test_ac02);
  g_test_add_func ("/as-completed/AC-04", test_ac04);

  return g_test_run ();
}
