/* test-future.c: the FUT-* scenarios of conformance.md, and the parts of the
 * CoasyncFuture API that asyncio has no name for: typed results, waiting
 * from GIO code and from other threads, completion from other threads, and
 * the GDestroyNotify of done callbacks.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

/* Traces result() as "<label>=<int>" or "<label>:<error>". */
static void
trace_result_int (const char    *label,
                  CoasyncFuture *future)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  if (coasync_future_get_result (future, &value, &error))
    trace_add ("%s=%d", label, g_value_get_int (&value));
  else
    {
      g_autofree char *repr = error_repr (error);

      trace_add ("%s:%s", label, repr);
    }
}

/* Traces exception() as "<label>=<exception or None>" or "<label>:<error>". */
static void
trace_exception (const char    *label,
                 CoasyncFuture *future)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) exc = coasync_future_get_exception (future, &error);

  if (error != NULL)
    {
      g_autofree char *repr = error_repr (error);

      g_assert_null (exc);
      trace_add ("%s:%s", label, repr);
    }
  else
    {
      g_autofree char *repr = error_repr (exc);

      trace_add ("%s=%s", label, repr);
    }
}

/* FUT-01 */

static gboolean
fut01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();

  trace_add ("done=%s", PYBOOL (coasync_future_done (f)));
  trace_add ("cancelled=%s", PYBOOL (coasync_future_cancelled (f)));
  trace_result_int ("result", f);
  trace_exception ("exception", f);
  return TRUE;
}

static void
test_fut01 (void)
{
  trace_begin ("FUT-01");
  run_main (fut01_main, NULL);
  trace_assert ("FUT-01: done=False | cancelled=False | result:InvalidStateError"
                " | exception:InvalidStateError");
}

/* FUT-02 */

static gboolean
fut02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(GError) exc = g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE, "");
  g_autoptr(GError) err = NULL;
  g_auto(GValue) one = G_VALUE_INIT;

  g_assert_true (coasync_future_set_int (f, 42, &err));
  g_assert_no_error (err);
  trace_add ("done=%s", PYBOOL (coasync_future_done (f)));
  trace_result_int ("result", f);
  trace_exception ("exception", f);

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  g_assert_false (coasync_future_set_result (f, &one, &err));
  trace_error ("set_result:", err);
  g_clear_error (&err);
  /* The typed setters are set_result too. */
  g_assert_false (coasync_future_set_int (f, 1, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);
  g_clear_error (&err);

  g_assert_false (coasync_future_set_error (f, exc, &err));
  trace_error ("set_exception:", err);
  g_clear_error (&err);
  /* set_exception(None): the state is checked before the argument, so even a
   * NULL error gives InvalidStateError on a done future. */
  g_assert_false (coasync_future_set_error (f, NULL, &err));
  trace_error ("set_exception(None):", err);
  g_clear_error (&err);

  trace_add ("cancel=%s", PYBOOL (coasync_future_cancel (f, NULL)));
  trace_result_int ("result", f);
  return TRUE;
}

static void
test_fut02 (void)
{
  trace_begin ("FUT-02");
  run_main (fut02_main, NULL);
  trace_assert ("FUT-02: done=True | result=42 | exception=None | set_result:InvalidStateError"
                " | set_exception:InvalidStateError | set_exception(None):InvalidStateError"
                " | cancel=False | result=42");
}

/* FUT-04 */

static gboolean
fut04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(GError) err = NULL;

  trace_add ("cancel=%s", PYBOOL (coasync_future_cancel (f, "m")));
  trace_add ("cancelled=%s done=%s",
             PYBOOL (coasync_future_cancelled (f)), PYBOOL (coasync_future_done (f)));
  trace_result_int ("result#0", f);
  trace_result_int ("result#1", f);
  trace_exception ("exception", f);
  trace_add ("cancel_again=%s", PYBOOL (coasync_future_cancel (f, NULL)));
  g_assert_false (coasync_future_set_result (f, NULL, &err));
  trace_error ("set_result:", err);
  return TRUE;
}

static void
test_fut04 (void)
{
  trace_begin ("FUT-04");
  run_main (fut04_main, NULL);
  trace_assert ("FUT-04: cancel=True | cancelled=True done=True | result#0:CancelledError('m')"
                " | result#1:CancelledError('m') | exception:CancelledError('m')"
                " | cancel_again=False | set_result:InvalidStateError");
}

/* FUT-05 */

typedef struct
{
  CoasyncFuture *future;
  const char *name;
} NamedCallback;

static void
fut05_cb (CoasyncFuture *future,
          gpointer       user_data)
{
  NamedCallback *cb = user_data;

  trace_add ("%s(arg_is_future=%s)", cb->name, PYBOOL (future == cb->future));
}

static gboolean
fut05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(GError) err = NULL;
  NamedCallback cbs[] = { { f, "cb1" }, { f, "cb2" }, { f, "cb3" } };

  for (guint i = 0; i < G_N_ELEMENTS (cbs); i++)
    coasync_future_add_done_callback (f, fut05_cb, &cbs[i], NULL);
  g_assert_true (coasync_future_set_result (f, NULL, &err));
  g_assert_no_error (err);
  trace_add ("after-set_result");
  tick ();
  trace_add ("after-1-tick");
  return TRUE;
}

static void
test_fut05 (void)
{
  trace_begin ("FUT-05");
  run_main (fut05_main, NULL);
  trace_assert ("FUT-05: after-set_result | cb1(arg_is_future=True) | cb2(arg_is_future=True)"
                " | cb3(arg_is_future=True) | after-1-tick");
}

/* FUT-07 */

static void
fut07_cb1 (CoasyncFuture *future,
           gpointer       user_data)
{
  trace_add ("cb1");
}

static void
fut07_cb2 (CoasyncFuture *future,
           gpointer       user_data)
{
  trace_add ("cb2");
}

static void
fut07_cb3 (CoasyncFuture *future,
           gpointer       user_data)
{
  trace_add ("cb3");
}

static gboolean
fut07_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();

  coasync_future_add_done_callback (f, fut07_cb1, NULL, NULL);
  coasync_future_add_done_callback (f, fut07_cb2, NULL, NULL);
  trace_add ("remove(cb2)=%u", coasync_future_remove_done_callback (f, fut07_cb2, NULL));
  trace_add ("remove(cb3)=%u", coasync_future_remove_done_callback (f, fut07_cb3, NULL));
  coasync_future_add_done_callback (f, fut07_cb2, NULL, NULL);
  for (guint i = 0; i < 5; i++)
    coasync_future_add_done_callback (f, fut07_cb1, NULL, NULL);
  trace_add ("remove(cb1)=%u", coasync_future_remove_done_callback (f, fut07_cb1, NULL));
  coasync_future_add_done_callback (f, fut07_cb3, NULL, NULL);
  coasync_future_add_done_callback (f, fut07_cb3, NULL, NULL);
  g_assert_true (coasync_future_set_result (f, NULL, NULL));
  tick ();
  return TRUE;
}

static void
test_fut07 (void)
{
  trace_begin ("FUT-07");
  run_main (fut07_main, NULL);
  trace_assert ("FUT-07: remove(cb2)=1 | remove(cb3)=0 | remove(cb1)=6 | cb2 | cb3 | cb3");
}

/* FUT-08 */

static void
fut08_cb (CoasyncFuture *future,
          gpointer       user_data)
{
  trace_add ("cb");
}

static gboolean
fut08_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();

  coasync_future_add_done_callback (f, fut08_cb, NULL, NULL);
  g_assert_true (coasync_future_set_result (f, NULL, NULL));
  trace_add ("remove_after_done=%u", coasync_future_remove_done_callback (f, fut08_cb, NULL));
  tick ();
  return TRUE;
}

static void
test_fut08 (void)
{
  trace_begin ("FUT-08");
  run_main (fut08_main, NULL);
  trace_assert ("FUT-08: remove_after_done=0 | cb");
}

/* FUT-10: C callbacks cannot raise, so there is no loop exception handler to
 * test. What the scenario protects is that one callback cannot disturb the
 * others; in C that means a callback that adds or removes callbacks of the
 * same future. Once the future is done its callbacks are already queued:
 * adding queues the new one after them (next tick), and removing finds
 * nothing (returns 0), so the rest still run in FIFO order. */

static void
fut10_extra (CoasyncFuture *future,
             gpointer       user_data)
{
  trace_add ("cb-extra");
}

static void
fut10_cb3 (CoasyncFuture *future,
           gpointer       user_data)
{
  trace_add ("cb3");
}

static void
fut10_adder (CoasyncFuture *future,
             gpointer       user_data)
{
  coasync_future_add_done_callback (future, fut10_extra, NULL, NULL);
  trace_add ("cb1:add(extra)");
}

static void
fut10_remover (CoasyncFuture *future,
               gpointer       user_data)
{
  trace_add ("cb2:remove(cb3)=%u", coasync_future_remove_done_callback (future, fut10_cb3, NULL));
}

static gboolean
fut10_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();

  coasync_future_add_done_callback (f, fut10_adder, NULL, NULL);
  coasync_future_add_done_callback (f, fut10_remover, NULL, NULL);
  coasync_future_add_done_callback (f, fut10_cb3, NULL, NULL);
  g_assert_true (coasync_future_set_result (f, NULL, NULL));
  /* Tick 1 runs cb1, cb2, cb3 (cb1 queues cb-extra), then this task; tick 2
   * runs cb-extra, which was queued before this task's second wake-up. */
  tick ();
  tick ();
  trace_add ("after-2-ticks");
  return TRUE;
}

static void
test_fut10 (void)
{
  trace_begin ("FUT-10");
  run_main (fut10_main, NULL);
  trace_assert ("FUT-10: cb1:add(extra) | cb2:remove(cb3)=0 | cb3 | cb-extra | after-2-ticks");
}

/* FUT-11 [catalogue-only]: we follow the recommendation, the cancel message
 * of a task is kept on every retrieval (CPython loses it after the first). */

static gboolean
fut11_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (sleep_1s, NULL, NULL);
  g_autoptr(GError) err = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (t, "boom"));
  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (t)), &err));
  trace_error ("await:", err);
  trace_result_int ("result#0", COASYNC_FUTURE (t));
  trace_result_int ("result#1", COASYNC_FUTURE (t));
  trace_result_int ("result#2", COASYNC_FUTURE (t));
  trace_exception ("exception", COASYNC_FUTURE (t));
  return TRUE;
}

static void
test_fut11 (void)
{
  trace_begin ("FUT-11");
  run_main (fut11_main, NULL);
  trace_assert ("FUT-11: await:CancelledError('boom') | result#0:CancelledError('boom')"
                " | result#1:CancelledError('boom') | result#2:CancelledError('boom')"
                " | exception:CancelledError('boom')");
}

/* Each typed setter, read back by the matching coasync_await_*(). */

static guint pointer_notified;

static void
pointer_notify (gpointer data)
{
  pointer_notified++;
}

static void
set_string_later (gpointer user_data)
{
  g_assert_true (coasync_future_set_string (user_data, "later", NULL));
}

static gboolean
typed_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(GObject) obj = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) got_obj = NULL;
  g_autofree char *str = NULL;
  g_autofree char *later = NULL;
  g_autofree char *payload = g_strdup ("payload");
  g_auto(GValue) in = G_VALUE_INIT;
  g_auto(GValue) out = G_VALUE_INIT;
  g_auto(GValue) peek = G_VALUE_INIT;
  CoasyncFuture *f;
  CoasyncFuture *weak;
  gint dummy;

  f = coasync_future_new ();
  g_assert_true (coasync_future_set_boolean (f, TRUE, &err));
  g_assert_true (coasync_await_boolean (f, &err));
  g_assert_no_error (err);

  f = coasync_future_new ();
  g_assert_true (coasync_future_set_int (f, -42, &err));
  g_assert_true (coasync_future_get_result (f, &peek, &err));
  g_assert_no_error (err);
  g_assert_true (G_VALUE_HOLDS_INT (&peek));
  g_assert_cmpint (g_value_get_int (&peek), ==, -42);
  g_assert_cmpint (coasync_await_int (f, &err), ==, -42);
  g_assert_no_error (err);

  f = coasync_future_new ();
  g_assert_true (coasync_future_set_double (f, 2.5, &err));
  g_assert_cmpfloat (coasync_await_double (f, &err), ==, 2.5);
  g_assert_no_error (err);

  f = coasync_future_new ();
  g_assert_true (coasync_future_set_string (f, "text", &err));
  str = coasync_await_string (f, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (str, ==, "text");

  /* Completed while the task is suspended on it. */
  f = coasync_future_new ();
  coasync_call_soon (NULL, set_string_later, g_object_ref (f), g_object_unref);
  later = coasync_await_string (f, &err);
  g_assert_no_error (err);
  g_assert_cmpstr (later, ==, "later");

  f = coasync_future_new ();
  g_assert_true (coasync_future_set_object (f, obj, &err));
  got_obj = coasync_await_object (f, &err);
  g_assert_no_error (err);
  g_assert_true (got_obj == obj);

  /* await_pointer steals the pointer: the future must not run its notify. */
  f = coasync_future_new ();
  weak = f;
  g_object_add_weak_pointer (G_OBJECT (f), (gpointer *) &weak);
  g_object_ref (f);
  g_assert_true (coasync_future_set_pointer (f, payload, pointer_notify, &err));
  g_assert_true (coasync_await_pointer (f, &err) == payload);
  g_assert_no_error (err);
  g_object_unref (f);
  g_assert_null (weak);
  g_assert_cmpuint (pointer_notified, ==, 0);

  /* A pointer result nobody took is released with the future. */
  f = coasync_future_new ();
  g_assert_true (coasync_future_set_pointer (f, &dummy, pointer_notify, &err));
  g_object_unref (f);
  g_assert_cmpuint (pointer_notified, ==, 1);

  f = coasync_future_new ();
  g_value_init (&in, G_TYPE_UINT64);
  g_value_set_uint64 (&in, 7);
  g_assert_true (coasync_future_set_result (f, &in, &err));
  g_assert_true (coasync_await_value (f, &out, &err));
  g_assert_no_error (err);
  g_assert_true (G_VALUE_HOLDS_UINT64 (&out));
  g_assert_cmpuint (g_value_get_uint64 (&out), ==, 7);

  f = coasync_future_new ();
  {
    g_autoptr(GError) exc = g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE, "x");

    g_assert_true (coasync_future_set_error (f, exc, &err));
  }
  g_assert_cmpint (coasync_await_int (f, &err), ==, 0);
  g_assert_error (err, TEST_ERROR, TEST_ERROR_VALUE);
  g_assert_cmpstr (err->message, ==, "x");
  return TRUE;
}

static void
test_typed_results (void)
{
  pointer_notified = 0;
  run_main (typed_main, NULL);
}

/* coasync_future_wait_async() / wait_finish(), from GIO-style code. */

typedef struct
{
  CoasyncFuture *future;
  CoasyncFuture *finished;
} WaitAsync;

static void
wait_async_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WaitAsync *w = user_data;
  g_autoptr(GError) error = NULL;
  GValue *value;

  value = coasync_future_wait_finish (w->future, result, &error);
  if (value != NULL)
    {
      g_assert_no_error (error);
      g_assert_true (G_VALUE_HOLDS_INT (value));
      trace_add ("callback:%d", g_value_get_int (value));
      g_boxed_free (G_TYPE_VALUE, value);
    }
  else
    trace_error ("callback:", error);
  g_assert_true (coasync_future_set_result (w->finished, NULL, NULL));
}

static gboolean
wait_async_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  g_autoptr(GError) err = NULL;
  WaitAsync w;

  w.future = coasync_future_new ();
  w.finished = coasync_future_new ();
  coasync_future_wait_async (w.future, NULL, wait_async_cb, &w);
  trace_add ("after-wait_async");
  tick ();
  trace_add ("set_int");
  g_assert_true (coasync_future_set_int (w.future, 42, NULL));
  g_assert_true (coasync_await (g_object_ref (w.finished), &err));
  g_clear_object (&w.future);
  g_clear_object (&w.finished);

  /* Already done (cancelled): the callback still comes later. */
  w.future = coasync_future_new ();
  w.finished = coasync_future_new ();
  g_assert_true (coasync_future_cancel (w.future, "m"));
  coasync_future_wait_async (w.future, NULL, wait_async_cb, &w);
  trace_add ("after-wait_async");
  g_assert_true (coasync_await (g_object_ref (w.finished), &err));
  g_clear_object (&w.future);
  g_clear_object (&w.finished);
  return TRUE;
}

static void
test_wait_async (void)
{
  trace_begin ("WAIT-ASYNC");
  run_main (wait_async_main, NULL);
  trace_assert ("WAIT-ASYNC: after-wait_async | set_int | callback:42"
                " | after-wait_async | callback:CancelledError('m')");
}

/* coasync_future_wait_sync() from another thread: once with a timeout that
 * expires, once until the loop thread completes the future. */

typedef struct
{
  CoasyncFuture *future;
  CoasyncFuture *timed_out;  /* completed by the waiter after its first wait */
  CoasyncFuture *finished;   /* completed by the waiter when it is done */
  gboolean first_ok;
  GError *first_error;
  gboolean second_ok;
  GError *second_error;
  gint second_value;
} SyncWait;

static gpointer
sync_waiter_thread (gpointer data)
{
  SyncWait *s = data;
  g_auto(GValue) first = G_VALUE_INIT;
  g_auto(GValue) second = G_VALUE_INIT;

  s->first_ok = coasync_future_wait_sync (s->future, 0.02, &first, &s->first_error);
  g_assert_true (coasync_future_set_result (s->timed_out, NULL, NULL));
  s->second_ok = coasync_future_wait_sync (s->future, 10, &second, &s->second_error);
  if (s->second_ok)
    s->second_value = g_value_get_int (&second);
  g_assert_true (coasync_future_set_result (s->finished, NULL, NULL));
  return NULL;
}

static gboolean
wait_sync_main (CoasyncTask  *task,
                gpointer      user_data,
                GError      **error)
{
  g_autoptr(GError) err = NULL;
  SyncWait s = { 0, };
  GThread *thread;

  s.future = coasync_future_new ();
  s.timed_out = coasync_future_new ();
  s.finished = coasync_future_new ();
  thread = g_thread_new ("waiter", sync_waiter_thread, &s);

  g_assert_true (coasync_await (g_object_ref (s.timed_out), &err));
  g_assert_false (s.first_ok);
  trace_error ("wait_sync(0.02):", s.first_error);
  trace_add ("set_int");
  g_assert_true (coasync_future_set_int (s.future, 42, NULL));
  /* Join only once the waiter is done, so the loop never blocks on it. */
  g_assert_true (coasync_await (g_object_ref (s.finished), &err));
  g_thread_join (thread);
  g_assert_no_error (s.second_error);
  g_assert_true (s.second_ok);
  trace_add ("wait_sync=%d", s.second_value);

  g_clear_error (&s.first_error);
  g_clear_object (&s.future);
  g_clear_object (&s.timed_out);
  g_clear_object (&s.finished);
  return TRUE;
}

static void
test_wait_sync (void)
{
  trace_begin ("WAIT-SYNC");
  run_main (wait_sync_main, NULL);
  trace_assert ("WAIT-SYNC: wait_sync(0.02):TimeoutError() | set_int | wait_sync=42");
}

/* set_result on a worker thread wakes the task awaiting the future, and the
 * future's done callbacks still run on the loop thread. */

typedef struct
{
  CoasyncFuture *future;
  GThread *loop_thread;
  GThread *callback_thread;
  GThread *worker;
} CrossThread;

static gpointer
complete_thread (gpointer data)
{
  g_assert_true (coasync_future_set_int (data, 7, NULL));
  return NULL;
}

/* Started after the main task is suspended on the future, so the completion
 * really has to wake it. */
static gboolean
spawn_completer (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  CrossThread *x = user_data;

  x->worker = g_thread_new ("completer", complete_thread, x->future);
  return TRUE;
}

static void
record_thread_cb (CoasyncFuture *future,
                  gpointer       user_data)
{
  CrossThread *x = user_data;

  x->callback_thread = g_thread_self ();
}

static gboolean
cross_thread_main (CoasyncTask  *task,
                   gpointer      user_data,
                   GError      **error)
{
  g_autoptr(GError) err = NULL;
  CrossThread x = { 0, };
  gint value;

  x.future = coasync_future_new ();
  x.loop_thread = g_thread_self ();
  coasync_future_add_done_callback (x.future, record_thread_cb, &x, NULL);
  g_object_unref (coasync_create_task (spawn_completer, &x, NULL));
  value = coasync_await_int (g_object_ref (x.future), &err);
  g_assert_no_error (err);
  trace_add ("awaited=%d", value);
  /* cb was registered before the await, so it ran before the wake-up. */
  trace_add ("callback-on-loop-thread=%s", PYBOOL (x.callback_thread == x.loop_thread));
  g_thread_join (x.worker);
  g_clear_object (&x.future);
  return TRUE;
}

static void
test_cross_thread_completion (void)
{
  trace_begin ("XTHREAD");
  run_main (cross_thread_main, NULL);
  trace_assert ("XTHREAD: awaited=7 | callback-on-loop-thread=True");
}

/* Every GDestroyNotify given to add_done_callback runs exactly once. */

typedef struct
{
  guint called;
  guint notified;
} Counter;

static Counter cb_ran, cb_removed, cb_twice, cb_dropped, cb_late;

static void
counter_cb (CoasyncFuture *future,
            gpointer       user_data)
{
  ((Counter *) user_data)->called++;
}

static void
counter_notify (gpointer user_data)
{
  ((Counter *) user_data)->notified++;
}

static gboolean
notify_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  CoasyncFuture *pending = coasync_future_new ();

  coasync_future_add_done_callback (f, counter_cb, &cb_ran, counter_notify);
  coasync_future_add_done_callback (f, counter_cb, &cb_removed, counter_notify);
  coasync_future_add_done_callback (f, counter_cb, &cb_twice, counter_notify);
  coasync_future_add_done_callback (f, counter_cb, &cb_twice, counter_notify);
  g_assert_cmpuint (coasync_future_remove_done_callback (f, counter_cb, &cb_removed), ==, 1);
  g_assert_cmpuint (coasync_future_remove_done_callback (f, counter_cb, &cb_twice), ==, 2);

  /* Finalized while still pending: its callback never runs. */
  coasync_future_add_done_callback (pending, counter_cb, &cb_dropped, counter_notify);
  g_object_unref (pending);

  g_assert_true (coasync_future_set_result (f, NULL, NULL));
  coasync_future_add_done_callback (f, counter_cb, &cb_late, counter_notify);
  tick ();
  tick ();
  return TRUE;
}

static void
test_done_callback_notify (void)
{
  cb_ran = cb_removed = cb_twice = cb_dropped = cb_late = (Counter) { 0, 0 };
  run_main (notify_main, NULL);
  g_assert_cmpuint (cb_ran.called, ==, 1);
  g_assert_cmpuint (cb_ran.notified, ==, 1);
  g_assert_cmpuint (cb_removed.called, ==, 0);
  g_assert_cmpuint (cb_removed.notified, ==, 1);
  g_assert_cmpuint (cb_twice.called, ==, 0);
  g_assert_cmpuint (cb_twice.notified, ==, 2);
  g_assert_cmpuint (cb_dropped.called, ==, 0);
  g_assert_cmpuint (cb_dropped.notified, ==, 1);
  g_assert_cmpuint (cb_late.called, ==, 1);
  g_assert_cmpuint (cb_late.notified, ==, 1);
}

/* As asyncio's set_exception(CancelledError()): the future fails with the
 * cancellation error as its exception, it is not cancelled. */
static void
test_set_error_cancelled (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CoasyncFuture) future = NULL;
  g_autoptr(GError) exception = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "gm");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) stored = NULL;

  g_main_context_push_thread_default (context);
  future = coasync_future_new ();
  g_assert_true (coasync_future_set_error (future, exception, &error));
  g_assert_no_error (error);
  g_assert_true (coasync_future_done (future));
  g_assert_false (coasync_future_cancelled (future));
  stored = coasync_future_get_exception (future, &error);
  g_assert_no_error (error);
  g_assert_error (stored, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (coasync_future_get_result (future, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_main_context_pop_thread_default (context);
}

/* A task's outcome is its body's: the setters refuse it. */
static gboolean
set_task_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exception = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_false (coasync_future_set_int (COASYNC_FUTURE (task), 1, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NOT_SUPPORTED);
  g_clear_error (&err);
  g_assert_false (coasync_future_set_result (COASYNC_FUTURE (task), NULL, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NOT_SUPPORTED);
  g_clear_error (&err);
  g_assert_false (coasync_future_set_error (COASYNC_FUTURE (task), exception, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NOT_SUPPORTED);
  g_assert_false (coasync_future_done (COASYNC_FUTURE (task)));
  coasync_task_return_int (task, 7);
  return TRUE;
}

static void
test_task_not_settable (void)
{
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (coasync_run (set_task_main, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_value_get_int (&result), ==, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/future/FUT-01", test_fut01);
  g_test_add_func ("/future/FUT-02", test_fut02);
  g_test_add_func ("/future/FUT-04", test_fut04);
  g_test_add_func ("/future/FUT-05", test_fut05);
  g_test_add_func ("/future/FUT-07", test_fut07);
  g_test_add_func ("/future/FUT-08", test_fut08);
  g_test_add_func ("/future/FUT-10", test_fut10);
  g_test_add_func ("/future/FUT-11", test_fut11);
  g_test_add_func ("/future/typed-results", test_typed_results);
  g_test_add_func ("/future/wait-async", test_wait_async);
  g_test_add_func ("/future/wait-sync", test_wait_sync);
  g_test_add_func ("/future/cross-thread-completion", test_cross_thread_completion);
  g_test_add_func ("/future/done-callback-notify", test_done_callback_notify);
  g_test_add_func ("/future/set-error-cancelled", test_set_error_cancelled);
  g_test_add_func ("/future/task-not-settable", test_task_not_settable);

  return g_test_run ();
}
