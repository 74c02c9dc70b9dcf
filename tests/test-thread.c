/* test-thread.c: to_thread (THR-*) and coasync_run() waiting for threads
 * (RUN-07).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

typedef struct
{
  gint        a;
  gint        b;
  GThread    *thread;   /* the thread the function ran on */
  const char *var;      /* the task-local "var" as the function saw it */
  gboolean    fail;
} AddArgs;

static gboolean
add_in_thread (GCancellable  *cancellable,
               GValue        *result,
               gpointer       user_data,
               GError       **error)
{
  AddArgs *args = user_data;

  args->thread = g_thread_self ();
  args->var = coasync_task_local_get ("var");
  if (args->fail)
    {
      g_set_error_literal (error, TEST_ERROR, TEST_ERROR_KEY, "k");
      return FALSE;
    }
  g_value_set_int (g_value_init (result, G_TYPE_INT), args->a + args->b);
  return TRUE;
}

/* THR-01: the function runs on another thread with its arguments and the
 * task-local values of the task that started it; its result and its error
 * come back to the task. */
static gboolean
thr01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  AddArgs ok_args = { 1, 2, NULL, NULL, FALSE };
  AddArgs bad_args = { 0, 0, NULL, NULL, TRUE };
  g_autoptr(GError) err = NULL;
  gint sum;

  coasync_task_local_set ("var", g_strdup ("main-val"), g_free);
  sum = coasync_await_int (coasync_to_thread (add_in_thread, &ok_args, NULL), &err);
  g_assert_no_error (err);
  trace_add ("other-thread=%s contextvar='%s' result=%d",
             PYBOOL (ok_args.thread != g_thread_self ()), ok_args.var, sum);

  g_assert_false (coasync_await (coasync_to_thread (add_in_thread, &bad_args, NULL), &err));
  {
    g_autofree char *repr = error_repr (err);

    trace_add ("raised:%s", repr);
  }
  return TRUE;
}

static void
test_thr01 (void)
{
  trace_begin ("THR-01");
  run_main (thr01_main, NULL);
  trace_assert ("THR-01: other-thread=True contextvar='main-val' result=3 | raised:KeyError('k')");
}

/* THR-02: a ticker task keeps running while the worker sleeps. */
static gboolean
sleep_in_thread (GCancellable  *cancellable,
                 GValue        *result,
                 gpointer       user_data,
                 GError       **error)
{
  g_usleep (50 * 1000);
  return TRUE;
}

static gboolean
ticker (CoasyncTask  *task,
        gpointer      user_data,
        GError      **error)
{
  guint *ticks = user_data;

  for (;;)
    {
      if (!coasync_await (coasync_sleep (0.005), error))
        return FALSE;
      (*ticks)++;
    }
}

static gboolean
thr02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  guint ticks = 0;
  g_autoptr(CoasyncTask) t = coasync_create_task (ticker, &ticks, NULL);

  if (!coasync_await (coasync_to_thread (sleep_in_thread, NULL, NULL), error))
    return FALSE;
  trace_add ("loop-kept-running=%s", PYBOOL (ticks > 0));
  coasync_task_cancel (t, NULL);
  return TRUE;
}

static void
test_thr02 (void)
{
  trace_begin ("THR-02");
  run_main (thr02_main, NULL);
  trace_assert ("THR-02: loop-kept-running=True");
}

/* RUN-07: coasync_run() returns only once the thread work it started is
 * over, even when the main task did not wait for it. */
static gboolean
slow_job (GCancellable  *cancellable,
          GValue        *result,
          gpointer       user_data,
          GError       **error)
{
  g_usleep (50 * 1000);
  g_atomic_int_set ((gint *) user_data, 1);
  return TRUE;
}

static gboolean
run07_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  /* Started and not awaited: the future is dropped at once. */
  g_object_unref (coasync_to_thread (slow_job, user_data, NULL));
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  coasync_task_return_string (task, "r");
  return TRUE;
}

static void
test_run07 (void)
{
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  gint finished = 0;

  trace_begin ("RUN-07");
  g_assert_true (coasync_run (run07_main, &finished, NULL, &result, &error));
  g_assert_no_error (error);
  trace_add ("returned='%s' thread-finished-before-run-returned=%s",
             g_value_get_string (&result), PYBOOL (g_atomic_int_get (&finished)));
  trace_assert ("RUN-07: returned='r' thread-finished-before-run-returned=True");
}

/* Cancelling the awaiting task cancels the future at once and fires the
 * cancellable the function polls; the function's data is freed once. */
static gboolean
wait_for_cancel (GCancellable  *cancellable,
                 GValue        *result,
                 gpointer       user_data,
                 GError       **error)
{
  for (guint i = 0; i < 1000 && !g_cancellable_is_cancelled (cancellable); i++)
    g_usleep (1000);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static void
count_notify (gpointer data)
{
  g_atomic_int_inc ((gint *) data);
}

static gboolean
awaits_thread (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  return coasync_await (coasync_to_thread (wait_for_cancel, user_data, count_notify), error);
}

static gboolean
cancel_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (awaits_thread, user_data, NULL);
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  coasync_task_cancel (t, "stop");
  g_assert_false (coasync_await (g_object_ref (COASYNC_FUTURE (t)), &err));
  {
    g_autofree char *repr = error_repr (err);

    trace_add ("awaiter:%s cancelled=%s", repr, PYBOOL (coasync_future_cancelled (COASYNC_FUTURE (t))));
  }
  return TRUE;
}

static void
test_cancel (void)
{
  gint notified = 0;

  trace_begin ("to_thread-cancel");
  run_main (cancel_main, &notified);
  /* coasync_run() waited for the function, which saw its cancellable. */
  g_assert_cmpint (g_atomic_int_get (&notified), ==, 1);
  trace_assert ("to_thread-cancel: awaiter:CancelledError('stop') cancelled=True");
}

/* coasync_to_thread_call(), for bindings: the function keeps its outcome,
 * the future completes with none, the data is freed once. */
typedef struct
{
  gint number;
  gint freed;
} CallData;

static void
double_in_thread (GCancellable *cancellable,
                  gpointer      user_data)
{
  CallData *data = user_data;

  g_assert_false (g_cancellable_is_cancelled (cancellable));
  data->number *= 2;
}

static void
call_data_free (gpointer user_data)
{
  g_atomic_int_inc (&((CallData *) user_data)->freed);
}

static gboolean
call_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  CallData *data = user_data;
  g_auto(GValue) value = G_VALUE_INIT;

  if (!coasync_await_value (coasync_to_thread_call (double_in_thread, data, call_data_free),
                            &value, error))
    return FALSE;
  trace_add ("number=%d result-is-none=%s", data->number,
             PYBOOL (G_VALUE_HOLDS_POINTER (&value) && g_value_get_pointer (&value) == NULL));
  return TRUE;
}

static void
test_call (void)
{
  CallData data = { 21, 0 };

  trace_begin ("to_thread_call");
  run_main (call_main, &data);
  trace_assert ("to_thread_call: number=42 result-is-none=True");
  g_assert_cmpint (g_atomic_int_get (&data.freed), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thread/THR-01", test_thr01);
  g_test_add_func ("/thread/THR-02", test_thr02);
  g_test_add_func ("/thread/RUN-07", test_run07);
  g_test_add_func ("/thread/cancel", test_cancel);
  g_test_add_func ("/thread/call", test_call);

  return g_test_run ();
}
