/* coasync-wait-for.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <math.h>

#include "coasync-future-private.h"
#include "coasync-task.h"
#include "coasync-timeout.h"
#include "coasync-wait-for.h"

/**
 * SECTION:coasync-wait-for
 * @title: Waiting with a timeout
 * @short_description: asyncio's wait_for()
 *
 * coasync_wait_for() waits for a future with a timeout. On timeout it
 * cancels the future and waits until it has finished cancelling, so that its
 * cleanup is over when the caller sees %G_IO_ERROR_TIMED_OUT; if the future
 * ignores the cancellation and finishes with a result, that result is
 * returned. It follows asyncio 3.12, where wait_for() is built on
 * `timeout()`: a cancellation of the caller is never lost.
 */

typedef enum
{
  STAGE_START,
  STAGE_UNDER_TIMEOUT,    /* waiting for the future, the timeout entered */
  STAGE_CANCELLING,       /* timeout <= 0: waiting for the cancelled future */
  STAGE_PLAIN,            /* no timeout: waiting for the future */
} Stage;

typedef struct
{
  CoasyncFuture  *future;
  gdouble         timeout;
  CoasyncTimeout *deadline;
  Stage           stage;
} WaitFor;

static void
wait_for_free (gpointer data)
{
  WaitFor *wf = data;

  g_clear_object (&wf->future);
  g_clear_object (&wf->deadline);
  g_free (wf);
}

/* Completes the waiting task with @future's outcome (or @error). */
static void
return_outcome (CoasyncTask   *task,
                CoasyncFuture *future,
                GError        *error)
{
  GValue value = G_VALUE_INIT;

  if (error == NULL && coasync_future_take_result (future, &value, &error))
    {
      coasync_task_return_value (task, COASYNC_VALUE_IS_SET (&value) ? &value : NULL);
      if (COASYNC_VALUE_IS_SET (&value))
        g_value_unset (&value);
      return;
    }
  coasync_task_return_error (task, error);
}

static CoasyncFuture *
wait_for_step (CoasyncTask   *task,
               CoasyncFuture *awaited,
               gpointer       user_data)
{
  WaitFor *wf = user_data;
  GError *error = NULL;

  switch (wf->stage)
    {
    case STAGE_START:
      if (isinf (wf->timeout))
        {
          wf->stage = STAGE_PLAIN;
          return g_object_ref (wf->future);
        }
      if (wf->timeout <= 0)
        {
          if (coasync_future_done (wf->future))
            {
              return_outcome (task, wf->future, NULL);
              return NULL;
            }
          coasync_future_cancel (wf->future, NULL);
          wf->stage = STAGE_CANCELLING;
          return g_object_ref (wf->future);
        }
      wf->deadline = coasync_timeout_new (wf->timeout);
      wf->stage = STAGE_UNDER_TIMEOUT;
      return g_object_ref (wf->future);

    case STAGE_UNDER_TIMEOUT:
      /* @awaited is the future, or a cancellation thrown into the task. */
      if (!coasync_future_get_result (awaited, NULL, &error))
        {
          coasync_timeout_exit (wf->deadline, &error);
          coasync_task_return_error (task, error);
          return NULL;
        }
      coasync_timeout_exit (wf->deadline, NULL);
      return_outcome (task, awaited, NULL);
      return NULL;

    case STAGE_CANCELLING:
      if (!coasync_future_get_result (wf->future, NULL, &error)
          && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timeout expired");
        }
      if (coasync_future_cancelled (awaited) && awaited != wf->future)
        {
          /* The waiting task itself was cancelled meanwhile. */
          g_clear_error (&error);
          coasync_future_get_result (awaited, NULL, &error);
        }
      return_outcome (task, wf->future, error);
      return NULL;

    case STAGE_PLAIN:
      return_outcome (task, awaited, NULL);
      return NULL;
    }
  g_assert_not_reached ();
  return NULL;
}

/**
 * coasync_wait_for:
 * @future: (transfer full): the future to wait for
 * @timeout: the timeout in seconds; `INFINITY` waits without limit, 0 or
 *   less only takes a result that is already there
 *
 * Returns a future with @future's outcome, or %G_IO_ERROR_TIMED_OUT if it
 * takes longer than @timeout: asyncio's `wait_for()`. On timeout @future is
 * cancelled, and the returned future completes only once @future is done.
 * Cancelling the returned future cancels @future.
 *
 * Returns: (transfer full): a future to await
 */
CoasyncFuture *
coasync_wait_for (CoasyncFuture *future,
                  gdouble        timeout)
{
  WaitFor *wf;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (future), NULL);
  g_return_val_if_fail (!isnan (timeout), NULL);

  wf = g_new0 (WaitFor, 1);
  wf->future = future;
  wf->timeout = timeout;
  return COASYNC_FUTURE (coasync_create_stepped_task_full (wait_for_step, wf, wait_for_free, NULL,
                                                           coasync_future_get_context (future)));
}
