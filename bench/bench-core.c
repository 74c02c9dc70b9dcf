/* bench-core.c: the core workloads of coasync, timed the way
 * bench_asyncio.py times the same workloads in CPython asyncio.
 *
 * Usage: bench-core [--reps N] [workload...]   (default: all workloads)
 *
 * Each workload mirrors its Python counterpart (same task counts, same
 * awaits, same order) and prints one line per figure, "name value", for
 * bench/run to read. Timings are the best of a few runs, each run in a fresh
 * coasync_run(); the number of runs is printed as "<workload>_reps".
 *
 * Each workload runs in a child process of its own: the stack pool and the
 * malloc arenas an earlier workload leaves behind would otherwise hide the
 * memory a later one uses, and a crash or hang in one workload (a watchdog
 * kills it) does not hide the others.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <coasync/coasync.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SPAWN_TASKS      100000
#define SLEEP0_AWAITS    1000000
#define PINGPONG_ROUNDS  100000
#define SLEEPERS         100000
#define PARKED_FIBER     100000
#define PARKED_STEPPED   1000000
#define TASKGROUP_TASKS  100000
#define TIMEOUT_BLOCKS   100000
#define GATHER_TASKS     100000
#define TO_THREAD_CALLS  10000
#define THREADSAFE_CALLS 10000

/* A workload that takes longer than this is hung: its child is killed. */
#define WATCHDOG_S 90

/* Ticks without progress after which wait_for_count() gives up. */
#define MAX_STALLED_TICKS 1000

static guint reps_override;

static guint
reps (guint default_reps)
{
  return reps_override > 0 ? reps_override : default_reps;
}

static gint64
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gint64
wall_ns (void)
{
  return clock_ns (CLOCK_MONOTONIC);
}

/* CPU time of the whole process, user and system, as Python's
 * time.process_time(). */
static gint64
cpu_ns (void)
{
  return clock_ns (CLOCK_PROCESS_CPUTIME_ID);
}

static void emit (const char *name,
                  const char *format,
                  ...) G_GNUC_PRINTF (2, 3);

static void
emit (const char *name,
      const char *format,
      ...)
{
  va_list args;

  printf ("%s ", name);
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

/* Runs @func as the main fiber task of a fresh loop. */
static gboolean
run_main (CoasyncTaskFunc func,
          gpointer        user_data)
{
  g_autoptr(GError) error = NULL;

  if (!coasync_run (func, user_data, NULL, NULL, &error))
    {
      g_printerr ("bench-core: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* VmRSS of this process in KiB, or -1. */
static gint64
vm_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10);
}

/* The 64-bit LCG of bench_asyncio.py, so that both languages sleep the very
 * same delays: a uniform double in [0, 1). */
static gdouble
lcg_uniform (guint64 *state)
{
  *state = *state * G_GUINT64_CONSTANT (6364136223846793005)
           + G_GUINT64_CONSTANT (1442695040888963407);
  return (gdouble) (*state >> 11) * (1.0 / (gdouble) (G_GUINT64_CONSTANT (1) << 53));
}

/* Yields one tick at a time until *@counter reaches @target, or until it
 * stops moving for MAX_STALLED_TICKS ticks (some task failed). */
static gboolean
wait_for_count (const guint  *counter,
                guint         target,
                GError      **error)
{
  guint stalled = 0;
  guint last = *counter;

  while (*counter < target && stalled < MAX_STALLED_TICKS)
    {
      if (!coasync_await (coasync_sleep (0), error))
        return FALSE;
      stalled = *counter == last ? stalled + 1 : 0;
      last = *counter;
    }
  return TRUE;
}

/* spawn: create 100k trivial tasks, then await each one in order. The
 * release of the tasks is timed too (Python drops its list of tasks), so a
 * task's whole life is measured. The stepped variant has no Python
 * counterpart (every Python task is stackless); it shows what the fiber
 * costs on top of the scheduler. */

typedef struct
{
  gboolean stepped;
  gint64   ns;
} Spawn;

static gboolean
trivial_body (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  return TRUE;
}

static CoasyncFuture *
trivial_step (CoasyncTask   *task,
              CoasyncFuture *awaited,
              gpointer       user_data)
{
  return NULL;
}

static gboolean
spawn_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  Spawn *spawn = user_data;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_full (SPAWN_TASKS, g_object_unref);
  gint64 start = wall_ns ();

  for (guint i = 0; i < SPAWN_TASKS; i++)
    g_ptr_array_add (tasks, spawn->stepped
                            ? coasync_create_stepped_task (trivial_step, NULL, NULL)
                            : coasync_create_task (trivial_body, NULL, NULL));
  for (guint i = 0; i < tasks->len; i++)
    {
      if (!coasync_await (COASYNC_FUTURE (g_object_ref (tasks->pdata[i])), error))
        return FALSE;
    }
  g_clear_pointer (&tasks, g_ptr_array_unref);
  spawn->ns = wall_ns () - start;
  return TRUE;
}

static gboolean
bench_spawn_kind (const char *figure,
                  gboolean    stepped)
{
  guint n = reps (5);
  gint64 best = G_MAXINT64;

  for (guint r = 0; r < n; r++)
    {
      Spawn spawn = { stepped, 0 };

      if (!run_main (spawn_main, &spawn))
        return FALSE;
      best = MIN (best, spawn.ns);
    }
  emit (figure, "%.1f", (gdouble) best / SPAWN_TASKS);
  return TRUE;
}

static gboolean
bench_spawn (void)
{
  if (!bench_spawn_kind ("spawn_100k_ns_per_task", FALSE))
    return FALSE;
  emit ("spawn_100k_reps", "%u", reps (5));
  return TRUE;
}

static gboolean
bench_spawn_stepped (void)
{
  if (!bench_spawn_kind ("spawn_stepped_100k_ns_per_task", TRUE))
    return FALSE;
  emit ("spawn_stepped_100k_reps", "%u", reps (5));
  return TRUE;
}

/* sleep0: one task awaits sleep(0) a million times; each is one loop tick. */

static gboolean
sleep0_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  gint64 *ns = user_data;
  gint64 start = wall_ns ();

  for (guint i = 0; i < SLEEP0_AWAITS; i++)
    {
      if (!coasync_await (coasync_sleep (0), error))
        return FALSE;
    }
  *ns = wall_ns () - start;
  return TRUE;
}

/* Runs @func as a main task @n times; each run stores its time in the
 * gint64 it is given.  Keeps the best. */
static gboolean
best_of (CoasyncTaskFunc  func,
         guint            n,
         gint64          *best)
{
  *best = G_MAXINT64;
  for (guint r = 0; r < n; r++)
    {
      gint64 ns = 0;

      if (!run_main (func, &ns))
        return FALSE;
      *best = MIN (*best, ns);
    }
  return TRUE;
}

static gboolean
bench_sleep0 (void)
{
  guint n = reps (5);
  gint64 best;

  if (!best_of (sleep0_main, n, &best))
    return FALSE;
  emit ("sleep0_1m_ns_per_await", "%.1f", (gdouble) best / SLEEP0_AWAITS);
  emit ("sleep0_1m_reps", "%u", n);
  return TRUE;
}

/* pingpong: two tasks hand control to each other through futures. Each one,
 * in turn, creates a fresh future for itself, completes the other's and
 * awaits its own; a round trip is two future completions and two task
 * switches. pong is created first so that its future exists when ping first
 * runs. The struct owns the current futures; awaiting takes its own ref. */

typedef struct
{
  CoasyncFuture *a;  /* ping waits on it, pong completes it */
  CoasyncFuture *b;  /* pong waits on it, ping completes it */
} PingPong;

static gboolean
ping_body (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  PingPong *s = user_data;

  for (guint i = 0; i < PINGPONG_ROUNDS; i++)
    {
      g_clear_object (&s->a);
      s->a = coasync_future_new ();
      if (!coasync_future_set_result (s->b, NULL, error) ||
          !coasync_await (g_object_ref (s->a), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pong_body (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  PingPong *s = user_data;

  for (guint i = 0; i < PINGPONG_ROUNDS; i++)
    {
      g_clear_object (&s->b);
      s->b = coasync_future_new ();
      if (!coasync_await (g_object_ref (s->b), error) ||
          !coasync_future_set_result (s->a, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pingpong_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  gint64 *ns = user_data;
  PingPong s = { NULL, NULL };
  gint64 start = wall_ns ();
  g_autoptr(CoasyncTask) pong = coasync_create_task (pong_body, &s, NULL);
  g_autoptr(CoasyncTask) ping = coasync_create_task (ping_body, &s, NULL);
  gboolean ok;

  ok = coasync_await (COASYNC_FUTURE (g_object_ref (ping)), error) &&
       coasync_await (COASYNC_FUTURE (g_object_ref (pong)), error);
  *ns = wall_ns () - start;
  g_clear_object (&s.a);
  g_clear_object (&s.b);
  return ok;
}

static gboolean
bench_pingpong (void)
{
  guint n = reps (5);
  gint64 best;

  if (!best_of (pingpong_main, n, &best))
    return FALSE;
  emit ("pingpong_ns_per_round_trip", "%.1f", (gdouble) best / PINGPONG_ROUNDS);
  emit ("pingpong_rounds", "%u", PINGPONG_ROUNDS);
  emit ("pingpong_reps", "%u", n);
  return TRUE;
}

/* sleepers: 100k fiber tasks sleep a random delay in [0, 1) s; each one
 * notes how late it woke: its wake time minus the deadline it computed from
 * coasync_time() just before sleeping. The CPU time of the whole process is
 * measured from the first task created to the last task awaited. The
 * stepped variant (no Python counterpart) shows what the fibers' stacks cost
 * in this workload. */

typedef struct
{
  gdouble delay;
  gdouble deadline;
  gdouble lateness;
} Sleeper;

typedef struct
{
  Sleeper  *sleepers;
  gboolean  stepped;
  gint64    cpu_ns;
  gint64    wall_ns;
} Sleepers;

static gboolean
sleeper_body (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  Sleeper *sleeper = user_data;

  sleeper->deadline = coasync_time () + sleeper->delay;
  if (!coasync_await (coasync_sleep (sleeper->delay), error))
    return FALSE;
  sleeper->lateness = coasync_time () - sleeper->deadline;
  return TRUE;
}

/* The stepped form of sleeper_body(). */
static CoasyncFuture *
sleeper_step (CoasyncTask   *task,
              CoasyncFuture *awaited,
              gpointer       user_data)
{
  Sleeper *sleeper = user_data;

  if (awaited == NULL)
    {
      sleeper->deadline = coasync_time () + sleeper->delay;
      return coasync_sleep (sleeper->delay);
    }
  sleeper->lateness = coasync_time () - sleeper->deadline;
  return NULL;
}

static gboolean
sleepers_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  Sleepers *run = user_data;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_full (SLEEPERS, g_object_unref);
  gint64 cpu0 = cpu_ns ();
  gint64 wall0 = wall_ns ();

  for (guint i = 0; i < SLEEPERS; i++)
    g_ptr_array_add (tasks, run->stepped
                            ? coasync_create_stepped_task (sleeper_step, &run->sleepers[i], NULL)
                            : coasync_create_task (sleeper_body, &run->sleepers[i], NULL));
  for (guint i = 0; i < tasks->len; i++)
    {
      if (!coasync_await (COASYNC_FUTURE (g_object_ref (tasks->pdata[i])), error))
        return FALSE;
    }
  g_clear_pointer (&tasks, g_ptr_array_unref);
  run->cpu_ns = cpu_ns () - cpu0;
  run->wall_ns = wall_ns () - wall0;
  return TRUE;
}

static gboolean
bench_sleepers_kind (const char *name,
                     gboolean    stepped)
{
  g_autofree Sleeper *sleepers = g_new0 (Sleeper, SLEEPERS);
  g_autofree char *cpu_figure = g_strconcat (name, "_cpu_s", NULL);
  g_autofree char *wall_figure = g_strconcat (name, "_wall_s", NULL);
  g_autofree char *mean_figure = g_strconcat (name, "_mean_lateness_ms", NULL);
  g_autofree char *max_figure = g_strconcat (name, "_max_lateness_ms", NULL);
  g_autofree char *reps_figure = g_strconcat (name, "_reps", NULL);
  guint n = reps (3);
  Sleepers best = { NULL, stepped, G_MAXINT64, 0 };
  gdouble best_mean = 0, best_max = 0;

  for (guint r = 0; r < n; r++)
    {
      Sleepers run = { sleepers, stepped, 0, 0 };
      guint64 seed = 42;
      gdouble sum = 0, max = 0;

      for (guint i = 0; i < SLEEPERS; i++)
        sleepers[i] = (Sleeper) { lcg_uniform (&seed), 0, 0 };
      if (!run_main (sleepers_main, &run))
        return FALSE;
      for (guint i = 0; i < SLEEPERS; i++)
        {
          sum += sleepers[i].lateness;
          max = MAX (max, sleepers[i].lateness);
        }
      /* Keep the run with the least CPU, and its lateness. */
      if (run.cpu_ns < best.cpu_ns)
        {
          best = run;
          best_mean = sum / SLEEPERS;
          best_max = max;
        }
    }
  emit (cpu_figure, "%.4f", best.cpu_ns / 1e9);
  emit (wall_figure, "%.4f", best.wall_ns / 1e9);
  emit (mean_figure, "%.3f", best_mean * 1e3);
  emit (max_figure, "%.3f", best_max * 1e3);
  emit (reps_figure, "%u", n);
  return TRUE;
}

static gboolean
bench_sleepers (void)
{
  return bench_sleepers_kind ("sleepers_100k", FALSE);
}

static gboolean
bench_sleepers_stepped (void)
{
  return bench_sleepers_kind ("sleepers_stepped_100k", TRUE);
}

/* taskgroup: one task group gets 100k trivial members, all created in its
 * body, then the body ends and the exit waits for them. The members' refs
 * are dropped at once (Python drops the tasks create_task() returns); the
 * group's release is not timed (Python's tg outlives the timing too). */

static gboolean
taskgroup_main (CoasyncTask  *task,
                gpointer      user_data,
                GError      **error)
{
  gint64 *ns = user_data;
  gint64 start = wall_ns ();
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  GError *body_error = NULL;

  for (guint i = 0; i < TASKGROUP_TASKS && body_error == NULL; i++)
    {
      CoasyncTask *member = coasync_task_group_create_task (tg, trivial_body, NULL, NULL,
                                                            &body_error);

      if (member != NULL)
        g_object_unref (member);
    }
  if (!coasync_task_group_exit (tg, body_error, error))
    return FALSE;
  *ns = wall_ns () - start;
  return TRUE;
}

static gboolean
bench_taskgroup (void)
{
  guint n = reps (5);
  gint64 best;

  if (!best_of (taskgroup_main, n, &best))
    return FALSE;
  emit ("taskgroup_100k_ns_per_member", "%.1f", (gdouble) best / TASKGROUP_TASKS);
  emit ("taskgroup_100k_reps", "%u", n);
  return TRUE;
}

/* timeouts: one task runs 100k blocks one after the other, each a 10 s
 * timeout around one sleep(0): entering, one tick, leaving, and never
 * firing. */

static gboolean
timeouts_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  gint64 *ns = user_data;
  gint64 start = wall_ns ();

  for (guint i = 0; i < TIMEOUT_BLOCKS; i++)
    {
      g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (10);
      GError *local_error = NULL;

      /* The exit takes the block's error, if any, as __aexit__ does. */
      coasync_await (coasync_sleep (0), &local_error);
      if (!coasync_timeout_exit (timeout, &local_error))
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  *ns = wall_ns () - start;
  return TRUE;
}

/* The same blocks written with the scoped form C code uses,
 * coasync_timeout_run(): the timeout object never leaves the runtime. */
static gboolean
sleep0_body (gpointer   user_data,
             GError   **error)
{
  return coasync_await (coasync_sleep (0), error);
}

static gboolean
timeouts_scoped_main (CoasyncTask  *task,
                      gpointer      user_data,
                      GError      **error)
{
  gint64 *ns = user_data;
  gint64 start = wall_ns ();

  for (guint i = 0; i < TIMEOUT_BLOCKS; i++)
    if (!coasync_timeout_run (10, sleep0_body, NULL, error))
      return FALSE;
  *ns = wall_ns () - start;
  return TRUE;
}

static gboolean
bench_timeouts (void)
{
  guint n = reps (5);
  gint64 best;

  if (!best_of (timeouts_main, n, &best))
    return FALSE;
  emit ("timeouts_100k_ns_per_block", "%.1f", (gdouble) best / TIMEOUT_BLOCKS);
  if (!best_of (timeouts_scoped_main, n, &best))
    return FALSE;
  emit ("timeouts_scoped_100k_ns_per_block", "%.1f", (gdouble) best / TIMEOUT_BLOCKS);
  emit ("timeouts_100k_reps", "%u", n);
  return TRUE;
}

/* gather100k: 100k trivial tasks are created, then gathered by one
 * gather() which the main task awaits. The release of the tasks and of the
 * result list is timed too (Python drops its list of tasks and the list of
 * results). */

static gboolean
gather_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  gint64 *ns = user_data;
  g_autofree CoasyncFuture **tasks = g_new (CoasyncFuture *, GATHER_TASKS);
  gint64 start = wall_ns ();
  CoasyncFuture *gather;
  GPtrArray *results;

  for (guint i = 0; i < GATHER_TASKS; i++)
    tasks[i] = COASYNC_FUTURE (coasync_create_task (trivial_body, NULL, NULL));
  /* The gather holds the tasks from now on. */
  gather = coasync_gather (tasks, GATHER_TASKS, FALSE);
  for (guint i = 0; i < GATHER_TASKS; i++)
    g_object_unref (tasks[i]);
  results = coasync_await_gather (gather, error);
  if (results == NULL)
    return FALSE;
  g_ptr_array_unref (results);
  *ns = wall_ns () - start;
  return TRUE;
}

static gboolean
bench_gather (void)
{
  guint n = reps (5);
  gint64 best;

  if (!best_of (gather_main, n, &best))
    return FALSE;
  emit ("gather_100k_ns_per_task", "%.1f", (gdouble) best / GATHER_TASKS);
  emit ("gather_100k_reps", "%u", n);
  return TRUE;
}

/* to_thread: one task awaits 10k calls of a trivial function through
 * to_thread(), one after the other: each is a round trip from the loop to
 * a worker of the pool and back. */

static gboolean
trivial_in_thread (GCancellable  *cancellable,
                   GValue        *result,
                   gpointer       user_data,
                   GError       **error)
{
  return TRUE;
}

static gboolean
to_thread_main (CoasyncTask  *task,
                gpointer      user_data,
                GError      **error)
{
  gint64 *ns = user_data;
  gint64 start = wall_ns ();

  for (guint i = 0; i < TO_THREAD_CALLS; i++)
    {
      if (!coasync_await (coasync_to_thread (trivial_in_thread, NULL, NULL), error))
        return FALSE;
    }
  *ns = wall_ns () - start;
  return TRUE;
}

static gboolean
bench_to_thread (void)
{
  guint n = reps (5);
  gint64 best;

  if (!best_of (to_thread_main, n, &best))
    return FALSE;
  emit ("to_thread_10k_us_per_call", "%.2f", (gdouble) best / TO_THREAD_CALLS / 1e3);
  emit ("to_thread_10k_reps", "%u", n);
  return TRUE;
}

/* threadsafe: a second thread runs a loop (coasync_run() of a main task
 * that waits for a "stop" future); this thread submits 10k trivial tasks to
 * it with run_coroutine_threadsafe(), one after the other, blocking on each
 * result. The loop's start and stop are not timed. */

typedef struct
{
  GMutex         lock;
  GCond          cond;
  CoasyncFuture *stop;  /* published by the loop's thread once it runs */
} LoopThread;

static gboolean
loop_thread_main (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  LoopThread *lt = user_data;
  CoasyncFuture *stop = coasync_future_new ();

  g_mutex_lock (&lt->lock);
  lt->stop = g_object_ref (stop);
  g_cond_signal (&lt->cond);
  g_mutex_unlock (&lt->lock);
  return coasync_await (stop, error);
}

static gpointer
loop_thread_run (gpointer user_data)
{
  return GINT_TO_POINTER (run_main (loop_thread_main, user_data));
}

/* One timed run; FALSE if a call failed or the loop's thread did. */
static gboolean
threadsafe_run (gint64 *ns)
{
  LoopThread lt = { 0 };
  GThread *thread;
  GMainContext *context;
  gboolean ok = TRUE;
  gint64 start;

  g_mutex_init (&lt.lock);
  g_cond_init (&lt.cond);
  thread = g_thread_new ("bench-loop", loop_thread_run, &lt);
  g_mutex_lock (&lt.lock);
  while (lt.stop == NULL)
    g_cond_wait (&lt.cond, &lt.lock);
  g_mutex_unlock (&lt.lock);
  context = coasync_future_get_context (lt.stop);

  start = wall_ns ();
  for (guint i = 0; i < THREADSAFE_CALLS && ok; i++)
    {
      g_autoptr(CoasyncFuture) future = coasync_run_coroutine_threadsafe (trivial_body, NULL,
                                                                          NULL, context);
      g_autoptr(GError) error = NULL;

      if (!coasync_future_wait_sync (future, INFINITY, NULL, &error))
        {
          g_printerr ("bench-core: threadsafe: %s\n", error->message);
          ok = FALSE;
        }
    }
  *ns = wall_ns () - start;

  /* A future may be completed from any thread. */
  coasync_future_set_result (lt.stop, NULL, NULL);
  ok = GPOINTER_TO_INT (g_thread_join (thread)) && ok;
  g_object_unref (lt.stop);
  g_cond_clear (&lt.cond);
  g_mutex_clear (&lt.lock);
  return ok;
}

static gboolean
bench_threadsafe (void)
{
  guint n = reps (5);
  gint64 best = G_MAXINT64;

  for (guint r = 0; r < n; r++)
    {
      gint64 ns = 0;

      if (!threadsafe_run (&ns))
        return FALSE;
      best = MIN (best, ns);
    }
  emit ("threadsafe_10k_us_per_call", "%.2f", (gdouble) best / THREADSAFE_CALLS / 1e3);
  emit ("threadsafe_10k_reps", "%u", n);
  return TRUE;
}

/* parked: N tasks await one shared pending future (each awaits its own
 * reference to it). RSS is read before they are created and once they have
 * all parked; then the future is completed and they are let finish, which is
 * not measured. The tasks are fire-and-forget: the scheduler keeps them
 * alive, and keeping references here would add to the figure. */

typedef struct
{
  CoasyncFuture *shared;
  guint          n;
  gboolean       stepped;
  guint          parked;  /* tasks that reached their await */
  guint          done;    /* tasks that resumed with the result */
  gint64         rss_before_kib;
  gint64         rss_after_kib;
} Parked;

static gboolean
parked_body (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  Parked *p = user_data;

  p->parked++;
  if (!coasync_await (g_object_ref (p->shared), error))
    return FALSE;
  p->done++;
  return TRUE;
}

/* The stepped form of parked_body(): first step parks on the shared
 * future, the second one finishes. */
static CoasyncFuture *
parked_step (CoasyncTask   *task,
             CoasyncFuture *awaited,
             gpointer       user_data)
{
  Parked *p = user_data;

  if (awaited == NULL)
    {
      p->parked++;
      return g_object_ref (p->shared);
    }
  if (!coasync_future_cancelled (awaited))
    p->done++;
  return NULL;
}

static gboolean
parked_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  Parked *p = user_data;

  p->shared = coasync_future_new ();
  p->rss_before_kib = vm_rss_kib ();
  for (guint i = 0; i < p->n; i++)
    g_object_unref (p->stepped
                    ? coasync_create_stepped_task (parked_step, p, NULL)
                    : coasync_create_task (parked_body, p, NULL));
  if (!wait_for_count (&p->parked, p->n, error))
    return FALSE;
  p->rss_after_kib = vm_rss_kib ();

  if (!coasync_future_set_result (p->shared, NULL, error) ||
      !wait_for_count (&p->done, p->parked, error))
    return FALSE;
  g_clear_object (&p->shared);
  return TRUE;
}

static gboolean
bench_parked (const char *name,
              guint       n,
              gboolean    stepped)
{
  Parked p = { NULL, n, stepped, 0, 0, 0, 0 };
  g_autofree char *ok = g_strconcat (name, "_ok", NULL);
  g_autofree char *parked = g_strconcat (name, "_parked", NULL);
  g_autofree char *bytes = g_strconcat (name, "_bytes_per_task", NULL);
  g_autofree char *kib = g_strconcat (name, "_kib_per_task", NULL);
  gdouble per_task;

  if (!run_main (parked_main, &p))
    {
      emit (ok, "0");
      return FALSE;
    }
  per_task = (gdouble) (p.rss_after_kib - p.rss_before_kib) * 1024 / n;
  emit (ok, "%d", p.parked == n && p.done == n);
  emit (parked, "%u", p.parked);
  emit (bytes, "%.0f", per_task);
  emit (kib, "%.2f", per_task / 1024);
  return p.parked == n && p.done == n;
}

static gboolean
bench_parked_fiber (void)
{
  return bench_parked ("parked_fiber_100k", PARKED_FIBER, FALSE);
}

static gboolean
bench_parked_stepped (void)
{
  return bench_parked ("parked_stepped_1m", PARKED_STEPPED, TRUE);
}

typedef struct
{
  const char *name;
  gboolean  (*run) (void);
} Workload;

static const Workload workloads[] = {
  { "spawn", bench_spawn },
  { "spawn_stepped", bench_spawn_stepped },
  { "sleep0", bench_sleep0 },
  { "pingpong", bench_pingpong },
  { "sleepers", bench_sleepers },
  { "sleepers_stepped", bench_sleepers_stepped },
  { "parked_fiber", bench_parked_fiber },
  { "parked_stepped", bench_parked_stepped },
  { "taskgroup", bench_taskgroup },
  { "timeouts", bench_timeouts },
  { "gather100k", bench_gather },
  { "to_thread", bench_to_thread },
  { "threadsafe", bench_threadsafe },
};

/* Runs @workload in a child process; returns whether it succeeded. */
static gboolean
run_isolated (const Workload *workload)
{
  pid_t pid;
  int status;

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    {
      g_printerr ("bench-core: fork: %s\n", g_strerror (errno));
      return FALSE;
    }
  if (pid == 0)
    {
      gboolean ok;

      alarm (WATCHDOG_S);
      ok = workload->run ();
      fflush (stdout);
      _exit (ok ? 0 : 1);
    }

  while (waitpid (pid, &status, 0) < 0)
    {
      if (errno != EINTR)
        return FALSE;
    }
  if (WIFSIGNALED (status))
    {
      g_printerr ("bench-core: %s: killed by signal %d (%s)\n", workload->name,
                  WTERMSIG (status), g_strsignal (WTERMSIG (status)));
      return FALSE;
    }
  if (WEXITSTATUS (status) != 0)
    {
      g_printerr ("bench-core: %s failed\n", workload->name);
      return FALSE;
    }
  return TRUE;
}

static const Workload *
find_workload (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
    {
      if (strcmp (workloads[i].name, name) == 0)
        return &workloads[i];
    }
  return NULL;
}

static void
usage (FILE *out)
{
  fprintf (out, "usage: bench-core [--reps N] [workload...]\nworkloads:");
  for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
    fprintf (out, " %s", workloads[i].name);
  fprintf (out, "\n");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  gboolean ok = TRUE;

  for (int i = 1; i < argc; i++)
    {
      const Workload *workload;

      if ((strcmp (argv[i], "-r") == 0 || strcmp (argv[i], "--reps") == 0) && i + 1 < argc)
        reps_override = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (strcmp (argv[i], "-h") == 0 || strcmp (argv[i], "--help") == 0)
        {
          usage (stdout);
          return EXIT_SUCCESS;
        }
      else if ((workload = find_workload (argv[i])) != NULL)
        g_ptr_array_add (selected, (gpointer) workload);
      else
        {
          g_printerr ("bench-core: unknown workload '%s'\n", argv[i]);
          usage (stderr);
          return 2;
        }
    }
  if (selected->len == 0)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
        g_ptr_array_add (selected, (gpointer) &workloads[i]);
    }

  emit ("coasync_version", "%s", COASYNC_VERSION_S);
  for (guint i = 0; i < selected->len; i++)
    ok = run_isolated (selected->pdata[i]) && ok;

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
