/* coasync-shield.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-future-private.h"
#include "coasync-shield.h"

/**
 * SECTION:coasync-shield
 * @title: Shielding from cancellation
 * @short_description: asyncio's shield()
 *
 * coasync_shield() protects a future from the cancellation of its awaiter:
 * the awaiter is cancelled as usual, but the protected future keeps going.
 * A cancellation of the protected future itself does reach the awaiter.
 */

/* Shared by the callbacks on the inner and the outer future. */
typedef struct
{
  gint           ref_count;
  CoasyncFuture *inner;
  CoasyncFuture *outer;  /* weak: the outer's own callback clears it */
} Shield;

static void
inner_done (CoasyncFuture *inner,
            gpointer       user_data)
{
  Shield *shield = user_data;
  CoasyncFuture *outer = shield->outer;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  if (outer == NULL || coasync_future_done (outer))
    return;  /* the outer was cancelled: nobody waits for the result */
  if (coasync_future_cancelled (inner))
    coasync_future_cancel (outer, NULL);
  else if (coasync_future_take_result (inner, &value, &error))
    {
      coasync_future_set_result (outer, COASYNC_VALUE_IS_SET (&value) ? &value : NULL, NULL);
      if (COASYNC_VALUE_IS_SET (&value))
        g_value_unset (&value);
    }
  else
    {
      coasync_future_set_error (outer, error, NULL);
      g_error_free (error);
    }
}

static void
outer_done (CoasyncFuture *outer,
            gpointer       user_data)
{
  Shield *shield = user_data;

  /* Once the outer is done the inner's result has nowhere to go. */
  shield->outer = NULL;
  if (!coasync_future_done (shield->inner))
    coasync_future_remove_done_callback (shield->inner, inner_done, shield);
}

static void
shield_unref (gpointer data)
{
  Shield *shield = data;

  if (--shield->ref_count == 0)
    {
      g_object_unref (shield->inner);
      g_free (shield);
    }
}

/**
 * coasync_shield:
 * @future: (transfer full): the future to protect
 *
 * Returns a future that follows @future but whose cancellation does not
 * cancel it: asyncio's `shield()`. Awaiting it from a task that gets
 * cancelled raises %G_IO_ERROR_CANCELLED in that task while @future keeps
 * running. If @future is cancelled, the returned future is cancelled too.
 * An already done @future is returned itself.
 *
 * Returns: (transfer full): the future to await
 */
CoasyncFuture *
coasync_shield (CoasyncFuture *future)
{
  CoasyncFuture *outer;
  Shield *shield;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (future), NULL);

  if (coasync_future_done (future))
    return future;

  outer = coasync_future_new_for_context (coasync_future_get_context (future));
  shield = g_new (Shield, 1);
  shield->ref_count = 2;
  shield->inner = future;
  shield->outer = outer;
  coasync_future_add_done_callback (future, inner_done, shield, shield_unref);
  coasync_future_add_done_callback (outer, outer_done, shield, shield_unref);
  return outer;
}
