/* test-scheduler.c: the ready queue, ticks, timers and the thread inbox
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-scheduler-private.h"

typedef struct
{
  CoasyncCall  call;
  GString     *log;
  char         name;
  CoasyncCall *then;     /* queued when this call runs */
  CoasyncScheduler *scheduler;
} LogCall;

static void
log_call_run (CoasyncCall *call)
{
  LogCall *lc = (LogCall *) call;

  g_string_append_c (lc->log, lc->name);
  if (lc->then != NULL)
    coasync_scheduler_call_soon (lc->scheduler, lc->then);
}

static void
log_call_init (LogCall          *lc,
               CoasyncScheduler *scheduler,
               GString          *log,
               char              name)
{
  lc->call.func = log_call_run;
  lc->log = log;
  lc->name = name;
  lc->then = NULL;
  lc->scheduler = scheduler;
}

/* Marks the end of a tick: everything queued before it ran in its tick. */
typedef struct
{
  CoasyncCall call;
  GString    *log;
  guint       remaining;
  CoasyncScheduler *scheduler;
} TickMarker;

static void
tick_marker_run (CoasyncCall *call)
{
  TickMarker *tm = (TickMarker *) call;

  g_string_append_c (tm->log, '|');
  if (--tm->remaining > 0)
    coasync_scheduler_call_soon (tm->scheduler, call);
}

static GMainContext *
push_context (void)
{
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  return context;
}

static void
pop_context (GMainContext *context)
{
  coasync_scheduler_shutdown (coasync_scheduler_get (context));
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

/* Calls run FIFO; calls queued by a call run in the next tick. */
static void
test_ticks (void)
{
  GMainContext *context = push_context ();
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);
  g_autoptr(GString) log = g_string_new (NULL);
  LogCall a, b, c, a2, b2;
  TickMarker marker = { { NULL, tick_marker_run }, log, 3, scheduler };

  log_call_init (&a, scheduler, log, 'a');
  log_call_init (&b, scheduler, log, 'b');
  log_call_init (&c, scheduler, log, 'c');
  log_call_init (&a2, scheduler, log, 'A');
  log_call_init (&b2, scheduler, log, 'B');
  a.then = &a2.call;
  b.then = &b2.call;

  coasync_scheduler_call_soon (scheduler, &a.call);
  coasync_scheduler_call_soon (scheduler, &b.call);
  coasync_scheduler_call_soon (scheduler, &marker.call);
  coasync_scheduler_call_soon (scheduler, &c.call);

  /* One dispatch runs every tick back to back. */
  g_assert_true (g_main_context_iteration (context, FALSE));
  g_assert_cmpstr (log->str, ==, "ab|cAB||");
  g_assert_true (coasync_scheduler_is_idle (scheduler));
  pop_context (context);
}

typedef struct
{
  CoasyncTimer timer;
  GString     *log;
  char         name;
  gint64       fired_at;
} LogTimer;

static void
log_timer_run (CoasyncCall *call)
{
  LogTimer *lt = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (LogTimer, timer.call));

  g_string_append_c (lt->log, lt->name);
  lt->fired_at = g_get_monotonic_time ();
}

/* Timers fire in deadline order, equal deadlines in the order added, a
 * removed timer never fires, and nothing fires early. */
static void
test_timers (void)
{
  GMainContext *context = push_context ();
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);
  g_autoptr(GString) log = g_string_new (NULL);
  LogTimer timers[6];
  const char names[] = "cadbex";
  const gint offsets[] = { 30000, 10000, 20000, 20000, 40000, 15000 };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (timers); i++)
    {
      timers[i].timer.call.func = log_timer_run;
      timers[i].timer.node.index = 0;
      timers[i].log = log;
      timers[i].name = names[i];
      timers[i].fired_at = 0;
      coasync_scheduler_add_timer (scheduler, &timers[i].timer, start + offsets[i]);
    }
  coasync_scheduler_remove_timer (scheduler, &timers[5].timer);

  while (log->len < 5)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpstr (log->str, ==, "adbce");
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (timers[i].fired_at, >=, start + offsets[i]);
  g_assert_cmpint (timers[5].fired_at, ==, 0);
  pop_context (context);
}

/* Many timers: a heap property check with random deadlines and removals. */
static void
test_timer_heap_random (void)
{
  CoasyncTimerHeap heap;
  CoasyncTimerNode nodes[2000];
  gint64 last = G_MININT64;
  guint popped = 0;

  coasync_timer_heap_init (&heap);
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    {
      nodes[i].index = 0;
      coasync_timer_heap_push (&heap, &nodes[i], g_test_rand_int_range (0, 500));
    }
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i += 3)
    coasync_timer_heap_remove (&heap, &nodes[i]);
  while (heap.len > 0)
    {
      CoasyncTimerNode *node = coasync_timer_heap_pop (&heap);

      g_assert_cmpint (node->deadline, >=, last);
      last = node->deadline;
      popped++;
    }
  g_assert_cmpuint (popped, ==, G_N_ELEMENTS (nodes) - (G_N_ELEMENTS (nodes) + 2) / 3);
  coasync_timer_heap_clear (&heap);
}

/* A busy queue returns to the GMainContext after about a millisecond, so
 * other sources get their turn; the queue keeps its place. */
typedef struct
{
  CoasyncCall       call;
  CoasyncScheduler *scheduler;
  guint64           runs;
  gboolean          stop;
} Spinner;

static void
spinner_run (CoasyncCall *call)
{
  Spinner *spinner = (Spinner *) call;

  spinner->runs++;
  if (!spinner->stop)
    coasync_scheduler_call_soon (spinner->scheduler, call);
}

static gboolean
count_idle (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_budget (void)
{
  GMainContext *context = push_context ();
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);
  Spinner spinner = { { NULL, spinner_run }, scheduler, 0, FALSE };
  guint idles = 0;
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, count_idle, &idles, NULL);
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_attach (idle, context);

  coasync_scheduler_call_soon (scheduler, &spinner.call);
  while (idles < 5)
    g_main_context_iteration (context, TRUE);
  g_assert_cmpuint (spinner.runs, >, 5);

  g_source_destroy (idle);
  g_source_unref (idle);
  spinner.stop = TRUE;
  pop_context (context);
}

/* Other threads post calls; the loop wakes up from poll() and runs them in
 * the order each thread posted them. */
typedef struct
{
  CoasyncCall       call;
  guint             thread;
  guint             seq;
  guint            *last_seen;   /* per thread */
  guint            *total;
} Posted;

static void
posted_run (CoasyncCall *call)
{
  Posted *p = (Posted *) call;

  g_assert_cmpuint (p->seq, ==, p->last_seen[p->thread]);
  p->last_seen[p->thread]++;
  (*p->total)++;
  g_free (p);
}

#define POSTERS 4
#define POSTS 2000

typedef struct
{
  CoasyncScheduler *scheduler;
  guint             thread;
  guint            *last_seen;
  guint            *total;
} Poster;

static gpointer
poster_main (gpointer data)
{
  Poster *poster = data;

  for (guint i = 0; i < POSTS; i++)
    {
      Posted *p = g_new (Posted, 1);

      p->call.func = posted_run;
      p->thread = poster->thread;
      p->seq = i;
      p->last_seen = poster->last_seen;
      p->total = poster->total;
      coasync_scheduler_post (poster->scheduler, &p->call);
      if (i % 500 == 0)
        g_usleep (1000);
    }
  return NULL;
}

static void
test_inbox (void)
{
  GMainContext *context = push_context ();
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);
  guint last_seen[POSTERS] = { 0 };
  guint total = 0;
  Poster posters[POSTERS];
  GThread *threads[POSTERS];

  for (guint i = 0; i < POSTERS; i++)
    {
      posters[i] = (Poster) { scheduler, i, last_seen, &total };
      threads[i] = g_thread_new ("poster", poster_main, &posters[i]);
    }
  /* Blocking iterations: only the posts' wake-ups end each poll(). */
  while (total < POSTERS * POSTS)
    g_main_context_iteration (context, TRUE);
  for (guint i = 0; i < POSTERS; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (total, ==, POSTERS * POSTS);
  pop_context (context);
}

/* A scheduler is made once per context and found again. */
static void
test_per_context (void)
{
  GMainContext *a = g_main_context_new ();
  GMainContext *b = g_main_context_new ();
  CoasyncScheduler *sa = coasync_scheduler_get (a);
  CoasyncScheduler *sb = coasync_scheduler_get (b);

  g_assert_true (sa != sb);
  g_assert_true (coasync_scheduler_get (a) == sa);
  g_assert_true (coasync_scheduler_get (b) == sb);
  g_assert_true (coasync_scheduler_get_context (sa) == a);
  g_assert_true (coasync_scheduler_is_owner (sa));
  coasync_scheduler_shutdown (sa);
  coasync_scheduler_shutdown (sb);
  g_main_context_unref (a);
  g_main_context_unref (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scheduler/ticks", test_ticks);
  g_test_add_func ("/scheduler/timers", test_timers);
  g_test_add_func ("/scheduler/timer-heap-random", test_timer_heap_random);
  g_test_add_func ("/scheduler/budget", test_budget);
  g_test_add_func ("/scheduler/inbox", test_inbox);
  g_test_add_func ("/scheduler/per-context", test_per_context);

  return g_test_run ();
}
