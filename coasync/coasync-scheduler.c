/* coasync-scheduler.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-macros-private.h"

#include "coasync-scheduler-private.h"

#include <time.h>

/* A dispatch runs ticks back to back and returns to the GMainContext when the
 * ready queue is empty or after this much time, so that GTK stays responsive
 * and file descriptors get polled. */
#define DISPATCH_BUDGET_USEC 1000
/* The clock is read only every this many calls when no timer is pending. */
#define CALLS_PER_CLOCK_CHECK 256

struct _CoasyncScheduler
{
  gint              ref_count;   /* atomic */
  GMainContext     *context;
  GSource          *source;
  gconstpointer     owner;      /* token of the thread that runs the context */

  CoasyncCall      *head;       /* the ready queue */
  CoasyncCall      *tail;
  CoasyncTimerHeap  timers;

  GMutex            inbox_lock;
  CoasyncCall      *inbox_head;
  CoasyncCall      *inbox_tail;
  gint              inbox_pending;  /* atomic: the inbox is not empty */

  GQueue            live;
  gint              outside;    /* atomic: work running off the loop */
  gboolean          closed;     /* under inbox_lock */
};

typedef struct
{
  GSource           source;
  CoasyncScheduler *scheduler;  /* owned by the scheduler, so a weak link */
} SchedulerSource;

typedef struct
{
  CoasyncCall      call;
  GSourceOnceFunc  func;
  gpointer         user_data;
  GDestroyNotify   notify;
} FuncCall;

/* The address of this variable tells threads apart without a lookup. */
static COASYNC_THREAD_LOCAL char thread_token;
static COASYNC_THREAD_LOCAL CoasyncScheduler *running_scheduler;
static COASYNC_THREAD_LOCAL GMainContext *cached_context;
static COASYNC_THREAD_LOCAL CoasyncScheduler *cached_scheduler;

static GMutex schedulers_lock;
static GHashTable *schedulers;  /* GMainContext* -> CoasyncScheduler* */

static inline void
queue_append (CoasyncCall **head,
              CoasyncCall **tail,
              CoasyncCall  *call)
{
  call->next = NULL;
  if (*tail != NULL)
    (*tail)->next = call;
  else
    *head = call;
  *tail = call;
}

static void
move_inbox (CoasyncScheduler *self)
{
  CoasyncCall *head, *tail;

  coasync_mutex_lock (&self->inbox_lock);
  head = self->inbox_head;
  tail = self->inbox_tail;
  self->inbox_head = self->inbox_tail = NULL;
  g_atomic_int_set (&self->inbox_pending, 0);
  coasync_mutex_unlock (&self->inbox_lock);

  if (head == NULL)
    return;
  if (self->tail != NULL)
    self->tail->next = head;
  else
    self->head = head;
  self->tail = tail;
}

/* A bound the monotonic clock has certainly not reached yet, from the
 * coarse clock: a few nanoseconds instead of a full clock read, enough to
 * tell that a timer far in the future is not due. */
gint64
coasync_scheduler_now_upper_bound (void)
{
  static gint64 resolution_usec = -1;
  struct timespec ts;

  if (G_UNLIKELY (resolution_usec < 0))
    {
      struct timespec res;

      if (clock_getres (CLOCK_MONOTONIC_COARSE, &res) != 0)
        return G_MININT64;  /* no coarse clock: always read the real one */
      resolution_usec = res.tv_sec * G_USEC_PER_SEC + res.tv_nsec / 1000 + 1;
    }
  clock_gettime (CLOCK_MONOTONIC_COARSE, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000 + resolution_usec;
}

/* asyncio's _run_once joins every timer whose deadline has passed to the end
 * of the ready queue before running a tick. */
static void
move_expired_timers (CoasyncScheduler *self,
                     gint64            now)
{
  CoasyncTimerNode *node;

  while ((node = coasync_timer_heap_peek (&self->timers)) != NULL && node->deadline <= now)
    {
      CoasyncTimer *timer = (CoasyncTimer *) node;

      coasync_timer_heap_remove (&self->timers, node);
      queue_append (&self->head, &self->tail, &timer->call);
    }
}

/* Runs one tick: the calls that are queued now, not those they queue. */
static guint
run_tick (CoasyncScheduler *self)
{
  CoasyncCall *last = self->tail;
  guint n = 0;

  for (;;)
    {
      CoasyncCall *call = self->head;

      self->head = call->next;
      if (self->head == NULL)
        self->tail = NULL;
      n++;
      call->func (call);
      if (call == last)
        return n;
    }
}

static gboolean
has_work (CoasyncScheduler *self,
          gint64            now,
          gint             *timeout)
{
  CoasyncTimerNode *node;

  if (self->head != NULL || g_atomic_int_get (&self->inbox_pending))
    {
      *timeout = 0;
      return TRUE;
    }
  node = coasync_timer_heap_peek (&self->timers);
  if (node == NULL)
    {
      *timeout = -1;
      return FALSE;
    }
  if (node->deadline <= now)
    {
      *timeout = 0;
      return TRUE;
    }
  /* Round up: waking before the deadline would only cost another poll(). */
  *timeout = (gint) MIN ((node->deadline - now + 999) / 1000, G_MAXINT);
  return FALSE;
}

static gboolean
scheduler_source_prepare (GSource *source,
                          gint    *timeout)
{
  CoasyncScheduler *self = ((SchedulerSource *) source)->scheduler;

  return has_work (self, g_source_get_time (source), timeout);
}

static gboolean
scheduler_source_check (GSource *source)
{
  CoasyncScheduler *self = ((SchedulerSource *) source)->scheduler;
  gint timeout;

  return has_work (self, g_source_get_time (source), &timeout);
}

static gboolean
scheduler_source_dispatch (GSource     *source,
                           GSourceFunc  callback,
                           gpointer     user_data)
{
  CoasyncScheduler *self = ((SchedulerSource *) source)->scheduler;
  CoasyncScheduler *outer = running_scheduler;
  gint64 started = g_get_monotonic_time ();
  guint since_clock = 0;

  running_scheduler = self;
  if (g_atomic_pointer_get (&self->owner) != &thread_token)
    g_atomic_pointer_set (&self->owner, &thread_token);

  for (;;)
    {
      if (g_atomic_int_get (&self->inbox_pending))
        move_inbox (self);

      if (self->timers.len > 0
          && coasync_timer_heap_peek (&self->timers)->deadline < coasync_scheduler_now_upper_bound ())
        {
          gint64 now = g_get_monotonic_time ();

          move_expired_timers (self, now);
          if (now - started >= DISPATCH_BUDGET_USEC)
            break;
          since_clock = 0;
        }
      else if (since_clock >= CALLS_PER_CLOCK_CHECK)
        {
          if (g_get_monotonic_time () - started >= DISPATCH_BUDGET_USEC)
            break;
          since_clock = 0;
        }

      if (self->head == NULL)
        break;
      since_clock += run_tick (self);
    }

  running_scheduler = outer;
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs scheduler_source_funcs = {
  scheduler_source_prepare,
  scheduler_source_check,
  scheduler_source_dispatch,
  NULL,
};

static CoasyncScheduler *
scheduler_new (GMainContext *context)
{
  CoasyncScheduler *self = g_new0 (CoasyncScheduler, 1);
  SchedulerSource *source;

  self->ref_count = 1;
  self->context = g_main_context_ref (context);
  self->owner = &thread_token;
  coasync_timer_heap_init (&self->timers);
  g_mutex_init (&self->inbox_lock);
  g_queue_init (&self->live);

  source = (SchedulerSource *) g_source_new (&scheduler_source_funcs, sizeof (SchedulerSource));
  source->scheduler = self;
  g_source_set_static_name ((GSource *) source, "[coasync] scheduler");
  g_source_set_priority ((GSource *) source, G_PRIORITY_DEFAULT);
  self->source = (GSource *) source;
  g_source_attach (self->source, context);

  return self;
}

/**
 * coasync_scheduler_get:
 * @context: (nullable): a #GMainContext, or %NULL for the thread-default one
 *
 * Returns the scheduler of @context, creating it on first use.
 *
 * Returns: (transfer none): the scheduler, valid while @context lives or
 *   until coasync_scheduler_shutdown()
 */
CoasyncScheduler *
coasync_scheduler_get (GMainContext *context)
{
  CoasyncScheduler *self;

  if (context == NULL)
    {
      context = g_main_context_get_thread_default ();
      if (context == NULL)
        context = g_main_context_default ();
    }

  if (context == cached_context)
    return cached_scheduler;

  coasync_mutex_lock (&schedulers_lock);
  if (schedulers == NULL)
    schedulers = g_hash_table_new (NULL, NULL);
  self = g_hash_table_lookup (schedulers, context);
  if (self == NULL)
    {
      self = scheduler_new (context);
      g_hash_table_insert (schedulers, context, self);
    }
  coasync_mutex_unlock (&schedulers_lock);

  cached_context = context;
  cached_scheduler = self;

  return self;
}

CoasyncScheduler *
coasync_scheduler_ref (CoasyncScheduler *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
coasync_scheduler_unref (CoasyncScheduler *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;

  g_assert (self->closed);
  g_assert (self->head == NULL);
  coasync_timer_heap_clear (&self->timers);
  g_mutex_clear (&self->inbox_lock);
  g_main_context_unref (self->context);
  g_free (self);
}

/* Called by the runner once every task of its private context is done:
 * detaches the source and drains what is still queued, so that every queued
 * call runs (and its destroy notify with it) exactly once.  Timers still
 * pending are dropped: their owners learn it from the timer's call never
 * running, and release what they hold when they are finalized. */
void
coasync_scheduler_shutdown (CoasyncScheduler *self)
{
  CoasyncScheduler *outer = running_scheduler;

  coasync_mutex_lock (&schedulers_lock);
  g_hash_table_remove (schedulers, self->context);
  coasync_mutex_unlock (&schedulers_lock);
  if (cached_scheduler == self)
    {
      cached_context = NULL;
      cached_scheduler = NULL;
    }

  running_scheduler = self;
  for (;;)
    {
      move_inbox (self);
      while (self->head != NULL)
        run_tick (self);

      /* Close the inbox only once it is empty, atomically with the check. */
      coasync_mutex_lock (&self->inbox_lock);
      if (self->inbox_head == NULL)
        {
          self->closed = TRUE;
          coasync_mutex_unlock (&self->inbox_lock);
          break;
        }
      coasync_mutex_unlock (&self->inbox_lock);
    }
  running_scheduler = outer;

  g_source_destroy (self->source);
  g_source_unref (self->source);
  self->source = NULL;
  coasync_scheduler_unref (self);
}

GMainContext *
coasync_scheduler_get_context (CoasyncScheduler *self)
{
  return self->context;
}

/* TRUE on the thread that runs (or created) the scheduler's context. */
gboolean
coasync_scheduler_is_owner (CoasyncScheduler *self)
{
  return g_atomic_pointer_get (&self->owner) == &thread_token;
}

/* The scheduler whose dispatch is running on this thread, if any. */
CoasyncScheduler *
coasync_scheduler_get_running (void)
{
  return running_scheduler;
}

/* TRUE when nothing is queued: no ready call and no posted one. */
gboolean
coasync_scheduler_is_idle (CoasyncScheduler *self)
{
  return self->head == NULL && !g_atomic_int_get (&self->inbox_pending);
}

/* Queues @call at the end of the ready queue.  Owner thread only. */
void
coasync_scheduler_call_soon (CoasyncScheduler *self,
                             CoasyncCall      *call)
{
  queue_append (&self->head, &self->tail, call);
}

/* Queues @call from any thread; it joins the ready queue at the next tick
 * boundary and wakes the context up. */
void
coasync_scheduler_post (CoasyncScheduler *self,
                        CoasyncCall      *call)
{
  coasync_mutex_lock (&self->inbox_lock);
  if (G_UNLIKELY (self->closed))
    {
      coasync_mutex_unlock (&self->inbox_lock);
      /* Nothing runs that context any more: what the call would release is
       * leaked rather than touched from a thread it does not belong to. */
      g_critical ("coasync: work posted to the GMainContext of a finished coasync_run() "
                  "is dropped (a future of that run completed from another thread?)");
      return;
    }
  queue_append (&self->inbox_head, &self->inbox_tail, call);
  g_atomic_int_set (&self->inbox_pending, 1);
  /* Still under the lock: once the call can run, the scheduler may be shut
   * down and freed by the loop's thread. */
  g_main_context_wakeup (self->context);
  coasync_mutex_unlock (&self->inbox_lock);
}

/* call_soon() on the owner thread, post() from any other. */
void
coasync_scheduler_schedule (CoasyncScheduler *self,
                            CoasyncCall      *call)
{
  if (coasync_scheduler_is_owner (self))
    coasync_scheduler_call_soon (self, call);
  else
    coasync_scheduler_post (self, call);
}

static void
func_call_run (CoasyncCall *call)
{
  FuncCall *fc = (FuncCall *) call;

  fc->func (fc->user_data);
  if (fc->notify != NULL)
    fc->notify (fc->user_data);
  g_free (fc);
}

/* Queues a plain function; @threadsafe posts it even from the owner. */
void
coasync_scheduler_call_soon_func (CoasyncScheduler *self,
                                  GSourceOnceFunc   func,
                                  gpointer          user_data,
                                  GDestroyNotify    notify,
                                  gboolean          threadsafe)
{
  FuncCall *fc = g_new (FuncCall, 1);

  fc->call.func = func_call_run;
  fc->func = func;
  fc->user_data = user_data;
  fc->notify = notify;
  if (threadsafe)
    coasync_scheduler_post (self, &fc->call);
  else
    coasync_scheduler_schedule (self, &fc->call);
}

void
coasync_scheduler_add_timer (CoasyncScheduler *self,
                             CoasyncTimer     *timer,
                             gint64            deadline)
{
  CoasyncTimerNode *first = coasync_timer_heap_peek (&self->timers);

  coasync_timer_heap_push (&self->timers, &timer->node, deadline);

  /* A new earliest deadline shortens the poll() of an iteration that may
   * already be sleeping when the timer was added from outside a dispatch. */
  if (running_scheduler != self && (first == NULL || deadline < first->deadline))
    g_main_context_wakeup (self->context);
}

void
coasync_scheduler_remove_timer (CoasyncScheduler *self,
                                CoasyncTimer     *timer)
{
  coasync_timer_heap_remove (&self->timers, &timer->node);
}

/* Counts work running outside the loop (on worker threads) that will post
 * back to it: coasync_run() waits for it before closing the context. */
void
coasync_scheduler_hold (CoasyncScheduler *self)
{
  g_atomic_int_inc (&self->outside);
}

void
coasync_scheduler_release (CoasyncScheduler *self)
{
  if (g_atomic_int_dec_and_test (&self->outside))
    g_main_context_wakeup (self->context);
}

gboolean
coasync_scheduler_is_held (CoasyncScheduler *self)
{
  return g_atomic_int_get (&self->outside) > 0;
}

void
coasync_scheduler_add_live (CoasyncScheduler *self,
                            GList            *link)
{
  g_queue_push_tail_link (&self->live, link);
}

void
coasync_scheduler_remove_live (CoasyncScheduler *self,
                               GList            *link)
{
  g_queue_unlink (&self->live, link);
}

GList *
coasync_scheduler_peek_live (CoasyncScheduler *self)
{
  return self->live.head;
}
