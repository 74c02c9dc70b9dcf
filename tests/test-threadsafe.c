/* test-threadsafe.c: run_coroutine_threadsafe (RCT-*), and a stress test of
 * many threads starting and cancelling tasks on one loop at once.
 *
 * The loop runs with coasync_run() in its own GThread; the test's main
 * thread (and, in the stress test, caller threads) start tasks on it and
 * block on their futures with coasync_future_wait_sync(). Only the test's
 * main thread writes the trace.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>

#include "test-util.h"

/* --- a loop in another thread ---------------------------------------------- */

typedef struct
{
  GThread       *thread;
  GMutex         lock;
  GCond          cond;
  GMainContext  *context;  /* set once the loop runs */
  CoasyncFuture *stop;     /* completing it ends the loop */
} LoopThread;

static gboolean
loop_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  LoopThread *lt = user_data;
  CoasyncFuture *stop = coasync_future_new ();

  g_mutex_lock (&lt->lock);
  lt->stop = g_object_ref (stop);
  lt->context = g_main_context_ref_thread_default ();
  g_cond_signal (&lt->cond);
  g_mutex_unlock (&lt->lock);
  return coasync_await (stop, error);
}

static gpointer
loop_thread_run (gpointer data)
{
  run_main (loop_main, data);
  return NULL;
}

static void
loop_thread_start (LoopThread *lt)
{
  g_mutex_init (&lt->lock);
  g_cond_init (&lt->cond);
  lt->context = NULL;
  lt->stop = NULL;
  lt->thread = g_thread_new ("coasync-loop", loop_thread_run, lt);
  g_mutex_lock (&lt->lock);
  while (lt->context == NULL)
    g_cond_wait (&lt->cond, &lt->lock);
  g_mutex_unlock (&lt->lock);
}

static void
stop_loop (gpointer data)
{
  LoopThread *lt = data;

  g_assert_true (coasync_future_set_result (lt->stop, NULL, NULL));
}

/* Ends the loop; coasync_run() then waits for every task left. */
static void
loop_thread_stop (LoopThread *lt)
{
  coasync_call_soon_threadsafe (lt->context, stop_loop, lt, NULL);
  g_thread_join (lt->thread);
  g_clear_object (&lt->stop);
  g_clear_pointer (&lt->context, g_main_context_unref);
  g_cond_clear (&lt->cond);
  g_mutex_clear (&lt->lock);
}

/* --- RCT-01 ------------------------------------------------------------------ */

typedef struct
{
  gint     a;
  gint     b;
  gboolean fail;
} AddArgs;

static gboolean
add_body (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  AddArgs *args = user_data;

  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  if (args->fail)
    {
      g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "x");
      return FALSE;
    }
  coasync_task_return_int (task, args->a + args->b);
  return TRUE;
}

/* "concurrent-future" is a future of its own, not the task running in the
 * loop, that this thread can block on. "non-coroutine" is a NULL body: a
 * critical, and no future. */
static void
test_rct01 (void)
{
  LoopThread lt;
  AddArgs ok_args = { 1, 2, FALSE };
  AddArgs bad_args = { 0, 0, TRUE };
  g_autoptr(CoasyncFuture) ok = NULL;
  g_autoptr(CoasyncFuture) bad = NULL;
  CoasyncFuture *none;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) err = NULL;

  loop_thread_start (&lt);
  trace_begin ("RCT-01");

  ok = coasync_run_coroutine_threadsafe (add_body, &ok_args, NULL, lt.context);
  g_assert_true (coasync_future_wait_sync (ok, 5, &value, &err));
  g_assert_no_error (err);
  trace_add ("concurrent-future=%s result=%d",
             PYBOOL (COASYNC_IS_FUTURE (ok) && !COASYNC_IS_TASK (ok)), g_value_get_int (&value));

  bad = coasync_run_coroutine_threadsafe (add_body, &bad_args, NULL, lt.context);
  g_assert_false (coasync_future_wait_sync (bad, 5, NULL, &err));
  {
    g_autofree char *repr = error_repr (err);

    trace_add ("raised:%s", repr);
  }

  g_test_expect_message ("Coasync", G_LOG_LEVEL_CRITICAL, "*func*");
  none = coasync_run_coroutine_threadsafe (NULL, NULL, NULL, lt.context);
  g_test_assert_expected_messages ();
  g_assert_null (none);
  trace_add ("non-coroutine:TypeError");

  loop_thread_stop (&lt);
  trace_assert ("RCT-01: concurrent-future=True result=3 | raised:ValueError('x') | non-coroutine:TypeError");
}

/* --- RCT-02 ------------------------------------------------------------------ */

typedef struct
{
  GMutex       lock;
  GCond        cond;
  CoasyncTask *task;   /* the task in the loop, once its body runs */
  GError      *error;  /* what its await saw */
} Sleeper;

/* Publishes its task, then sleeps until it is cancelled: it records the
 * cancellation and lets it go on, as `except CancelledError: ...; raise`. */
static gboolean
sleeper_body (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  Sleeper *s = user_data;
  g_autoptr(GError) err = NULL;

  g_mutex_lock (&s->lock);
  s->task = g_object_ref (task);
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->lock);

  if (coasync_await (coasync_sleep (1), &err))
    return TRUE;
  s->error = g_error_copy (err);
  g_propagate_error (error, g_steal_pointer (&err));
  return FALSE;
}

static void
test_rct02 (void)
{
  LoopThread lt;
  Sleeper s = { .task = NULL, .error = NULL };
  g_autoptr(CoasyncFuture) f = NULL;
  g_autoptr(GError) err = NULL;

  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  loop_thread_start (&lt);
  trace_begin ("RCT-02");

  f = coasync_run_coroutine_threadsafe (sleeper_body, &s, NULL, lt.context);
  g_assert_false (coasync_future_wait_sync (f, 0.02, NULL, &err));
  trace_add ("result(timeout):%s", error_type (err));
  g_clear_error (&err);

  /* The cancel must reach a running body, as in the scenario. */
  g_mutex_lock (&s.lock);
  while (s.task == NULL)
    g_cond_wait (&s.cond, &s.lock);
  g_mutex_unlock (&s.lock);

  trace_add ("cancel=%s", PYBOOL (coasync_future_cancel (f, NULL)));
  g_assert_false (coasync_future_wait_sync (f, INFINITY, NULL, &err));
  trace_add ("result:%s", error_type (err));
  g_clear_error (&err);

  /* Blocks until the task in the loop is over. */
  g_assert_false (coasync_future_wait_sync (COASYNC_FUTURE (s.task), INFINITY, NULL, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  trace_add ("task:%s", error_type (s.error));
  trace_add ("loop-task.cancelled=%s", PYBOOL (coasync_future_cancelled (COASYNC_FUTURE (s.task))));

  loop_thread_stop (&lt);
  trace_assert ("RCT-02: result(timeout):TimeoutError | cancel=True | result:CancelledError"
                " | task:CancelledError | loop-task.cancelled=True");
  g_clear_object (&s.task);
  g_clear_error (&s.error);
  g_cond_clear (&s.cond);
  g_mutex_clear (&s.lock);
}

/* --- stress ------------------------------------------------------------------ */

/* Under ThreadSanitizer a call costs about 150 times more (42 s for the
 * 80,000 calls on two cores): fewer keep the test within meson's timeout. */
#if defined(__SANITIZE_THREAD__)
# define STRESS_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define STRESS_TSAN 1
# endif
#endif

#define N_THREADS 8
#ifdef STRESS_TSAN
# define N_CALLS  2500
#else
# define N_CALLS  10000
#endif
#define BATCH     100

/* What a caller does with each future it gets. */
enum
{
  KEEP,
  CANCEL_AT_ONCE,      /* usually before the task has started */
  CANCEL_AFTER_BATCH,  /* sometimes after the task has finished */
};

typedef struct
{
  gint index;
  gint notified;  /* atomic: how many times its GDestroyNotify ran */
} Item;

typedef struct
{
  GMainContext *context;
  Item         *items;  /* N_CALLS */
  guint8       *plan;   /* N_CALLS */
  guint         n_cancelled;
} Caller;

static gboolean
index_body (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  coasync_task_return_int (task, ((Item *) user_data)->index);
  return TRUE;
}

static void
item_notify (gpointer data)
{
  g_atomic_int_inc (&((Item *) data)->notified);
}

/* Starts the calls a batch at a time, cancels those the plan says, and
 * checks that every future ends done: cancelled if its cancel was accepted,
 * with its item's index otherwise. */
static gpointer
caller_run (gpointer data)
{
  Caller *c = data;

  for (guint start = 0; start < N_CALLS; start += BATCH)
    {
      CoasyncFuture *futures[BATCH];
      gboolean cancelled[BATCH];

      for (guint i = 0; i < BATCH; i++)
        {
          futures[i] = coasync_run_coroutine_threadsafe (index_body, &c->items[start + i], item_notify,
                                                         c->context);
          cancelled[i] = c->plan[start + i] == CANCEL_AT_ONCE && coasync_future_cancel (futures[i], NULL);
        }
      for (guint i = 0; i < BATCH; i++)
        if (c->plan[start + i] == CANCEL_AFTER_BATCH)
          cancelled[i] = coasync_future_cancel (futures[i], NULL);

      for (guint i = 0; i < BATCH; i++)
        {
          g_auto(GValue) value = G_VALUE_INIT;
          g_autoptr(GError) err = NULL;

          if (coasync_future_wait_sync (futures[i], INFINITY, &value, &err))
            {
              g_assert_false (cancelled[i]);
              g_assert_cmpint (g_value_get_int (&value), ==, c->items[start + i].index);
            }
          else
            {
              g_assert_true (cancelled[i]);
              g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
              g_assert_true (coasync_future_cancelled (futures[i]));
              c->n_cancelled++;
            }
          g_assert_true (coasync_future_done (futures[i]));
          g_object_unref (futures[i]);
        }
    }
  return NULL;
}

static void
test_stress (void)
{
  LoopThread lt;
  Caller callers[N_THREADS];
  GThread *threads[N_THREADS];
  guint n_cancelled = 0;
  gint64 start;

  loop_thread_start (&lt);
  for (guint t = 0; t < N_THREADS; t++)
    {
      callers[t].context = lt.context;
      callers[t].items = g_new0 (Item, N_CALLS);
      callers[t].plan = g_new0 (guint8, N_CALLS);
      callers[t].n_cancelled = 0;
      for (guint i = 0; i < N_CALLS; i++)
        {
          gint32 r = g_test_rand_int_range (0, 8);

          callers[t].items[i].index = (gint) (t * N_CALLS + i);
          callers[t].plan[i] = r == 0 ? CANCEL_AT_ONCE : r == 1 ? CANCEL_AFTER_BATCH : KEEP;
        }
    }

  start = g_get_monotonic_time ();
  for (guint t = 0; t < N_THREADS; t++)
    threads[t] = g_thread_new ("caller", caller_run, &callers[t]);
  for (guint t = 0; t < N_THREADS; t++)
    g_thread_join (threads[t]);
  loop_thread_stop (&lt);
  g_test_message ("%u calls from %u threads in %.2f s", N_THREADS * N_CALLS, N_THREADS,
                  (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC);

  /* The loop is gone: every task is over and its data was freed once. */
  for (guint t = 0; t < N_THREADS; t++)
    {
      for (guint i = 0; i < N_CALLS; i++)
        g_assert_cmpint (g_atomic_int_get (&callers[t].items[i].notified), ==, 1);
      n_cancelled += callers[t].n_cancelled;
      g_free (callers[t].items);
      g_free (callers[t].plan);
    }
  g_test_message ("%u cancelled", n_cancelled);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/threadsafe/RCT-01", test_rct01);
  g_test_add_func ("/threadsafe/RCT-02", test_rct02);
  g_test_add_func ("/threadsafe/stress", test_stress);

  return g_test_run ();
}
