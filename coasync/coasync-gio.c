/* coasync-gio.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-future-private.h"
#include "coasync-gio.h"

/**
 * SECTION:coasync-gio
 * @title: GIO bridge
 * @short_description: Awaiting GIO's asynchronous calls
 *
 * Any GIO `*_async()`/`*_finish()` pair can be awaited from a task with a
 * future made by coasync_gio_future_new(): pass COASYNC_GIO_ARGS() as the
 * call's last three arguments, await the future, which gives the call's
 * #GAsyncResult, and hand that to the `*_finish()` function. Cancelling the
 * awaiting task cancels the GIO call through the future's #GCancellable.
 *
 * coasync_future_new_for_cancellable() goes the other way: a future done
 * when a #GCancellable fires.
 */

#define COASYNC_TYPE_GIO_FUTURE (coasync_gio_future_get_type ())
G_DECLARE_FINAL_TYPE (CoasyncGioFuture, coasync_gio_future, COASYNC, GIO_FUTURE, CoasyncFuture)

struct _CoasyncGioFuture
{
  CoasyncFuture  parent_instance;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (CoasyncGioFuture, coasync_gio_future, COASYNC_TYPE_FUTURE)

/* The awaiter gets its cancellation at once; the GIO call stops through the
 * cancellable and its callback later finds the future done. */
static gboolean
coasync_gio_future_cancel (CoasyncFuture *future,
                           const char    *msg)
{
  if (!COASYNC_FUTURE_CLASS (coasync_gio_future_parent_class)->cancel (future, msg))
    return FALSE;
  g_cancellable_cancel (COASYNC_GIO_FUTURE (future)->cancellable);
  return TRUE;
}

static void
coasync_gio_future_finalize (GObject *object)
{
  g_clear_object (&COASYNC_GIO_FUTURE (object)->cancellable);

  G_OBJECT_CLASS (coasync_gio_future_parent_class)->finalize (object);
}

static void
coasync_gio_future_class_init (CoasyncGioFutureClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = coasync_gio_future_finalize;
  COASYNC_FUTURE_CLASS (klass)->cancel = coasync_gio_future_cancel;
}

static void
coasync_gio_future_init (CoasyncGioFuture *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * coasync_gio_future_new: (skip)
 *
 * Creates a future for one GIO asynchronous call: pass COASYNC_GIO_ARGS()
 * to the call. The call holds a reference until its callback has run, so
 * awaiting the future (which takes the caller's reference) is all there is
 * to do.
 *
 * Bindings call the GIO method with a callback of their own that completes
 * a #CoasyncFuture, and pass it the task's cancellable
 * (coasync_task_get_cancellable()).
 *
 * Returns: (transfer full): the future of the call's #GAsyncResult
 */
CoasyncFuture *
coasync_gio_future_new (void)
{
  CoasyncGioFuture *self = g_object_new (COASYNC_TYPE_GIO_FUTURE, NULL);

  g_object_ref (self);  /* released by coasync_gio_future_ready() */
  return COASYNC_FUTURE (self);
}

/**
 * coasync_gio_future_get_cancellable: (skip)
 * @self: a future made by coasync_gio_future_new()
 *
 * Returns the #GCancellable to give the GIO call: cancelling the future
 * cancels it.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
coasync_gio_future_get_cancellable (CoasyncFuture *self)
{
  g_return_val_if_fail (COASYNC_IS_GIO_FUTURE (self), NULL);

  return COASYNC_GIO_FUTURE (self)->cancellable;
}

/**
 * coasync_gio_future_ready: (skip)
 * @source_object: (nullable): the object of the GIO call
 * @result: the call's result
 * @user_data: a future made by coasync_gio_future_new()
 *
 * The #GAsyncReadyCallback of COASYNC_GIO_ARGS(): completes the future with
 * @result, unless it was cancelled meanwhile.
 */
void
coasync_gio_future_ready (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  CoasyncFuture *self = user_data;

  g_return_if_fail (COASYNC_IS_GIO_FUTURE (self));

  if (!coasync_future_done (self))
    coasync_future_set_object (self, G_OBJECT (result), NULL);
  g_object_unref (self);
}

/* --- futures of cancellables ----------------------------------------------- */

typedef struct
{
  CoasyncFuture *future;
  GCancellable  *cancellable;
  gulong         handler;
} CancellableWatch;

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  CancellableWatch *watch = user_data;

  /* From any thread: completing a future is thread-safe. */
  coasync_future_set_result (watch->future, NULL, NULL);
}

static void
watch_done (CoasyncFuture *future,
            gpointer       user_data)
{
  CancellableWatch *watch = user_data;

  g_cancellable_disconnect (watch->cancellable, watch->handler);
  watch->handler = 0;
}

static void
watch_free (gpointer data)
{
  CancellableWatch *watch = data;

  if (watch->handler != 0)
    g_cancellable_disconnect (watch->cancellable, watch->handler);
  g_object_unref (watch->cancellable);
  g_free (watch);
}

/**
 * coasync_future_new_for_cancellable:
 * @cancellable: a #GCancellable
 *
 * Returns a future that completes, with no result, when @cancellable is
 * cancelled (at once if it already is). Cancelling the future stops
 * watching @cancellable.
 *
 * Returns: (transfer full): the future
 */
CoasyncFuture *
coasync_future_new_for_cancellable (GCancellable *cancellable)
{
  CoasyncFuture *future;
  CancellableWatch *watch;

  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  future = coasync_future_new ();
  watch = g_new0 (CancellableWatch, 1);
  watch->future = future;
  watch->cancellable = g_object_ref (cancellable);
  /* Runs on_cancelled at once if it is cancelled already. */
  watch->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), watch, NULL);
  coasync_future_add_done_callback (future, watch_done, watch, watch_free);
  return future;
}
