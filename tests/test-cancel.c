/* test-cancel.c: the CAN-* scenarios of conformance.md (cancellation and
 * uncancel), with CAN-03 and CAN-15 from its Appendix A, and CAN-14 in the
 * newer CPython behaviour.
 *
 * A body "catches" a cancellation by looking at the error coasync_await()
 * returns, and "re-raises" it by returning it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

static void
ticks (guint n)
{
  for (guint i = 0; i < n; i++)
    tick ();
}

/* CAN-01 */

static gboolean
can01_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (g_object_ref (COASYNC_FUTURE (user_data)), &err))
    {
      trace_error ("task:caught ", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
can01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) fut = coasync_future_new ();
  g_autoptr(CoasyncTask) t = coasync_create_task (can01_task, fut, NULL);
  g_autoptr(GError) err = NULL;

  tick ();
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_add ("fut.cancelled=%s", PYBOOL (coasync_future_cancelled (fut)));
  g_assert_false (await_task (t, &err));
  trace_error ("awaiter:", err);
  trace_add ("task.cancelled=%s", PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_can01 (void)
{
  trace_begin ("CAN-01");
  run_main (can01_main, NULL);
  trace_assert ("CAN-01: cancel=True | fut.cancelled=True | task:caught CancelledError()"
                " | awaiter:CancelledError() | task.cancelled=True");
}

/* CAN-02 */

static void
trace_state (CoasyncTask *t)
{
  trace_add ("cancelled=%s done=%s cancelling=%d",
             PYBOOL (task_cancelled (t)), PYBOOL (task_done (t)), coasync_task_cancelling (t));
}

static gboolean
can02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (sleep_1s, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exc = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  tick ();
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_state (t);
  tick ();
  trace_state (t);
  trace_add ("cancel_again=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_append (" cancelling=%d", coasync_task_cancelling (t));
  g_assert_false (coasync_future_get_result (COASYNC_FUTURE (t), &value, &err));
  trace_add ("result:%s", error_type (err));
  g_clear_error (&err);
  exc = coasync_future_get_exception (COASYNC_FUTURE (t), &err);
  g_assert_null (exc);
  trace_add ("exception:%s", error_type (err));
  return TRUE;
}

static void
test_can02 (void)
{
  trace_begin ("CAN-02");
  run_main (can02_main, NULL);
  trace_assert ("CAN-02: cancel=True | cancelled=False done=False cancelling=1"
                " | cancelled=True done=True cancelling=1 | cancel_again=False cancelling=1"
                " | result:CancelledError | exception:CancelledError");
}

/* CAN-03 (Appendix A, no CPython trace): cancelled before its first step, the
 * body never runs at all, so not even its cleanup code. */

static gboolean
can03_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  *(gboolean *) user_data = TRUE;
  return TRUE;
}

static gboolean
can03_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  gboolean ran = FALSE;
  g_autoptr(CoasyncTask) t = coasync_create_task (can03_task, &ran, NULL);
  g_autoptr(GError) err = NULL;

  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, "early")));
  g_assert_false (await_task (t, &err));
  trace_error ("awaiter:", err);
  trace_add ("body-ran=%s cancelled=%s", PYBOOL (ran), PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_can03 (void)
{
  trace_begin ("CAN-03");
  run_main (can03_main, NULL);
  trace_assert ("CAN-03: cancel=True | awaiter:CancelledError('early')"
                " | body-ran=False cancelled=True");
}

/* CAN-04 */

static gboolean
can04_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      g_assert_true (is_cancellation (err));
      trace_add ("swallowed");
    }
  coasync_task_return_string (task, "value");
  return TRUE;
}

static gboolean
can04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can04_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (t, NULL));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (t)), &err);
  g_assert_no_error (err);
  trace_add ("await='%s'", v);
  trace_add ("cancelled=%s cancelling=%d",
             PYBOOL (task_cancelled (t)), coasync_task_cancelling (t));
  return TRUE;
}

static void
test_can04 (void)
{
  trace_begin ("CAN-04");
  run_main (can04_main, NULL);
  trace_assert ("CAN-04: swallowed | await='value' | cancelled=False cancelling=1");
}

/* CAN-05 */

static gboolean
can05_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      g_assert_true (is_cancellation (err));
      g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "converted");
      return FALSE;
    }
  return TRUE;
}

static gboolean
can05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can05_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exc = NULL;
  g_autofree char *exc_repr = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (t, NULL));
  g_assert_false (await_task (t, &err));
  trace_error ("awaiter:", err);
  g_clear_error (&err);
  exc = coasync_future_get_exception (COASYNC_FUTURE (t), &err);
  g_assert_no_error (err);
  exc_repr = error_repr (exc);
  trace_add ("cancelled=%s exception=%s", PYBOOL (task_cancelled (t)), exc_repr);
  return TRUE;
}

static void
test_can05 (void)
{
  trace_begin ("CAN-05");
  run_main (can05_main, NULL);
  trace_assert ("CAN-05: awaiter:ValueError('converted')"
                " | cancelled=False exception=ValueError('converted')");
}

/* CAN-07 */

static gboolean
can07_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      g_assert_true (is_cancellation (err));
      trace_add ("caught#1");
      g_clear_error (&err);
    }
  if (!coasync_await (coasync_sleep (0.01), &err))
    {
      trace_error ("caught#2 ", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  trace_add ("second-await-ok");
  coasync_task_return_string (task, "r");
  return TRUE;
}

static gboolean
can07_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can07_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  tick ();
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_add ("cancelling=%d", coasync_task_cancelling (t));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (t)), &err);
  g_assert_no_error (err);
  trace_add ("await='%s'", v);
  trace_add ("cancelled=%s cancelling=%d",
             PYBOOL (task_cancelled (t)), coasync_task_cancelling (t));
  return TRUE;
}

static void
test_can07 (void)
{
  trace_begin ("CAN-07");
  run_main (can07_main, NULL);
  trace_assert ("CAN-07: cancel=True | cancel=True | cancelling=2 | caught#1 | second-await-ok"
                " | await='r' | cancelled=False cancelling=2");
}

/* CAN-08 */

static gboolean
can08_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_assert_true (coasync_task_cancel (coasync_current_task (), NULL));
  trace_add ("returning");
  coasync_task_return_int (task, 12);
  return TRUE;
}

static gboolean
can08_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can08_task, NULL, NULL);
  g_autoptr(GError) err = NULL;

  g_assert_false (await_task (t, &err));
  trace_add ("awaiter:%s", error_type (err));
  trace_add ("cancelled=%s", PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_can08 (void)
{
  trace_begin ("CAN-08");
  run_main (can08_main, NULL);
  trace_assert ("CAN-08: returning | awaiter:CancelledError | cancelled=True");
}

/* CAN-10 */

typedef struct
{
  CoasyncFuture *fut;
  CoasyncTask *inner;
} Chain;

static gboolean
can10_inner (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  Chain *c = user_data;
  g_autoptr(GError) err = NULL;

  if (!coasync_await (g_object_ref (c->fut), &err))
    {
      trace_error ("inner:", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
can10_outer (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  Chain *c = user_data;
  g_autoptr(GError) err = NULL;

  c->inner = coasync_create_task (can10_inner, c, NULL);
  if (!await_task (c->inner, &err))
    {
      trace_error ("outer:", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
can10_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  Chain c = { coasync_future_new (), NULL };
  g_autoptr(CoasyncTask) outer = coasync_create_task (can10_outer, &c, NULL);
  g_autoptr(GError) err = NULL;

  /* Let O start I, and both park. */
  ticks (3);
  g_assert_true (coasync_task_cancel (outer, "down"));
  g_assert_false (await_task (outer, &err));
  g_assert_true (is_cancellation (err));
  trace_add ("outer.cancelled=%s inner.cancelled=%s fut.cancelled=%s",
             PYBOOL (task_cancelled (outer)), PYBOOL (task_cancelled (c.inner)),
             PYBOOL (coasync_future_cancelled (c.fut)));
  g_object_unref (c.inner);
  g_object_unref (c.fut);
  return TRUE;
}

static void
test_can10 (void)
{
  trace_begin ("CAN-10");
  run_main (can10_main, NULL);
  trace_assert ("CAN-10: inner:CancelledError('down') | outer:CancelledError('down')"
                " | outer.cancelled=True inner.cancelled=True fut.cancelled=True");
}

/* CAN-11 */

static gboolean
can11_inner (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      g_assert_true (is_cancellation (err));
      trace_add ("inner:swallow");
    }
  coasync_task_return_string (task, "v");
  return TRUE;
}

static gboolean
can11_outer (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  v = coasync_await_string (COASYNC_FUTURE (coasync_create_task (can11_inner, NULL, NULL)),
                            &err);
  if (err != NULL)
    {
      trace_error ("outer:", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  trace_add ("outer:got '%s'", v);
  tick ();
  trace_add ("outer:still-running");
  coasync_task_return_string (task, v);
  return TRUE;
}

static gboolean
can11_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) outer = coasync_create_task (can11_outer, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  /* Let O start I, and both park. */
  ticks (3);
  g_assert_true (coasync_task_cancel (outer, NULL));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (outer)), &err);
  g_assert_no_error (err);
  trace_add ("await='%s'", v);
  trace_add ("outer.cancelled=%s cancelling=%d",
             PYBOOL (task_cancelled (outer)), coasync_task_cancelling (outer));
  return TRUE;
}

static void
test_can11 (void)
{
  trace_begin ("CAN-11");
  run_main (can11_main, NULL);
  trace_assert ("CAN-11: inner:swallow | outer:got 'v' | outer:still-running | await='v'"
                " | outer.cancelled=False cancelling=1");
}

/* CAN-13 */

static gboolean
can13_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      g_assert_true (is_cancellation (err));
      trace_add ("caught; uncancel->%d", coasync_task_uncancel (task));
      g_clear_error (&err);
    }
  if (!coasync_await (coasync_sleep (1), &err))
    {
      trace_add ("caught-again");
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
can13_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can13_task, NULL, NULL);
  g_autoptr(GError) err = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (t, NULL));
  tick ();
  trace_add ("cancelling=%d done=%s", coasync_task_cancelling (t), PYBOOL (task_done (t)));
  g_assert_true (coasync_task_cancel (t, NULL));
  g_assert_false (await_task (t, &err));
  trace_add ("awaiter:%s", error_type (err));
  trace_add ("cancelled=%s cancelling=%d",
             PYBOOL (task_cancelled (t)), coasync_task_cancelling (t));
  return TRUE;
}

static void
test_can13 (void)
{
  trace_begin ("CAN-13");
  run_main (can13_main, NULL);
  trace_assert ("CAN-13: caught; uncancel->0 | cancelling=0 done=False | caught-again"
                " | awaiter:CancelledError | cancelled=True cancelling=1");
}

/* CAN-14 [catalogue-only, version-dependent]: we follow the newer CPython.
 * T is runnable (it just did sleep(0)) when it is cancelled and uncancelled;
 * uncancel() bringing the count to 0 clears the pending cancel, so T carries
 * on normally. */

static gboolean
can14_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (0), &err))
    {
      trace_error ("task:", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  trace_add ("task:resumed");
  coasync_task_return_string (task, "done");
  return TRUE;
}

static gboolean
can14_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can14_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  /* T's first step runs before this wake-up and leaves T runnable. */
  tick ();
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_add ("uncancel=%d", coasync_task_uncancel (t));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (t)), &err);
  if (err != NULL)
    trace_error ("awaiter:", err);
  else
    trace_add ("await='%s'", v);
  trace_add ("cancelled=%s cancelling=%d",
             PYBOOL (task_cancelled (t)), coasync_task_cancelling (t));
  return TRUE;
}

static void
test_can14 (void)
{
  trace_begin ("CAN-14");
  run_main (can14_main, NULL);
  trace_assert ("CAN-14: cancel=True | uncancel=0 | task:resumed | await='done'"
                " | cancelled=False cancelling=0");
}

/* CAN-15 (Appendix A, no CPython trace): the awaited future completes, then
 * the task is cancelled before it resumes. The future can no longer be
 * cancelled, so the request is kept and wins: the task sees a cancellation,
 * not the result. */

static gboolean
can15_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  v = coasync_await_string (g_object_ref (COASYNC_FUTURE (user_data)), &err);
  if (err != NULL)
    {
      trace_error ("task:", err);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  trace_add ("task:got '%s'", v);
  return TRUE;
}

static gboolean
can15_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) fut = coasync_future_new ();
  g_autoptr(CoasyncTask) t = coasync_create_task (can15_task, fut, NULL);
  g_autoptr(GError) err = NULL;

  tick ();
  g_assert_true (coasync_future_set_string (fut, "x", NULL));
  trace_add ("set_result");
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, NULL)));
  trace_add ("fut.cancelled=%s", PYBOOL (coasync_future_cancelled (fut)));
  g_assert_false (await_task (t, &err));
  trace_error ("awaiter:", err);
  trace_add ("task.cancelled=%s", PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_can15 (void)
{
  trace_begin ("CAN-15");
  run_main (can15_main, NULL);
  trace_assert ("CAN-15: set_result | cancel=True | fut.cancelled=False | task:CancelledError()"
                " | awaiter:CancelledError() | task.cancelled=True");
}

/* CAN-16: C has no exception hierarchy. What must hold is that a
 * cancellation is told apart from ordinary errors (G_IO_ERROR_CANCELLED, not
 * a failure), and that TimeoutError (G_IO_ERROR_TIMED_OUT) is an ordinary
 * error: a task returning it fails, it is not cancelled. */

static gboolean
can16_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      if (is_cancellation (err))
        trace_add ("caught-by-BaseException:%s", error_type (err));
      else
        trace_add ("caught-by-Exception:%s", error_type (err));
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
can16_timeout_task (CoasyncTask  *task,
                    gpointer      user_data,
                    GError      **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out");
  return FALSE;
}

static gboolean
can16_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (can16_task, NULL, NULL);
  g_autoptr(CoasyncTask) timeout = coasync_create_task (can16_timeout_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exc = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (t, NULL));
  g_assert_false (await_task (t, &err));
  g_clear_error (&err);
  trace_add ("cancelled=%s", PYBOOL (task_cancelled (t)));

  g_assert_false (await_task (timeout, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&err);
  exc = coasync_future_get_exception (COASYNC_FUTURE (timeout), &err);
  g_assert_no_error (err);
  trace_add ("TimeoutError_is_Exception=%s",
             PYBOOL (!task_cancelled (timeout)
                     && g_error_matches (exc, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)));
  return TRUE;
}

static void
test_can16 (void)
{
  trace_begin ("CAN-16");
  run_main (can16_main, NULL);
  trace_assert ("CAN-16: caught-by-BaseException:CancelledError | cancelled=True"
                " | TimeoutError_is_Exception=True");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cancel/CAN-01", test_can01);
  g_test_add_func ("/cancel/CAN-02", test_can02);
  g_test_add_func ("/cancel/CAN-03", test_can03);
  g_test_add_func ("/cancel/CAN-04", test_can04);
  g_test_add_func ("/cancel/CAN-05", test_can05);
  g_test_add_func ("/cancel/CAN-07", test_can07);
  g_test_add_func ("/cancel/CAN-08", test_can08);
  g_test_add_func ("/cancel/CAN-10", test_can10);
  g_test_add_func ("/cancel/CAN-11", test_can11);
  g_test_add_func ("/cancel/CAN-13", test_can13);
  g_test_add_func ("/cancel/CAN-14", test_can14);
  g_test_add_func ("/cancel/CAN-15", test_can15);
  g_test_add_func ("/cancel/CAN-16", test_can16);

  return g_test_run ();
}
