/* test-run.c: the asyncio.run scenarios (RUN-*) of conformance.md, and the
 * other ways of running a loop: coasync_run_stepped() and
 * coasync_run_until_complete().
 *
 * RUN-07 (run() waits for to_thread workers) needs coasync_to_thread(),
 * which does not exist yet.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

static gboolean
return_42 (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  coasync_task_return_int (task, 42);
  return TRUE;
}

static gboolean
raise_spam (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "spam");
  return FALSE;
}

static void
test_run01 (void)
{
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *repr = NULL;

  trace_begin ("RUN-01");

  g_assert_true (coasync_run (return_42, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_INT (&result));
  trace_add ("returned=%d", g_value_get_int (&result));

  g_assert_false (coasync_run (raise_spam, NULL, NULL, NULL, &error));
  repr = error_repr (error);
  trace_add ("raised:%s", repr);

  trace_assert ("RUN-01: returned=42 | raised:ValueError('spam')");
}

/* A task that sleeps until the run cancels it at shutdown.  With
 * @user_data TRUE it also records the cancellation (asyncio's
 * `except CancelledError: ...; raise`); it always records its `finally`. */
static gboolean
leftover (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  gboolean trace_cancel = GPOINTER_TO_INT (user_data);
  gboolean ok;

  ok = coasync_await (coasync_sleep (1), error);
  if (!ok && trace_cancel)
    trace_add ("leftover:%s", error_type (*error));
  trace_add ("leftover:finally");
  return ok;
}

/* Main task of RUN-02: starts a leftover task, stored in @user_data, and
 * returns 123 while it still sleeps. */
static gboolean
run02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncTask **leftover_out = user_data;

  *leftover_out = coasync_create_task (leftover, GINT_TO_POINTER (TRUE), NULL);
  /* One tick: the leftover task starts its sleep. */
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  trace_add ("main:return");
  coasync_task_return_int (task, 123);
  return TRUE;
}

static void
test_run02 (void)
{
  g_autoptr(CoasyncTask) leftover_task = NULL;
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  trace_begin ("RUN-02");
  g_assert_true (coasync_run (run02_main, &leftover_task, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_INT (&result));
  trace_add ("returned=%d", g_value_get_int (&result));
  trace_add ("leftover.cancelled=%s",
             coasync_future_cancelled (COASYNC_FUTURE (leftover_task)) ? "True" : "False");
  trace_assert ("RUN-02: main:return | leftover:CancelledError | leftover:finally | "
                "returned=123 | leftover.cancelled=True");
}

static gboolean
nested_run_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_assert_false (coasync_run (return_42, NULL, NULL, NULL, &local_error));
  g_assert_error (local_error, COASYNC_ERROR, COASYNC_ERROR_RUNNING);
  trace_add ("nested-run:%s", error_type (local_error));
  return TRUE;
}

static CoasyncFuture *
stepped_return_5 (CoasyncTask   *task,
                  CoasyncFuture *awaited,
                  gpointer       user_data)
{
  coasync_task_return_int (task, 5);
  return NULL;
}

static void
test_run04 (void)
{
  g_autoptr(GError) error = NULL;

  trace_begin ("RUN-04");
  run_main (nested_run_main, NULL);

  /* asyncio raises ValueError for run(1) and run(lambda: None).  In C a
   * missing body is a programmer error: a g_return_val_if_fail() critical,
   * and FALSE without a GError.  The two cases are coasync_run() and
   * coasync_run_stepped() without a function. */
  g_test_expect_message ("Coasync", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  if (!coasync_run (NULL, NULL, NULL, NULL, &error))
    trace_add ("non-coroutine:ValueError");
  g_test_assert_expected_messages ();
  g_clear_error (&error);

  g_test_expect_message ("Coasync", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  if (!coasync_run_stepped (NULL, NULL, NULL, NULL, &error))
    trace_add ("non-coroutine:ValueError");
  g_test_assert_expected_messages ();
  g_clear_error (&error);

  trace_assert ("RUN-04: nested-run:RuntimeError | non-coroutine:ValueError | "
                "non-coroutine:ValueError");

  /* The loop is usable again after the refusals. */
  run_main (return_42, NULL);
}

static void
nested_run_callback (gpointer user_data)
{
  GError **error = user_data;

  g_assert_false (coasync_run (return_42, NULL, NULL, NULL, error));
}

static gboolean
nested_refused_main (CoasyncTask  *task,
                     gpointer      user_data,
                     GError      **error)
{
  g_autoptr(CoasyncFuture) future = coasync_future_new ();
  g_autoptr(GError) local_error = NULL;

  /* From a plain callback of the running loop. */
  coasync_call_soon (NULL, nested_run_callback, &local_error, NULL);
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  g_assert_error (local_error, COASYNC_ERROR, COASYNC_ERROR_RUNNING);
  g_clear_error (&local_error);

  /* A blocking wait from inside a task. */
  g_assert_false (coasync_run_until_complete (future, &local_error));
  g_assert_error (local_error, COASYNC_ERROR, COASYNC_ERROR_RUNNING);
  g_assert_false (coasync_future_done (future));
  g_clear_error (&local_error);

  g_assert_false (coasync_run_stepped (stepped_return_5, NULL, NULL, NULL, &local_error));
  g_assert_error (local_error, COASYNC_ERROR, COASYNC_ERROR_RUNNING);
  return TRUE;
}

/* Runs cannot nest, whatever starts the inner one. */
static void
test_nested_refused (void)
{
  run_main (nested_refused_main, NULL);
}

/* Main task of RUN-05: starts a leftover task, stored in @user_data, and
 * fails while it still sleeps. */
static gboolean
run05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  CoasyncTask **leftover_out = user_data;

  *leftover_out = coasync_create_task (leftover, GINT_TO_POINTER (FALSE), NULL);
  /* One tick: the leftover task starts its sleep. */
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_KEY, "main-failed");
  return FALSE;
}

static void
test_run05 (void)
{
  g_autoptr(CoasyncTask) leftover_task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *repr = NULL;

  trace_begin ("RUN-05");
  g_assert_false (coasync_run (run05_main, &leftover_task, NULL, NULL, &error));
  repr = error_repr (error);
  trace_add ("raised:%s", repr);
  trace_add ("leftover.cancelled=%s",
             coasync_future_cancelled (COASYNC_FUTURE (leftover_task)) ? "True" : "False");
  trace_assert ("RUN-05: leftover:finally | raised:KeyError('main-failed') | "
                "leftover.cancelled=True");
}

/* A leftover task that catches its cancellation and needs one more sleep to
 * finish: coasync_run() waits for it (asyncio gathers the cancelled tasks). */
static gboolean
slow_leftover (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (coasync_await (coasync_sleep (1), &local_error))
    return TRUE;
  trace_add ("leftover:%s", error_type (local_error));
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  trace_add ("leftover:done");
  return TRUE;
}

static gboolean
slow_leftover_main (CoasyncTask  *task,
                    gpointer      user_data,
                    GError      **error)
{
  CoasyncTask **leftover_out = user_data;

  *leftover_out = coasync_create_task (slow_leftover, NULL, NULL);
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  trace_add ("main:return");
  return TRUE;
}

static void
test_run_waits_for_leftovers (void)
{
  g_autoptr(CoasyncTask) leftover_task = NULL;

  trace_begin ("leftover");
  run_main (slow_leftover_main, &leftover_task);
  trace_add ("run:returned");
  /* It swallowed the cancellation, so it finished normally. */
  trace_add ("leftover.done=%s leftover.cancelled=%s",
             coasync_future_done (COASYNC_FUTURE (leftover_task)) ? "True" : "False",
             coasync_future_cancelled (COASYNC_FUTURE (leftover_task)) ? "True" : "False");
  trace_assert ("leftover: main:return | leftover:CancelledError | leftover:done | "
                "run:returned | leftover.done=True leftover.cancelled=False");
}

/* Main task: stores a new future, bound to the run's context, in
 * @user_data. */
static gboolean
create_future (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  CoasyncFuture **future_out = user_data;

  *future_out = coasync_future_new ();
  g_assert_true (coasync_future_get_context (*future_out)
                 == g_main_context_get_thread_default ());
  return TRUE;
}

static void
test_run08 (void)
{
  g_autoptr(GMainContext) before = g_main_context_ref_thread_default ();
  g_autoptr(GMainContext) after = NULL;
  g_autoptr(CoasyncFuture) first = NULL;
  g_autoptr(CoasyncFuture) second = NULL;
  g_autoptr(GPtrArray) first_tasks = NULL;
  GMainContext *first_context;
  GMainContext *second_context;

  trace_begin ("RUN-08");
  run_main (create_future, &first);
  run_main (create_future, &second);
  after = g_main_context_ref_thread_default ();

  /* Each future keeps its context alive, so two runs sharing an address
   * would be sharing the context. */
  first_context = coasync_future_get_context (first);
  second_context = coasync_future_get_context (second);
  trace_add ("fresh-loop-each-run=%s",
             first_context != second_context
             && first_context != before
             && second_context != before ? "True" : "False");

  /* asyncio closes its loop.  A GMainContext cannot be closed: coasync_run()
   * pops it, giving the caller its thread-default context back, with no
   * task of the run left. */
  first_tasks = coasync_all_tasks (first_context);
  trace_add ("closed-after=%s",
             after == before && first_tasks->len == 0 ? "True" : "False");

  trace_assert ("RUN-08: fresh-loop-each-run=True | closed-after=True");
}

/* coasync_run() pushes its fresh context on top of the caller's own, and
 * pops it again, also when the main task fails. */
static void
test_run_restores_thread_default (void)
{
  g_autoptr(GMainContext) mine = g_main_context_new ();
  g_autoptr(CoasyncFuture) future = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (mine);

  run_main (create_future, &future);
  g_assert_true (g_main_context_get_thread_default () == mine);
  g_assert_true (coasync_future_get_context (future) != mine);

  g_assert_false (coasync_run (raise_spam, NULL, NULL, NULL, &error));
  g_assert_error (error, TEST_ERROR, TEST_ERROR_VALUE);
  g_assert_true (g_main_context_get_thread_default () == mine);

  g_main_context_pop_thread_default (mine);
}

static void
count_notify (gpointer user_data)
{
  guint *notified = user_data;

  (*notified)++;
}

/* The body's data is released exactly once by the time coasync_run()
 * returns, whatever the outcome. */
static void
test_run_notify (void)
{
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_assert_true (coasync_run (return_42, &notified, count_notify, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);

  notified = 0;
  g_assert_false (coasync_run (raise_spam, &notified, count_notify, NULL, &error));
  g_assert_error (error, TEST_ERROR, TEST_ERROR_VALUE);
  g_assert_cmpuint (notified, ==, 1);
}

/* A stepped main task: sleeps, then returns 5.  @user_data counts the
 * steps. */
static CoasyncFuture *
stepped_sleep_then_5 (CoasyncTask   *task,
                      CoasyncFuture *awaited,
                      gpointer       user_data)
{
  guint *n_steps = user_data;

  if ((*n_steps)++ == 0)
    {
      g_assert_null (awaited);
      return coasync_sleep (0.01);
    }
  g_assert_nonnull (awaited);
  g_assert_true (coasync_future_done (awaited));
  g_assert_false (coasync_future_cancelled (awaited));
  coasync_task_return_int (task, 5);
  return NULL;
}

static CoasyncFuture *
stepped_fail (CoasyncTask   *task,
              CoasyncFuture *awaited,
              gpointer       user_data)
{
  if (awaited == NULL)
    return coasync_sleep (0);
  coasync_task_return_error (task, g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE, "stepped"));
  return NULL;
}

static void
test_run_stepped (void)
{
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  guint n_steps = 0;

  g_assert_true (coasync_run_stepped (stepped_sleep_then_5, &n_steps, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_steps, ==, 2);
  g_assert_true (G_VALUE_HOLDS_INT (&result));
  g_assert_cmpint (g_value_get_int (&result), ==, 5);

  g_assert_false (coasync_run_stepped (stepped_fail, NULL, NULL, NULL, &error));
  g_assert_error (error, TEST_ERROR, TEST_ERROR_VALUE);
  g_assert_cmpstr (error->message, ==, "stepped");
}

/* Sleeps a little, then gives the future of @user_data the result 7. */
static gboolean
set_7_later (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  CoasyncFuture *future = user_data;

  trace_add ("task:started");
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  trace_add ("task:set");
  return coasync_future_set_int (future, 7, error);
}

/* A context of the caller's own, as a GTK application has: tasks run
 * whenever anything iterates it, and coasync_run_until_complete() drives it
 * until a future is done. */
static void
test_run_until_complete (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CoasyncFuture) future = NULL;
  g_autoptr(CoasyncTask) task = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);

  trace_begin ("until-complete");
  future = coasync_future_new ();
  g_assert_true (coasync_future_get_context (future) == context);
  task = coasync_create_task (set_7_later, g_object_ref (future), g_object_unref);

  /* A plain iteration starts the task, which then sleeps. */
  g_main_context_iteration (context, FALSE);
  trace_add ("iterated");

  g_assert_true (coasync_run_until_complete (future, &error));
  g_assert_no_error (error);
  trace_add ("until-complete:returned");
  g_assert_true (coasync_future_get_result (future, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (&value), ==, 7);

  /* The task returned right after setting the result. */
  g_assert_true (coasync_run_until_complete (COASYNC_FUTURE (task), &error));
  g_assert_no_error (error);
  g_assert_true (coasync_future_done (COASYNC_FUTURE (task)));

  trace_assert ("until-complete: task:started | iterated | task:set | "
                "until-complete:returned");

  g_main_context_pop_thread_default (context);
}

/* coasync_run_until_complete() reports the future's failure or
 * cancellation, and returns at once for a future that is already done. */
static void
test_run_until_complete_outcomes (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CoasyncFuture) done = NULL;
  g_autoptr(CoasyncFuture) failed = NULL;
  g_autoptr(CoasyncFuture) cancelled = NULL;
  g_autoptr(GError) exception = g_error_new_literal (TEST_ERROR, TEST_ERROR_KEY, "k");
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (context);

  done = coasync_future_new ();
  g_assert_true (coasync_future_set_int (done, 1, NULL));
  g_assert_true (coasync_run_until_complete (done, &error));
  g_assert_no_error (error);

  failed = coasync_future_new ();
  g_assert_true (coasync_future_set_error (failed, exception, NULL));
  g_assert_false (coasync_run_until_complete (failed, &error));
  g_assert_error (error, TEST_ERROR, TEST_ERROR_KEY);
  g_clear_error (&error);

  cancelled = coasync_future_new ();
  g_assert_true (coasync_future_cancel (cancelled, "gone"));
  g_assert_false (coasync_run_until_complete (cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "gone");

  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/run/RUN-01", test_run01);
  g_test_add_func ("/run/RUN-02", test_run02);
  g_test_add_func ("/run/RUN-04", test_run04);
  g_test_add_func ("/run/RUN-05", test_run05);
  g_test_add_func ("/run/RUN-08", test_run08);
  g_test_add_func ("/run/nested-refused", test_nested_refused);
  g_test_add_func ("/run/waits-for-leftovers", test_run_waits_for_leftovers);
  g_test_add_func ("/run/restores-thread-default", test_run_restores_thread_default);
  g_test_add_func ("/run/notify", test_run_notify);
  g_test_add_func ("/run/stepped", test_run_stepped);
  g_test_add_func ("/run/until-complete", test_run_until_complete);
  g_test_add_func ("/run/until-complete-outcomes", test_run_until_complete_outcomes);

  return g_test_run ();
}
