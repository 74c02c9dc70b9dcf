/* test-timeout.c: the TMO-* scenarios of conformance.md (timeout(),
 * timeout_at() and Timeout), then coasync_timeout_run(), a timeout that never
 * fires, a reschedule into the past and nested timeouts sharing a deadline.
 *
 * An `async with timeout(d):` block is coasync_timeout_new (d), the body,
 * then coasync_timeout_exit (t, &body_error), which leaves in body_error
 * what the block raises.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>

#include "test-util.h"

/* Python prints Timeout's state errors as RuntimeError; coasync gives them
 * COASYNC_ERROR codes (INVALID_STATE, RUNNING, NO_TASK), so print the
 * message under Python's type once the domain is checked. */
static void
trace_runtime_error (const char   *prefix,
                     const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == COASYNC_ERROR);
  trace_add ("%sRuntimeError(%s)", prefix, error->message);
}

/* TMO-01 */

static gboolean
tmo01_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncTimeout **timeout = user_data;
  g_autoptr(GError) err = NULL;

  *timeout = coasync_timeout_new (0.02);
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  trace_error ("body:", err);
  g_assert_false (coasync_timeout_exit (*timeout, &err));
  trace_error ("raised:", err);
  return TRUE;
}

static gboolean
tmo01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = NULL;
  g_autoptr(CoasyncTask) t = coasync_create_task (tmo01_task, &timeout, NULL);
  g_autoptr(GError) err = NULL;

  coasync_await (COASYNC_FUTURE (g_object_ref (t)), &err);
  g_assert_no_error (err);
  trace_add ("expired=%s cancelling=%d task.cancelled=%s",
             PYBOOL (coasync_timeout_expired (timeout)), coasync_task_cancelling (t),
             PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_tmo01 (void)
{
  trace_begin ("TMO-01");
  run_main (tmo01_main, NULL);
  trace_assert ("TMO-01: body:CancelledError() | raised:TimeoutError()"
                " | expired=True cancelling=0 task.cancelled=False");
}

/* TMO-02 */

static gboolean
tmo02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) deadline = NULL;
  g_autoptr(CoasyncTimeout) none = NULL;
  g_autoptr(CoasyncTimeout) at = NULL;
  GError *err = NULL;
  gdouble d;

  /* A deadline the body does not reach: it is left long before it. */
  deadline = coasync_timeout_new (1);
  tick ();
  g_assert_true (coasync_timeout_exit (deadline, &err));
  g_assert_no_error (err);
  trace_add ("no-error expired=%s when>now=%s",
             PYBOOL (coasync_timeout_expired (deadline)),
             PYBOOL (coasync_timeout_when (deadline) > coasync_time ()));

  /* INFINITY is asyncio's None. */
  none = coasync_timeout_new (INFINITY);
  tick ();
  g_assert_true (coasync_timeout_exit (none, &err));
  g_assert_no_error (err);
  trace_add ("None: when=%s expired=%s",
             isinf (coasync_timeout_when (none)) ? "None" : "a number",
             PYBOOL (coasync_timeout_expired (none)));

  d = coasync_time () + 1;
  at = coasync_timeout_new_at (d);
  trace_add ("timeout_at.when==deadline=%s", PYBOOL (coasync_timeout_when (at) == d));
  g_assert_true (coasync_timeout_exit (at, &err));
  g_assert_no_error (err);
  return TRUE;
}

static void
test_tmo02 (void)
{
  trace_begin ("TMO-02");
  run_main (tmo02_main, NULL);
  trace_assert ("TMO-02: no-error expired=False when>now=True"
                " | None: when=None expired=False | timeout_at.when==deadline=True");
}

/* TMO-04 */

static gboolean
tmo04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) outer = coasync_timeout_new (1);
  g_autoptr(CoasyncTimeout) inner = coasync_timeout_new (0.01);
  GError *err = NULL;

  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (inner, &err));
  trace_add ("inner:%s", error_type (err));
  g_clear_error (&err);

  trace_add ("outer-body:continues");
  tick ();
  g_assert_true (coasync_timeout_exit (outer, &err));
  g_assert_no_error (err);
  trace_add ("outer.expired=%s inner.expired=%s",
             PYBOOL (coasync_timeout_expired (outer)), PYBOOL (coasync_timeout_expired (inner)));
  return TRUE;
}

static void
test_tmo04 (void)
{
  trace_begin ("TMO-04");
  run_main (tmo04_main, NULL);
  trace_assert ("TMO-04: inner:TimeoutError | outer-body:continues"
                " | outer.expired=False inner.expired=True");
}

/* TMO-05 */

static gboolean
tmo05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) outer = coasync_timeout_new (0.01);
  g_autoptr(CoasyncTimeout) inner = coasync_timeout_new (1);
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (inner, &err));
  trace_add ("inner-cm:propagates %s", error_type (err));
  g_assert_false (coasync_timeout_exit (outer, &err));
  trace_add ("outer:%s", error_type (err));
  trace_add ("outer.expired=%s inner.expired=%s",
             PYBOOL (coasync_timeout_expired (outer)), PYBOOL (coasync_timeout_expired (inner)));
  return TRUE;
}

static void
test_tmo05 (void)
{
  trace_begin ("TMO-05");
  run_main (tmo05_main, NULL);
  trace_assert ("TMO-05: inner-cm:propagates CancelledError | outer:TimeoutError"
                " | outer.expired=True inner.expired=False");
}

/* TMO-07 */

static gboolean
tmo07_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (1);
  g_autoptr(GError) err = NULL;

  coasync_task_cancel (coasync_current_task (), "ext");
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (timeout, &err));
  trace_error ("raised:", err);
  trace_add ("expired=%s cancelling=%d",
             PYBOOL (coasync_timeout_expired (timeout)), coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tmo07 (void)
{
  trace_begin ("TMO-07");
  run_main (tmo07_main, NULL);
  trace_assert ("TMO-07: raised:CancelledError('ext') | expired=False cancelling=1");
}

/* TMO-08: a past deadline is queued on entry, so it fires in the same tick
 * as the outside cancel; the outside cancel keeps the count above the
 * baseline, so the exit must not convert. */

static gboolean
tmo08_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new_at (coasync_time () - 1);
  g_autoptr(GError) err = NULL;

  coasync_task_cancel (coasync_current_task (), "ext");
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (timeout, &err));
  trace_error ("raised:", err);
  trace_add ("expired=%s cancelling=%d",
             PYBOOL (coasync_timeout_expired (timeout)), coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tmo08 (void)
{
  trace_begin ("TMO-08");
  run_main (tmo08_main, NULL);
  trace_assert ("TMO-08: raised:CancelledError('ext') | expired=True cancelling=1");
}

/* TMO-10 */

static gboolean
tmo10_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) unentered = coasync_timeout_new_unentered (coasync_time () + 1);
  g_autoptr(CoasyncTimeout) expired = NULL;
  g_autoptr(CoasyncTimeout) expiring = NULL;
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) state_err = NULL;  /* while err holds the body's error */

  g_assert_false (coasync_timeout_reschedule (unentered, coasync_time () + 2, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  trace_runtime_error ("not-entered:", err);
  g_clear_error (&err);

  g_assert_true (coasync_timeout_enter (unentered, &err));
  g_assert_no_error (err);
  g_assert_false (coasync_timeout_enter (unentered, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_RUNNING);
  trace_runtime_error ("reenter:", err);
  g_clear_error (&err);

  g_assert_true (coasync_timeout_exit (unentered, &err));
  g_assert_false (coasync_timeout_reschedule (unentered, coasync_time () + 2, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  trace_runtime_error ("finished:", err);
  g_clear_error (&err);

  expired = coasync_timeout_new (0);
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (expired, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&err);
  g_assert_false (coasync_timeout_reschedule (expired, coasync_time () + 2, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  trace_runtime_error ("expired:", err);
  g_clear_error (&err);

  expiring = coasync_timeout_new (0);
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_true (is_cancellation (err));
  g_assert_false (coasync_timeout_reschedule (expiring, coasync_time () + 2, &state_err));
  g_assert_error (state_err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  trace_runtime_error ("expiring:", state_err);
  g_assert_false (coasync_timeout_exit (expiring, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  return TRUE;
}

static void
test_tmo10 (void)
{
  trace_begin ("TMO-10");
  run_main (tmo10_main, NULL);
  trace_assert ("TMO-10: not-entered:RuntimeError(Timeout has not been entered)"
                " | reenter:RuntimeError(Timeout has already been entered)"
                " | finished:RuntimeError(Cannot change state of finished Timeout)"
                " | expired:RuntimeError(Cannot change state of expired Timeout)"
                " | expiring:RuntimeError(Cannot change state of expiring Timeout)");
}

/* TMO-11 */

static gboolean
tmo11_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (0.01);
  GError *err = NULL;

  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_true (is_cancellation (err));
  g_clear_error (&err);
  trace_add ("body:swallowed cancelling=%d", coasync_task_cancelling (task));
  g_assert_true (coasync_timeout_exit (timeout, &err));
  g_assert_no_error (err);
  trace_add ("no-TimeoutError expired=%s cancelling=%d",
             PYBOOL (coasync_timeout_expired (timeout)), coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tmo11 (void)
{
  trace_begin ("TMO-11");
  run_main (tmo11_main, NULL);
  trace_assert ("TMO-11: body:swallowed cancelling=1 | no-TimeoutError expired=True cancelling=0");
}

/* TMO-13: a GError has no __cause__. The exit replaces the body's error, so
 * the "cause" printed is the error the exit was given, and the test asserts
 * that the exit turned exactly that CancelledError into the TimeoutError. */

static gboolean
tmo13_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (0.01);
  g_autoptr(GError) err = NULL;
  const char *cause;

  g_assert_false (coasync_await (coasync_sleep (1), &err));
  cause = error_type (err);
  g_assert_false (coasync_timeout_exit (timeout, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  trace_add ("cause=%s", cause);
  return TRUE;
}

static void
test_tmo13 (void)
{
  trace_begin ("TMO-13");
  run_main (tmo13_main, NULL);
  trace_assert ("TMO-13: cause=CancelledError");
}

/* TMO-14 */

static gboolean
tmo14_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) zero = NULL;
  g_autoptr(CoasyncTimeout) one = NULL;
  g_autoptr(GError) err = NULL;

  coasync_task_cancel (task, NULL);
  g_assert_false (coasync_await (coasync_sleep (0), &err));
  g_assert_true (is_cancellation (err));
  g_clear_error (&err);
  trace_add ("swallowed(no uncancel) cancelling=%d", coasync_task_cancelling (task));

  zero = coasync_timeout_new (0);
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (zero, &err));
  trace_add ("timeout:%s cancelling=%d", error_type (err), coasync_task_cancelling (task));
  g_clear_error (&err);

  one = coasync_timeout_new (1);
  coasync_task_cancel (task, NULL);
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (one, &err));
  trace_add ("cancel-inside:%s cancelling=%d", error_type (err), coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tmo14 (void)
{
  trace_begin ("TMO-14");
  run_main (tmo14_main, NULL);
  trace_assert ("TMO-14: swallowed(no uncancel) cancelling=1 | timeout:TimeoutError cancelling=1"
                " | cancel-inside:CancelledError cancelling=2");
}

/* TMO-16 */

static gboolean
tmo16_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (0.01);
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_false (coasync_timeout_exit (timeout, &err));
  trace_add ("caught %s", error_type (err));
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  coasync_task_return_string (task, "finished");
  return TRUE;
}

static gboolean
tmo16_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (tmo16_task, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (t)), &err);
  g_assert_no_error (err);
  trace_add ("await='%s' cancelled=%s cancelling=%d",
             v, PYBOOL (task_cancelled (t)), coasync_task_cancelling (t));
  return TRUE;
}

static void
test_tmo16 (void)
{
  trace_begin ("TMO-16");
  run_main (tmo16_main, NULL);
  trace_assert ("TMO-16: caught TimeoutError | await='finished' cancelled=False cancelling=0");
}

/* TMO-17 (catalogue-only): no trace in the catalogue; this one prints the
 * two errors it describes. The timeouts are made in a loop callback, where
 * there is no current task. */

static void
tmo17_callback (gpointer user_data)
{
  g_autoptr(CoasyncTimeout) unentered = coasync_timeout_new_unentered (coasync_time () + 1);
  g_autoptr(CoasyncTimeout) implicit = NULL;
  g_autoptr(GError) err = NULL;

  g_assert_null (coasync_current_task ());
  g_assert_false (coasync_timeout_enter (unentered, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  trace_runtime_error ("enter:", err);
  g_clear_error (&err);
  g_assert_false (coasync_timeout_reschedule (unentered, coasync_time () + 2, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  trace_runtime_error ("reschedule:", err);
  g_clear_error (&err);

  /* coasync_timeout_new() outside a task stays un-entered as well. */
  implicit = coasync_timeout_new (1);
  g_assert_false (coasync_timeout_reschedule (implicit, coasync_time () + 2, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  trace_runtime_error ("new:", err);
  trace_add ("expired=%s", PYBOOL (coasync_timeout_expired (implicit)));
}

static gboolean
tmo17_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  coasync_call_soon (NULL, tmo17_callback, NULL, NULL);
  tick ();
  return TRUE;
}

static void
test_tmo17 (void)
{
  trace_begin ("TMO-17");
  run_main (tmo17_main, NULL);
  trace_assert ("TMO-17: enter:RuntimeError(Timeout should be used inside a task)"
                " | reschedule:RuntimeError(Timeout has not been entered)"
                " | new:RuntimeError(Timeout has not been entered) | expired=False");
}

/* coasync_timeout_run(): the whole block in one call. */

static gboolean
sleep_body (gpointer   user_data,
            GError   **error)
{
  return coasync_await (coasync_sleep (*(gdouble *) user_data), error);
}

static gboolean
failing_body (gpointer   user_data,
              GError   **error)
{
  tick ();
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "body");
  return FALSE;
}

static gboolean
run_main_task (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  gdouble long_sleep = 1, short_sleep = 0.01;
  GError *err = NULL;

  g_assert_false (coasync_timeout_run (0.01, sleep_body, &long_sleep, &err));
  trace_error ("expires:", err);
  trace_append (" cancelling=%d", coasync_task_cancelling (task));
  g_clear_error (&err);

  trace_add ("in-time:%s", PYBOOL (coasync_timeout_run (1, sleep_body, &short_sleep, &err)));
  g_assert_no_error (err);

  g_assert_false (coasync_timeout_run (1, failing_body, NULL, &err));
  trace_error ("body-error:", err);
  g_clear_error (&err);

  trace_add ("INFINITY:%s",
             PYBOOL (coasync_timeout_run (INFINITY, sleep_body, &short_sleep, &err)));
  g_assert_no_error (err);
  return TRUE;
}

static void
run_outside_task_callback (gpointer user_data)
{
  gdouble short_sleep = 0.01;
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_timeout_run (1, sleep_body, &short_sleep, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  trace_runtime_error ("no-task:", err);
}

static gboolean
run_outside_task_main (CoasyncTask  *task,
                       gpointer      user_data,
                       GError      **error)
{
  coasync_call_soon (NULL, run_outside_task_callback, NULL, NULL);
  tick ();
  return TRUE;
}

static void
test_run (void)
{
  trace_begin ("run");
  run_main (run_main_task, NULL);
  run_main (run_outside_task_main, NULL);
  trace_assert ("run: expires:TimeoutError() cancelling=0 | in-time:True"
                " | body-error:ValueError('body') | INFINITY:True"
                " | no-task:RuntimeError(Timeout should be used inside a task)");
}

/* coasync_timeout_new (INFINITY) never fires, however long the body waits. */

static gboolean
infinite_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (INFINITY);
  GError *err = NULL;

  g_assert_true (coasync_await (coasync_sleep (0.02), &err));
  g_assert_no_error (err);
  trace_add ("expired=%s cancelling=%d",
             PYBOOL (coasync_timeout_expired (timeout)), coasync_task_cancelling (task));
  trace_add ("exit=%s", PYBOOL (coasync_timeout_exit (timeout, &err)));
  g_assert_no_error (err);
  trace_add ("when=%s", isinf (coasync_timeout_when (timeout)) ? "None" : "a number");
  return TRUE;
}

static void
test_infinite (void)
{
  trace_begin ("infinite");
  run_main (infinite_main, NULL);
  trace_assert ("infinite: expired=False cancelling=0 | exit=True | when=None");
}

/* A reschedule into the past does not interrupt the body at once: the
 * expiry is queued, and the next await is the one that fails. */

static gboolean
reschedule_past_main (CoasyncTask  *task,
                      gpointer      user_data,
                      GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (1);
  g_autoptr(GError) err = NULL;
  gdouble past = coasync_time () - 1;

  g_assert_true (coasync_timeout_reschedule (timeout, past, &err));
  g_assert_no_error (err);
  trace_add ("rescheduled when==past=%s expired=%s",
             PYBOOL (coasync_timeout_when (timeout) == past),
             PYBOOL (coasync_timeout_expired (timeout)));
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  trace_error ("await:", err);
  trace_append (" expired=%s", PYBOOL (coasync_timeout_expired (timeout)));
  g_assert_false (coasync_timeout_exit (timeout, &err));
  trace_error ("raised:", err);
  trace_append (" cancelling=%d", coasync_task_cancelling (task));
  return TRUE;
}

static void
test_reschedule_past (void)
{
  trace_begin ("reschedule-past");
  run_main (reschedule_past_main, NULL);
  trace_assert ("reschedule-past: rescheduled when==past=True expired=False"
                " | await:CancelledError() expired=True | raised:TimeoutError() cancelling=0");
}

/* Nested timeouts with the same deadline: both expire in the same tick,
 * each cancelling the task once. Both recorded a baseline of 0 on entry, so
 * the inner exit, left at 1 after taking back its own cancellation, is not
 * the last one and lets the CancelledError through; the outer exit brings
 * the count back to 0 and converts it. */

static gboolean
same_deadline_main (CoasyncTask  *task,
                    gpointer      user_data,
                    GError      **error)
{
  gdouble d = coasync_time () + 0.01;
  g_autoptr(CoasyncTimeout) outer = coasync_timeout_new_at (d);
  g_autoptr(CoasyncTimeout) inner = coasync_timeout_new_at (d);
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_await (coasync_sleep (1), &err));
  trace_add ("body:%s cancelling=%d", error_type (err), coasync_task_cancelling (task));
  g_assert_false (coasync_timeout_exit (inner, &err));
  trace_add ("inner:%s", error_type (err));
  g_assert_false (coasync_timeout_exit (outer, &err));
  trace_add ("outer:%s", error_type (err));
  trace_add ("outer.expired=%s inner.expired=%s cancelling=%d",
             PYBOOL (coasync_timeout_expired (outer)), PYBOOL (coasync_timeout_expired (inner)),
             coasync_task_cancelling (task));
  return TRUE;
}

static void
test_same_deadline (void)
{
  trace_begin ("same-deadline");
  run_main (same_deadline_main, NULL);
  trace_assert ("same-deadline: body:CancelledError cancelling=2 | inner:CancelledError"
                " | outer:TimeoutError | outer.expired=True inner.expired=True cancelling=0");
}

/* coasync_timeout_exit_with(), the exit bindings use: only the block's own
 * cancellation by an expired timeout becomes a timeout. */
static gboolean
exit_with_main (CoasyncTask  *task,
                gpointer      user_data,
                GError      **error)
{
  g_autoptr(CoasyncTimeout) expiring = coasync_timeout_new (0.01);
  g_autoptr(CoasyncTimeout) quiet = NULL;
  g_autoptr(GError) block_error = NULL;
  g_autoptr(GError) outcome = NULL;

  g_assert_false (coasync_await (coasync_sleep (1), &block_error));
  trace_add ("stands=%s", PYBOOL (coasync_timeout_exit_with (expiring, TRUE, &outcome)));
  trace_error ("outcome:", outcome);
  trace_add ("cancelling=%d", coasync_task_cancelling (task));
  g_clear_error (&outcome);

  quiet = coasync_timeout_new (1);
  trace_add ("quiet-stands=%s", PYBOOL (coasync_timeout_exit_with (quiet, TRUE, &outcome)));
  g_assert_no_error (outcome);
  return TRUE;
}

static void
test_exit_with (void)
{
  trace_begin ("exit-with");
  run_main (exit_with_main, NULL);
  trace_assert ("exit-with: stands=False | outcome:TimeoutError() | cancelling=0 | quiet-stands=True");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeout/TMO-01", test_tmo01);
  g_test_add_func ("/timeout/TMO-02", test_tmo02);
  g_test_add_func ("/timeout/TMO-04", test_tmo04);
  g_test_add_func ("/timeout/TMO-05", test_tmo05);
  g_test_add_func ("/timeout/TMO-07", test_tmo07);
  g_test_add_func ("/timeout/TMO-08", test_tmo08);
  g_test_add_func ("/timeout/TMO-10", test_tmo10);
  g_test_add_func ("/timeout/TMO-11", test_tmo11);
  g_test_add_func ("/timeout/TMO-13", test_tmo13);
  g_test_add_func ("/timeout/TMO-14", test_tmo14);
  g_test_add_func ("/timeout/TMO-16", test_tmo16);
  g_test_add_func ("/timeout/TMO-17", test_tmo17);
  g_test_add_func ("/timeout/run", test_run);
  g_test_add_func ("/timeout/infinite", test_infinite);
  g_test_add_func ("/timeout/reschedule-past", test_reschedule_past);
  g_test_add_func ("/timeout/same-deadline", test_same_deadline);
  g_test_add_func ("/timeout/exit-with", test_exit_with);

  return g_test_run ();
}
