/* test-wait-for.c: the WF-* scenarios of conformance.md (wait_for), with
 * WF-10 and WF-11 in the 3.12+ behaviour, then what the C API adds: the
 * returned future forwards its cancellation, and a timeout <= 0 never starts
 * a task that has not started yet.
 *
 * A GError has no __cause__ or __context__, so WF-04 and WF-08 assert the
 * TimeoutError and leave the chained CancelledError out of their traces.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>

#include "test-util.h"

/* wait_for (task, timeout), keeping the caller's reference to @task. */
static CoasyncFuture *
wait_for_task (CoasyncTask *task,
               gdouble      timeout)
{
  return coasync_wait_for (COASYNC_FUTURE (g_object_ref (task)), timeout);
}

/* Returns 'done' after 10 ms. */
static gboolean
done_task (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  coasync_task_return_string (task, "done");
  return TRUE;
}

/* Sleeps 1 s; on any error, prints "inner:finally" and re-raises. */
static gboolean
finally_task (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  if (!coasync_await (coasync_sleep (1), error))
    {
      trace_add ("%s:finally", (const char *) user_data);
      return FALSE;
    }
  return TRUE;
}

/* WF-01 */

static void
set_ok (gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  coasync_future_set_string (COASYNC_FUTURE (user_data), "ok", &error);
  g_assert_no_error (error);
}

static gboolean
wf01_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) t1 = coasync_create_task (done_task, NULL, NULL);
  g_autoptr(CoasyncTask) t2 = coasync_create_task (done_task, NULL, NULL);
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(GError) err = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;

  v1 = coasync_await_string (wait_for_task (t1, 1), &err);
  g_assert_no_error (err);
  trace_add ("result='%s'", v1);

  v2 = coasync_await_string (wait_for_task (t2, INFINITY), &err);
  g_assert_no_error (err);
  trace_add ("None='%s'", v2);

  coasync_call_soon (NULL, set_ok, g_object_ref (f), g_object_unref);
  v3 = coasync_await_string (coasync_wait_for (g_object_ref (f), 1), &err);
  g_assert_no_error (err);
  trace_add ("future='%s'", v3);
  return TRUE;
}

static void
test_wf01 (void)
{
  trace_begin ("WF-01");
  run_main (wf01_main, NULL);
  trace_assert ("WF-01: result='done' | None='done' | future='ok'");
}

/* WF-02 */

static gboolean
wf02_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) inner = coasync_create_task (finally_task, "inner", NULL);
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_await (wait_for_task (inner, 0.01), &err));
  trace_add ("raised:%s inner.cancelled=%s", error_type (err), PYBOOL (task_cancelled (inner)));
  return TRUE;
}

static void
test_wf02 (void)
{
  trace_begin ("WF-02");
  run_main (wf02_main, NULL);
  trace_assert ("WF-02: inner:finally | raised:TimeoutError inner.cancelled=True");
}

/* WF-04 (without the "cause=CancelledError" of the CPython trace) */

static gboolean
wf04_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (finally_task, "task", NULL);
  g_autoptr(GError) err = NULL;

  tick ();  /* t is running: it waits in its sleep */
  g_assert_false (coasync_await (wait_for_task (t, 0), &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  trace_add ("raised:%s cancelled=%s", error_type (err), PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_wf04 (void)
{
  trace_begin ("WF-04");
  run_main (wf04_main, NULL);
  trace_assert ("WF-04: task:finally | raised:TimeoutError cancelled=True");
}

/* WF-05 */

static gboolean
wf05_inner (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      g_assert_true (is_cancellation (err));
      trace_add ("inner:swallow");
    }
  coasync_task_return_int (task, 1);
  return TRUE;
}

static gboolean
wf05_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) inner = coasync_create_task (wf05_inner, NULL, NULL);
  g_autoptr(GError) err = NULL;
  gint result;

  result = coasync_await_int (wait_for_task (inner, 0.01), &err);
  g_assert_no_error (err);
  trace_add ("result=%d", result);
  return TRUE;
}

static void
test_wf05 (void)
{
  trace_begin ("WF-05");
  run_main (wf05_main, NULL);
  trace_assert ("WF-05: inner:swallow | result=1");
}

/* WF-07 */

typedef struct
{
  CoasyncTask *inner;
  gdouble timeout;
} Waiter;

static gboolean
wf07_inner (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  if (!coasync_await (coasync_sleep (1), error))
    {
      trace_add ("inner:%s", error_type (*error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
waiter_task (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  Waiter *w = user_data;

  return coasync_await (wait_for_task (w->inner, w->timeout), error);
}

static gboolean
wf07_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  const gdouble timeouts[] = { INFINITY, 60 };

  for (guint i = 0; i < G_N_ELEMENTS (timeouts); i++)
    {
      g_autoptr(CoasyncTask) inner = coasync_create_task (wf07_inner, NULL, NULL);
      Waiter w = { inner, timeouts[i] };
      g_autoptr(CoasyncTask) waiter = coasync_create_task (waiter_task, &w, NULL);
      g_autoptr(GError) err = NULL;

      /* One tick, as in the CPython scenario: the waiter has started and
       * is suspended in its await of wait_for(). */
      tick ();
      g_assert_true (coasync_task_cancel (waiter, NULL));
      g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (waiter)), &err));
      if (isinf (timeouts[i]))
        trace_add ("timeout=None");
      else
        trace_add ("timeout=%.1f", timeouts[i]);
      trace_append (":awaiter %s inner.cancelled=%s",
                    error_type (err), PYBOOL (task_cancelled (inner)));
    }
  return TRUE;
}

static void
test_wf07 (void)
{
  trace_begin ("WF-07");
  run_main (wf07_main, NULL);
  trace_assert ("WF-07: inner:CancelledError | timeout=None:awaiter CancelledError"
                " inner.cancelled=True | inner:CancelledError"
                " | timeout=60.0:awaiter CancelledError inner.cancelled=True");
}

/* WF-08 (without the "context=CancelledError" of the CPython trace) */

static gboolean
wf08_inner (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  if (!coasync_await (coasync_sleep (1), error))
    {
      g_autoptr(GError) cleanup_err = NULL;

      g_assert_true (is_cancellation (*error));
      coasync_await (coasync_sleep (0.02), &cleanup_err);
      g_assert_no_error (cleanup_err);
      trace_add ("inner:cleanup-done");
      return FALSE;
    }
  return TRUE;
}

static gboolean
wf08_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) inner = coasync_create_task (wf08_inner, NULL, NULL);
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_await (wait_for_task (inner, 0.01), &err));
  trace_add ("raised:%s", error_type (err));
  return TRUE;
}

static void
test_wf08 (void)
{
  trace_begin ("WF-08");
  run_main (wf08_main, NULL);
  trace_assert ("WF-08: inner:cleanup-done | raised:TimeoutError");
}

/* WF-10 (catalogue-only, 3.12+): f completes and W is cancelled in the same
 * tick; the cancellation is not lost, W ends cancelled. */

static gboolean
wf10_waiter (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autofree char *v = NULL;

  v = coasync_await_string (coasync_wait_for (g_object_ref (COASYNC_FUTURE (user_data)), 10),
                            error);
  if (v == NULL)
    return FALSE;
  coasync_task_return_string (task, v);
  return TRUE;
}

static gboolean
wf10_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(CoasyncTask) w = coasync_create_task (wf10_waiter, f, NULL);
  g_autoptr(GError) err = NULL;

  /* Two ticks: W's first step, then wait_for's, which now waits for f
   * under its timeout. */
  tick ();
  tick ();
  g_assert_true (coasync_future_set_string (f, "val", &err));
  g_assert_true (coasync_task_cancel (w, NULL));
  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (w)), &err));
  trace_error ("W:", err);
  trace_add ("W.cancelled=%s cancelling=%d", PYBOOL (task_cancelled (w)),
             coasync_task_cancelling (w));
  return TRUE;
}

static void
test_wf10 (void)
{
  trace_begin ("WF-10");
  run_main (wf10_main, NULL);
  trace_assert ("WF-10: W:CancelledError() | W.cancelled=True cancelling=1");
}

/* WF-11 (catalogue-only): in C wait_for() takes a future, never a coroutine,
 * so "which task runs it" does not arise. What is checked instead: with a
 * timeout > 0 and with a timeout <= 0, the inner task is cancelled and its
 * (slow) cleanup is over before the caller sees TimeoutError; with no
 * timeout, the inner task is just awaited. */

static gboolean
wf11_inner (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  if (!coasync_await (coasync_sleep (1), error))
    {
      g_autoptr(GError) cleanup_err = NULL;

      coasync_await (coasync_sleep (0.01), &cleanup_err);
      g_assert_no_error (cleanup_err);
      trace_add ("inner:cleanup");
      return FALSE;
    }
  coasync_task_return_string (task, "r");
  return TRUE;
}

static gboolean
wf11_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  const gdouble timeouts[] = { 0.01, 0 };
  g_autoptr(CoasyncTask) plain = NULL;
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (timeouts); i++)
    {
      g_autoptr(CoasyncTask) inner = coasync_create_task (wf11_inner, NULL, NULL);

      trace_add ("timeout=%s", timeouts[i] > 0 ? ">0" : "<=0");
      tick ();  /* inner is running */
      g_assert_false (coasync_await (wait_for_task (inner, timeouts[i]), &err));
      trace_add ("raised:%s inner.done=%s inner.cancelled=%s", error_type (err),
                 PYBOOL (task_done (inner)), PYBOOL (task_cancelled (inner)));
      g_clear_error (&err);
    }

  plain = coasync_create_task (done_task, NULL, NULL);
  v = coasync_await_string (wait_for_task (plain, INFINITY), &err);
  g_assert_no_error (err);
  trace_add ("None: result='%s' inner.cancelled=%s", v, PYBOOL (task_cancelled (plain)));
  return TRUE;
}

static void
test_wf11 (void)
{
  trace_begin ("WF-11");
  run_main (wf11_main, NULL);
  trace_assert ("WF-11: timeout=>0 | inner:cleanup"
                " | raised:TimeoutError inner.done=True inner.cancelled=True"
                " | timeout=<=0 | inner:cleanup"
                " | raised:TimeoutError inner.done=True inner.cancelled=True"
                " | None: result='done' inner.cancelled=False");
}

/* Cancelling the future coasync_wait_for() returns cancels the inner one,
 * whether wait_for has already taken its first step or not. */

static gboolean
cancel_returned_main (CoasyncTask  *task,
                      gpointer      user_data,
                      GError      **error)
{
  for (guint ticks = 0; ticks < 2; ticks++)
    {
      g_autoptr(CoasyncFuture) inner = coasync_future_new ();
      g_autoptr(CoasyncFuture) outer = coasync_wait_for (g_object_ref (inner), 1);
      g_autoptr(GError) err = NULL;

      for (guint i = 0; i < ticks; i++)
        tick ();
      g_assert_true (coasync_future_cancel (outer, NULL));
      g_assert_false (coasync_await (g_object_ref (outer), &err));
      trace_add ("after %u ticks: %s inner.cancelled=%s outer.cancelled=%s", ticks,
                 error_type (err), PYBOOL (coasync_future_cancelled (inner)),
                 PYBOOL (coasync_future_cancelled (outer)));
    }
  return TRUE;
}

static void
test_cancel_returned (void)
{
  trace_begin ("cancel-returned");
  run_main (cancel_returned_main, NULL);
  trace_assert ("cancel-returned: after 0 ticks: CancelledError inner.cancelled=True"
                " outer.cancelled=True | after 1 ticks: CancelledError inner.cancelled=True"
                " outer.cancelled=True");
}

/* Timeout <= 0 (Appendix A, WF-03's rule): a done future gives its result at
 * once; a task that has not started yet is cancelled before its first step,
 * so none of its code runs. */

static gboolean
never_started_task (CoasyncTask  *task,
                    gpointer      user_data,
                    GError      **error)
{
  trace_add ("task:started");
  return TRUE;
}

static gboolean
zero_timeout_main (CoasyncTask  *task,
                   gpointer      user_data,
                   GError      **error)
{
  g_autoptr(CoasyncFuture) done = coasync_future_new ();
  g_autoptr(CoasyncTask) t = coasync_create_task (never_started_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  gint v;

  g_assert_true (coasync_future_set_int (done, 7, &err));
  v = coasync_await_int (coasync_wait_for (g_object_ref (done), 0), &err);
  g_assert_no_error (err);
  trace_add ("done=%d", v);

  g_assert_false (coasync_await (wait_for_task (t, 0), &err));
  trace_add ("not-started:%s cancelled=%s", error_type (err), PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_zero_timeout (void)
{
  trace_begin ("zero-timeout");
  run_main (zero_timeout_main, NULL);
  trace_assert ("zero-timeout: done=7 | not-started:TimeoutError cancelled=True");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wait-for/WF-01", test_wf01);
  g_test_add_func ("/wait-for/WF-02", test_wf02);
  g_test_add_func ("/wait-for/WF-04", test_wf04);
  g_test_add_func ("/wait-for/WF-05", test_wf05);
  g_test_add_func ("/wait-for/WF-07", test_wf07);
  g_test_add_func ("/wait-for/WF-08", test_wf08);
  g_test_add_func ("/wait-for/WF-10", test_wf10);
  g_test_add_func ("/wait-for/WF-11", test_wf11);
  g_test_add_func ("/wait-for/cancel-returned", test_cancel_returned);
  g_test_add_func ("/wait-for/zero-timeout", test_zero_timeout);

  return g_test_run ();
}
