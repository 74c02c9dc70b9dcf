/* coasync-timeout.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <math.h>

#include "coasync-error.h"
#include "coasync-future-private.h"
#include "coasync-loop.h"
#include "coasync-recycler-private.h"
#include "coasync-task.h"
#include "coasync-timeout.h"

/**
 * SECTION:coasync-timeout
 * @title: CoasyncTimeout
 * @short_description: Deadlines for a block of code in a task
 *
 * A #CoasyncTimeout is asyncio's `Timeout`, as made by `asyncio.timeout()`
 * and `asyncio.timeout_at()`. Created in a task, it is entered at once; the
 * block ends with coasync_timeout_exit(). If the deadline passes first, the
 * task is cancelled: its await fails with %G_IO_ERROR_CANCELLED, and the
 * exit turns that error into %G_IO_ERROR_TIMED_OUT, but only when the
 * cancellation was the timeout's own (not one from outside, nor an outer
 * timeout's).
 *
 * |[<!-- language="C" -->
 * g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (10.0);
 * GError *local_error = NULL;
 *
 * coasync_await (long_running_operation (), &local_error);
 * if (!coasync_timeout_exit (timeout, &local_error))  // TIMED_OUT after 10 s
 *   {
 *     g_propagate_error (error, local_error);
 *     return FALSE;
 *   }
 * ]|
 *
 * coasync_timeout_run() does the same for a function, in one call.
 */

typedef enum
{
  STATE_CREATED,
  STATE_ENTERED,
  STATE_EXPIRING,
  STATE_EXPIRED,
  STATE_EXITED,
} State;

/* asyncio's names for the states, used in its error messages. */
static const char *const state_names[] = {
  "created", "active", "expiring", "expired", "finished",
};

struct _CoasyncTimeout
{
  GObject           parent_instance;

  State             state;
  gdouble           when;         /* INFINITY: no deadline */
  CoasyncTask      *task;
  gint              cancelling;   /* the task's count when entered */

  CoasyncScheduler *scheduler;
  CoasyncTimer      timer;        /* a deadline in the future */
  CoasyncCall       soon;         /* a deadline already passed */
  gboolean          soon_queued;
  gboolean          soon_armed;
};

G_DEFINE_FINAL_TYPE (CoasyncTimeout, coasync_timeout, G_TYPE_OBJECT)

static void
on_timeout (CoasyncTimeout *self)
{
  g_assert (self->state == STATE_ENTERED);

  coasync_task_cancel (self->task, NULL);
  self->state = STATE_EXPIRING;
}

static void
timer_fire (CoasyncCall *call)
{
  CoasyncTimeout *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncTimeout, timer.call));

  on_timeout (self);
  coasync_recycler_release (self);  /* the timer's reference */
}

static void
soon_fire (CoasyncCall *call)
{
  CoasyncTimeout *self = G_STRUCT_MEMBER_P (call, -G_STRUCT_OFFSET (CoasyncTimeout, soon));

  self->soon_queued = FALSE;
  if (self->soon_armed)
    {
      self->soon_armed = FALSE;
      on_timeout (self);
    }
  coasync_recycler_release (self);  /* the queued call's reference */
}

/* asyncio's handle.cancel(): a queued call is disarmed, it cannot be
 * taken out of the ready queue. */
static void
disarm (CoasyncTimeout *self)
{
  self->soon_armed = FALSE;
  if (coasync_timer_node_is_queued (&self->timer.node))
    {
      coasync_scheduler_remove_timer (self->scheduler, &self->timer);
      g_object_unref (self);
    }
}

static void
arm (CoasyncTimeout *self)
{
  gint64 deadline;

  if (isinf (self->when))
    return;
  deadline = (gint64) ceil (self->when * G_USEC_PER_SEC);
  /* Only a deadline close to now needs the precise clock. */
  if (deadline < coasync_scheduler_now_upper_bound () && deadline <= g_get_monotonic_time ())
    {
      /* A deadline in the past fires at the next tick, as call_soon. */
      self->soon_armed = TRUE;
      if (!self->soon_queued)
        {
          self->soon_queued = TRUE;
          coasync_scheduler_call_soon (self->scheduler, &self->soon);
          g_object_ref (self);
        }
      return;
    }
  coasync_scheduler_add_timer (self->scheduler, &self->timer, deadline);
  g_object_ref (self);
}

/* Back to a new, created timeout (its timer and call are idle). */
static void
timeout_reset (gpointer object)
{
  CoasyncTimeout *self = object;

  g_clear_object (&self->task);
  g_clear_pointer (&self->scheduler, coasync_scheduler_unref);
  self->state = STATE_CREATED;
  self->when = 0;
  self->cancelling = 0;
  self->soon_armed = FALSE;
}

static void
coasync_timeout_finalize (GObject *object)
{
  timeout_reset (object);

  G_OBJECT_CLASS (coasync_timeout_parent_class)->finalize (object);
}

static void
coasync_timeout_class_init (CoasyncTimeoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_timeout_finalize;
  coasync_recycler_register (COASYNC_TYPE_TIMEOUT, timeout_reset);
}

static void
coasync_timeout_init (CoasyncTimeout *self)
{
  self->timer.call.func = timer_fire;
  self->soon.func = soon_fire;
}

/**
 * coasync_timeout_new_unentered:
 * @when: the deadline on coasync_time()'s clock, `INFINITY` for none
 *
 * Creates a timeout that is not entered yet; coasync_timeout_enter()
 * enters it. Language bindings use it to make an `async with` block.
 *
 * Returns: (transfer full): the new timeout
 */
CoasyncTimeout *
coasync_timeout_new_unentered (gdouble when)
{
  CoasyncTimeout *self;

  g_return_val_if_fail (!isnan (when), NULL);

  self = g_object_new (COASYNC_TYPE_TIMEOUT, NULL);
  self->when = when;
  return self;
}

/**
 * coasync_timeout_new_at:
 * @when: the deadline on coasync_time()'s clock, `INFINITY` for none
 *
 * Creates a timeout with an absolute deadline, `asyncio.timeout_at()`,
 * and enters it in the current task. Outside a task it stays un-entered.
 *
 * Returns: (transfer full): the new timeout
 */
CoasyncTimeout *
coasync_timeout_new_at (gdouble when)
{
  CoasyncTimeout *self = coasync_timeout_new_unentered (when);

  if (self != NULL && coasync_current_task () != NULL)
    coasync_timeout_enter (self, NULL);
  return self;
}

/**
 * coasync_timeout_new:
 * @delay: the delay in seconds from now, `INFINITY` for none
 *
 * Creates a timeout that expires after @delay seconds, asyncio's
 * `timeout()`, and enters it in the current task. Outside a task it stays
 * un-entered.
 *
 * Returns: (transfer full): the new timeout
 */
CoasyncTimeout *
coasync_timeout_new (gdouble delay)
{
  g_return_val_if_fail (!isnan (delay), NULL);

  return coasync_timeout_new_at (isinf (delay) ? INFINITY : coasync_time () + delay);
}

/**
 * coasync_timeout_enter:
 * @self: a #CoasyncTimeout
 * @error: return location for %COASYNC_ERROR_RUNNING (already entered) or
 *   %COASYNC_ERROR_NO_TASK (no current task)
 *
 * Enters the timeout in the current task: from now on, reaching the
 * deadline cancels the task.
 *
 * Returns: %TRUE if the timeout was entered
 */
gboolean
coasync_timeout_enter (CoasyncTimeout  *self,
                       GError         **error)
{
  CoasyncTask *task;

  g_return_val_if_fail (COASYNC_IS_TIMEOUT (self), FALSE);

  if (self->state != STATE_CREATED)
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_RUNNING,
                           "Timeout has already been entered");
      return FALSE;
    }
  task = coasync_current_task ();
  if (task == NULL)
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_NO_TASK,
                           "Timeout should be used inside a task");
      return FALSE;
    }
  self->state = STATE_ENTERED;
  self->task = g_object_ref (task);
  self->cancelling = coasync_task_cancelling (task);
  self->scheduler = coasync_scheduler_ref (coasync_future_get_scheduler (COASYNC_FUTURE (task)));
  arm (self);
  return TRUE;
}

/**
 * coasync_timeout_when:
 * @self: a #CoasyncTimeout
 *
 * Returns the deadline.
 *
 * Returns: the deadline on coasync_time()'s clock, `INFINITY` for none
 */
gdouble
coasync_timeout_when (CoasyncTimeout *self)
{
  g_return_val_if_fail (COASYNC_IS_TIMEOUT (self), INFINITY);

  return self->when;
}

/**
 * coasync_timeout_reschedule:
 * @self: an entered #CoasyncTimeout
 * @when: the new deadline, `INFINITY` for none; a time already passed
 *   expires the timeout at the next tick
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * Moves the deadline of an entered timeout that has not expired.
 *
 * Returns: %TRUE on success
 */
gboolean
coasync_timeout_reschedule (CoasyncTimeout  *self,
                            gdouble          when,
                            GError         **error)
{
  g_return_val_if_fail (COASYNC_IS_TIMEOUT (self), FALSE);
  g_return_val_if_fail (!isnan (when), FALSE);

  if (self->state != STATE_ENTERED)
    {
      if (self->state == STATE_CREATED)
        g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                             "Timeout has not been entered");
      else
        g_set_error (error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                     "Cannot change state of %s Timeout", state_names[self->state]);
      return FALSE;
    }
  self->when = when;
  disarm (self);
  arm (self);
  return TRUE;
}

/**
 * coasync_timeout_expired:
 * @self: a #CoasyncTimeout
 *
 * Whether the deadline was reached (and the task cancelled for it).
 *
 * Returns: %TRUE if the timeout expired
 */
gboolean
coasync_timeout_expired (CoasyncTimeout *self)
{
  g_return_val_if_fail (COASYNC_IS_TIMEOUT (self), FALSE);

  return self->state == STATE_EXPIRING || self->state == STATE_EXPIRED;
}

/* asyncio's Timeout.__aexit__: the deadline no longer applies, and an
 * expired timeout takes its cancellation request back. Returns whether the
 * block's cancellation (if @block_cancelled) is this timeout's, to be turned
 * into a timeout: not when another cancellation of the task is pending. */
static gboolean
leave (CoasyncTimeout *self,
       gboolean        block_cancelled)
{
  if (self->state != STATE_ENTERED && self->state != STATE_EXPIRING)
    {
      g_critical ("coasync_timeout_exit: the timeout is %s, not entered", state_names[self->state]);
      return FALSE;
    }

  disarm (self);
  if (self->state != STATE_EXPIRING)
    {
      self->state = STATE_EXITED;
      return FALSE;
    }
  self->state = STATE_EXPIRED;
  return coasync_task_uncancel (self->task) <= self->cancelling && block_cancelled;
}

static void
set_timed_out (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timeout expired");
}

/**
 * coasync_timeout_exit:
 * @self: an entered #CoasyncTimeout
 * @error: (inout) (optional) (nullable): the error the block ended with,
 *   %NULL if it succeeded; it is replaced by %G_IO_ERROR_TIMED_OUT when it
 *   is this timeout's cancellation
 *
 * Leaves the timeout's block: asyncio's `Timeout.__aexit__`. The deadline
 * no longer applies. If the timeout expired, its cancellation request is
 * taken back, and a %G_IO_ERROR_CANCELLED block error becomes
 * %G_IO_ERROR_TIMED_OUT, unless another cancellation of the task is still
 * pending (then it is not ours to convert).
 *
 * Returns: %TRUE if no error remains in @error
 */
gboolean
coasync_timeout_exit (CoasyncTimeout  *self,
                      GError         **error)
{
  g_return_val_if_fail (COASYNC_IS_TIMEOUT (self), FALSE);

  if (leave (self, error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (error);
      set_timed_out (error);
    }
  return error == NULL || *error == NULL;
}

/**
 * coasync_timeout_exit_with:
 * @self: an entered #CoasyncTimeout
 * @block_cancelled: whether the block ended with %G_IO_ERROR_CANCELLED
 * @error: return location for %G_IO_ERROR_TIMED_OUT
 *
 * coasync_timeout_exit() for bindings, which cannot pass an error in and out
 * of one argument: leaves the block and tells whether the timeout turns its
 * outcome into a timeout.
 *
 * Returns: %TRUE if the block's outcome stands; %FALSE with @error set to
 *   %G_IO_ERROR_TIMED_OUT when this timeout's cancellation ended the block
 */
gboolean
coasync_timeout_exit_with (CoasyncTimeout  *self,
                           gboolean         block_cancelled,
                           GError         **error)
{
  g_return_val_if_fail (COASYNC_IS_TIMEOUT (self), FALSE);

  if (!leave (self, block_cancelled))
    return TRUE;
  set_timed_out (error);
  return FALSE;
}

/**
 * coasync_timeout_run: (skip)
 * @delay: the delay in seconds, `INFINITY` for none
 * @func: the body
 * @user_data: data for @func
 * @error: return location for the body's error, or %G_IO_ERROR_TIMED_OUT
 *
 * Runs @func under a timeout in the current task: the whole `async with
 * timeout(delay)` block in one call, so that the entry and the exit cannot
 * be mismatched.
 *
 * Returns: %TRUE if @func succeeded in time
 */
gboolean
coasync_timeout_run (gdouble              delay,
                     CoasyncTimeoutFunc   func,
                     gpointer             user_data,
                     GError             **error)
{
  CoasyncTimeout *self;
  GError *local_error = NULL;
  gboolean entered;

  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (!isnan (delay), FALSE);

  /* Nobody else sees this timeout, so it can be a recycled one. */
  self = coasync_recycler_obtain (COASYNC_TYPE_TIMEOUT);
  if (self == NULL)
    self = g_object_new (COASYNC_TYPE_TIMEOUT, NULL);
  self->when = isinf (delay) ? INFINITY : coasync_time () + delay;

  entered = coasync_timeout_enter (self, error);
  if (entered)
    {
      if (!func (user_data, &local_error) && local_error == NULL)
        g_set_error_literal (&local_error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE,
                             "timeout body failed without an error");
      coasync_timeout_exit (self, &local_error);
    }
  coasync_recycler_release (self);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return entered;
}
