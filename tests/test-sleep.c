/* test-sleep.c: the sleep scenarios (SLP-*) of conformance.md, and how
 * sleeps use the loop's timers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

/* A task that records "<name><i>" and then sleeps 0, @iterations times. */
typedef struct
{
  const char *name;
  guint       iterations;
} Yielder;

static gboolean
yielder (CoasyncTask  *task,
         gpointer      user_data,
         GError      **error)
{
  const Yielder *self = user_data;
  guint i;

  for (i = 0; i < self->iterations; i++)
    {
      trace_add ("%s%u", self->name, i);
      if (!coasync_await (coasync_sleep (0), error))
        return FALSE;
    }
  return TRUE;
}

/* Main task: runs the two yielders of @user_data as tasks and awaits both
 * (asyncio's gather, which coasync does not have yet). */
static gboolean
two_yielders (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  Yielder *pair = user_data;
  g_autoptr(CoasyncTask) a = coasync_create_task (yielder, &pair[0], NULL);
  g_autoptr(CoasyncTask) b = coasync_create_task (yielder, &pair[1], NULL);

  return coasync_await (COASYNC_FUTURE (g_object_ref (a)), error)
         && coasync_await (COASYNC_FUTURE (g_object_ref (b)), error);
}

static void
test_slp01 (void)
{
  Yielder pair[] = { { "A", 3 }, { "B", 3 } };

  trace_begin ("SLP-01");
  run_main (two_yielders, pair);
  trace_assert ("SLP-01: A0 | B0 | A1 | B1 | A2 | B2");
}

/* SLP-01 over many ticks: a sleep(0) never takes more or less than one. */
static void
test_sleep0_alternation (void)
{
  const guint n = 200;
  Yielder pair[] = { { "A", n }, { "B", n } };
  g_autoptr(GString) expected = g_string_new ("sleep0: ");
  guint i;

  for (i = 0; i < n; i++)
    g_string_append_printf (expected, "%sA%u | B%u", i > 0 ? " | " : "", i, i);

  trace_begin ("sleep0");
  run_main (two_yielders, pair);
  trace_assert (expected->str);
}

static void
trace_callback (gpointer user_data)
{
  trace_add ("%s", (const char *) user_data);
}

/* asyncio's `await sleep (delay, result)`: coasync_sleep() has no result
 * argument, so the caller returns the value itself once the sleep is over.
 * Returns the Python repr of the result, or NULL with @error set. */
static const char *
sleep_then (gdouble      delay,
            const char  *result,
            GError     **error)
{
  return coasync_await (coasync_sleep (delay), error) ? result : NULL;
}

static gboolean
slp02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  const char *result;

  trace_add ("before-sleep0");
  coasync_call_soon (NULL, trace_callback, "call_soon-cb", NULL);
  if ((result = sleep_then (0, "10", error)) == NULL)
    return FALSE;
  trace_add ("after-sleep0 result=%s", result);

  if ((result = sleep_then (0.01, "'x'", error)) == NULL)
    return FALSE;
  trace_add ("sleep(0.01) result=%s", result);

  /* A negative delay is a sleep(0): the callback queued before it runs
   * first, and there is no error. */
  coasync_call_soon (NULL, trace_callback, "call_soon-cb2", NULL);
  if ((result = sleep_then (-5, "'neg'", error)) == NULL)
    return FALSE;
  trace_add ("sleep(-5) result=%s", result);
  return TRUE;
}

static void
test_slp02 (void)
{
  trace_begin ("SLP-02");
  run_main (slp02_main, NULL);
  trace_assert ("SLP-02: before-sleep0 | call_soon-cb | after-sleep0 result=10 | "
                "sleep(0.01) result='x' | call_soon-cb2 | sleep(-5) result='neg'");
}

/* Sleeps for @user_data seconds, recording a cancellation before passing it
 * on (asyncio's `except CancelledError: ...; raise`). */
static gboolean
sleeper (CoasyncTask  *task,
         gpointer      user_data,
         GError      **error)
{
  const gdouble *delay = user_data;

  if (!coasync_await (coasync_sleep (*delay), error))
    {
      g_autofree char *repr = error_repr (*error);

      trace_add ("sleep:%s", repr);
      return FALSE;
    }
  return TRUE;
}

/* Main task: starts a sleeper of @user_data seconds, cancels it with "stop"
 * once it sleeps, and waits for it to end. */
static gboolean
cancel_sleeper_main (CoasyncTask  *task,
                     gpointer      user_data,
                     GError      **error)
{
  g_autoptr(CoasyncTask) child = coasync_create_task (sleeper, user_data, NULL);
  g_autoptr(GError) local_error = NULL;

  /* One tick: the sleeper starts its sleep. */
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  g_assert_true (coasync_task_cancel (child, "stop"));

  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (child)), &local_error));
  g_assert_error (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  trace_add ("cancelled=%s",
             coasync_future_cancelled (COASYNC_FUTURE (child)) ? "True" : "False");
  return TRUE;
}

static void
test_slp04 (void)
{
  /* Cancelled long before it would end. */
  gdouble delay = 1;

  trace_begin ("SLP-04");
  run_main (cancel_sleeper_main, &delay);
  trace_assert ("SLP-04: sleep:CancelledError('stop') | cancelled=True");
}

/* A cancelled 10 s sleep does not hold the run up: coasync_run() returns
 * right after the main task. */
static void
test_cancelled_sleep_run (void)
{
  gdouble delay = 10;

  trace_begin ("cancel-10s");
  run_main (cancel_sleeper_main, &delay);
  trace_assert ("cancel-10s: sleep:CancelledError('stop') | cancelled=True");
}

/* The timeout, in ms, that the next iteration of @context would poll with;
 * -1 when nothing is scheduled.  This runs one non-blocking iteration. */
static gint
next_poll_timeout (GMainContext *context)
{
  GPollFD fds[32] = { { 0 } };
  gint max_priority;
  gint timeout;
  gint n_fds;

  g_assert_true (g_main_context_acquire (context));
  g_main_context_prepare (context, &max_priority);
  n_fds = g_main_context_query (context, max_priority, &timeout,
                                fds, G_N_ELEMENTS (fds));
  g_assert_cmpint (n_fds, <=, G_N_ELEMENTS (fds));
  g_main_context_check (context, max_priority, fds, n_fds);
  g_main_context_dispatch (context);
  g_main_context_release (context);
  return timeout;
}

/* Cancelling a sleep removes its timer, so the loop does not wake up (or
 * stay busy) for a sleep nobody waits for. */
static void
test_cancelled_sleep_removes_timer (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CoasyncFuture) future = NULL;

  g_main_context_push_thread_default (context);

  future = coasync_sleep (10);
  while (g_main_context_iteration (context, FALSE))
    ;
  /* The sleep's deadline is the context's next wake-up. */
  g_assert_cmpint (next_poll_timeout (context), >, 1000);

  g_assert_true (coasync_future_cancel (future, NULL));
  g_assert_true (coasync_future_cancelled (future));
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpint (next_poll_timeout (context), ==, -1);

  g_main_context_pop_thread_default (context);
}

/* Sleeps created in a shuffled order, with delays 2.5 ms apart, finish in
 * the order of their deadlines.  A deadline is the loop time when the sleep
 * was created plus its delay: the test brackets the creation time between
 * two clock reads, so that a slow machine (valgrind) creating the sleeps
 * over several milliseconds cannot make it fail.  The last two share a
 * delay: they finish in creation order. */
#define N_DISTINCT 20
#define N_SLEEPS   (N_DISTINCT + 2)

typedef struct
{
  guint          n_done;
  guint          order[N_SLEEPS];   /* sleep indexes, in completion order */
  CoasyncFuture *all_done;
} Countdown;

typedef struct
{
  Countdown *countdown;
  guint      index;
  gdouble    earliest;   /* bounds of the sleep's deadline */
  gdouble    latest;
} Sleep;

static void
record_done (CoasyncFuture *future,
             gpointer       user_data)
{
  Sleep *entry = user_data;
  Countdown *countdown = entry->countdown;

  g_assert_false (coasync_future_cancelled (future));
  countdown->order[countdown->n_done++] = entry->index;
  if (countdown->n_done == N_SLEEPS)
    g_assert_true (coasync_future_set_result (countdown->all_done, NULL, NULL));
}

static gboolean
deadline_order_main (CoasyncTask  *task,
                     gpointer      user_data,
                     GError      **error)
{
  Countdown countdown = { 0, { 0 }, coasync_future_new () };
  Sleep sleeps[N_SLEEPS];
  guint i;

  for (i = 0; i < N_SLEEPS; i++)
    {
      /* 7 is prime to 20: k runs over 1..20 out of order. */
      guint k = i < N_DISTINCT ? (i * 7) % N_DISTINCT + 1 : 9;
      gdouble before = coasync_time ();
      g_autoptr(CoasyncFuture) future = coasync_sleep (k * 0.0025);

      sleeps[i].countdown = &countdown;
      sleeps[i].index = i;
      sleeps[i].earliest = before + k * 0.0025;
      sleeps[i].latest = coasync_time () + k * 0.0025;
      coasync_future_add_done_callback (future, record_done, &sleeps[i], NULL);
    }

  /* The sleeps' callbacks use this frame: it must outlive them. */
  if (!coasync_await (countdown.all_done, error))
    return FALSE;

  for (i = 1; i < N_SLEEPS; i++)
    {
      Sleep *previous = &sleeps[countdown.order[i - 1]];
      Sleep *next = &sleeps[countdown.order[i]];

      /* No sleep finished before one whose deadline was surely earlier. */
      g_assert_cmpfloat (previous->earliest, <=, next->latest);
    }
  /* Equal delays: creation order. */
  for (i = 0; countdown.order[i] != N_DISTINCT; i++)
    g_assert_cmpuint (countdown.order[i], !=, N_DISTINCT + 1);
  return TRUE;
}

static void
test_deadline_order (void)
{
  run_main (deadline_order_main, NULL);
}

/* coasync_call_at(): at its time the callback runs in the tick the timer
 * expires in, before the task a sleep of the same time wakes (asyncio's
 * TimerHandle); a cancelled call never runs and frees its data once. */
static void
note_call (gpointer user_data)
{
  trace_add ("%s", (const char *) user_data);
}

static void
not_called (gpointer user_data)
{
  g_assert_not_reached ();
}

static void
count_free (gpointer user_data)
{
  (*(gint *) user_data)++;
}

static gboolean
sleeper_notes (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  if (!coasync_await (coasync_sleep (*(gdouble *) user_data - coasync_time ()), error))
    return FALSE;
  trace_add ("task");
  return TRUE;
}

static gboolean
call_at_main (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  gdouble when = coasync_time () + 0.02;
  g_autoptr(CoasyncTask) sleeper = coasync_create_task (sleeper_notes, &when, NULL);
  g_autoptr(CoasyncTimerHandle) handle = NULL;
  g_autoptr(CoasyncTimerHandle) cancelled = NULL;
  gint freed = 0;

  /* The sleep's timer is armed first, when the task starts. */
  tick ();
  handle = coasync_call_at (NULL, when, note_call, "call", NULL);
  g_assert_cmpfloat (coasync_timer_handle_when (handle), ==, when);
  cancelled = coasync_call_later (NULL, 0.01, not_called, &freed, count_free);
  coasync_timer_handle_cancel (cancelled);
  coasync_timer_handle_cancel (cancelled);
  g_assert_true (coasync_timer_handle_cancelled (cancelled));
  g_assert_cmpint (freed, ==, 1);

  if (!coasync_await (g_object_ref (COASYNC_FUTURE (sleeper)), error))
    return FALSE;
  g_assert_false (coasync_timer_handle_cancelled (handle));
  g_assert_cmpint (freed, ==, 1);
  return TRUE;
}

static void
test_call_at (void)
{
  trace_begin ("call_at");
  run_main (call_at_main, NULL);
  trace_assert ("call_at: call | task");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sleep/SLP-01", test_slp01);
  g_test_add_func ("/sleep/SLP-02", test_slp02);
  g_test_add_func ("/sleep/SLP-04", test_slp04);
  g_test_add_func ("/sleep/sleep0-alternation", test_sleep0_alternation);
  g_test_add_func ("/sleep/cancelled-sleep-run", test_cancelled_sleep_run);
  g_test_add_func ("/sleep/cancelled-sleep-removes-timer", test_cancelled_sleep_removes_timer);
  g_test_add_func ("/sleep/deadline-order", test_deadline_order);
  g_test_add_func ("/sleep/call-at", test_call_at);

  return g_test_run ();
}
