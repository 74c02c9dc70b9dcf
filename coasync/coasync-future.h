/* coasync-future.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <gio/gio.h>

#include "coasync-types.h"
#include "coasync-version-macros.h"

G_BEGIN_DECLS

/**
 * COASYNC_TYPE_FUTURE:
 *
 * The #GType of #CoasyncFuture.
 */
#define COASYNC_TYPE_FUTURE (coasync_future_get_type ())

/**
 * CoasyncFuture:
 *
 * The eventual outcome of an asynchronous operation: asyncio's `Future`.
 * All its fields are private.
 */
COASYNC_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (CoasyncFuture, coasync_future, COASYNC, FUTURE, GObject)

/**
 * CoasyncFutureClass:
 * @parent_class: the parent class
 * @cancel: requests cancellation; see coasync_future_cancel(). #CoasyncTask
 *   overrides it with asyncio's `Task.cancel()` rules.
 *
 * The class structure of #CoasyncFuture.
 */
struct _CoasyncFutureClass
{
  GObjectClass parent_class;

  gboolean (*cancel) (CoasyncFuture *self,
                      const char    *msg);

  /*< private >*/
  gpointer _reserved[8];
};

/**
 * CoasyncDoneFunc:
 * @future: the future that is done
 * @user_data: the data given to coasync_future_add_done_callback()
 *
 * A done callback. It always runs from the future's #GMainContext, on a
 * later turn of its loop, never from inside the call that completed the
 * future.
 */
typedef void (*CoasyncDoneFunc) (CoasyncFuture *future,
                                 gpointer       user_data);

COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_future_new                  (void);
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture *coasync_future_new_for_context      (GMainContext    *context);
COASYNC_AVAILABLE_IN_ALL
GMainContext  *coasync_future_get_context          (CoasyncFuture   *self);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_done                 (CoasyncFuture   *self);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_cancelled            (CoasyncFuture   *self);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_cancel               (CoasyncFuture   *self,
                                                    const char      *msg);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_result           (CoasyncFuture   *self,
                                                    const GValue    *value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_error            (CoasyncFuture   *self,
                                                    const GError    *exception,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_foreign_error    (CoasyncFuture   *self,
                                                    const GValue    *payload,
                                                    const char      *message,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_boolean          (CoasyncFuture   *self,
                                                    gboolean         value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_int              (CoasyncFuture   *self,
                                                    gint             value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_double           (CoasyncFuture   *self,
                                                    gdouble          value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_string           (CoasyncFuture   *self,
                                                    const char      *value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_object           (CoasyncFuture   *self,
                                                    GObject         *value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_set_pointer          (CoasyncFuture   *self,
                                                    gpointer         value,
                                                    GDestroyNotify   notify,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_get_result           (CoasyncFuture   *self,
                                                    GValue          *value,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
GError        *coasync_future_get_exception        (CoasyncFuture   *self,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
guint          coasync_future_add_done_callback    (CoasyncFuture   *self,
                                                    CoasyncDoneFunc  func,
                                                    gpointer         user_data,
                                                    GDestroyNotify   notify);
COASYNC_AVAILABLE_IN_ALL
guint          coasync_future_remove_done_callback (CoasyncFuture   *self,
                                                    CoasyncDoneFunc  func,
                                                    gpointer         user_data);
COASYNC_AVAILABLE_IN_ALL
void           coasync_future_wait_async           (CoasyncFuture       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
COASYNC_AVAILABLE_IN_ALL
GValue        *coasync_future_wait_finish          (CoasyncFuture   *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean       coasync_future_wait_sync            (CoasyncFuture   *self,
                                                    gdouble          timeout,
                                                    GValue          *value,
                                                    GError         **error);

G_END_DECLS
