/* coasync-loop.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <glib-object.h>

#include "coasync-version-macros.h"

G_BEGIN_DECLS

COASYNC_AVAILABLE_IN_ALL
gdouble coasync_time                  (void);
COASYNC_AVAILABLE_IN_ALL
void    coasync_call_soon             (GMainContext    *context,
                                       GSourceOnceFunc  func,
                                       gpointer         user_data,
                                       GDestroyNotify   notify);
COASYNC_AVAILABLE_IN_ALL
void    coasync_call_soon_threadsafe  (GMainContext    *context,
                                       GSourceOnceFunc  func,
                                       gpointer         user_data,
                                       GDestroyNotify   notify);

/**
 * CoasyncTimerHandle:
 *
 * A callback scheduled at a time by coasync_call_at() or
 * coasync_call_later(): asyncio's `TimerHandle`. It can be cancelled until
 * the callback runs.
 */
typedef struct _CoasyncTimerHandle CoasyncTimerHandle;

COASYNC_AVAILABLE_IN_ALL
GType               coasync_timer_handle_get_type   (void) G_GNUC_CONST;
COASYNC_AVAILABLE_IN_ALL
CoasyncTimerHandle *coasync_call_at                 (GMainContext        *context,
                                                     gdouble              when,
                                                     GSourceOnceFunc      func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       notify);
COASYNC_AVAILABLE_IN_ALL
CoasyncTimerHandle *coasync_call_later              (GMainContext        *context,
                                                     gdouble              delay,
                                                     GSourceOnceFunc      func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       notify);
COASYNC_AVAILABLE_IN_ALL
CoasyncTimerHandle *coasync_timer_handle_ref        (CoasyncTimerHandle  *self);
COASYNC_AVAILABLE_IN_ALL
void                coasync_timer_handle_unref      (CoasyncTimerHandle  *self);
COASYNC_AVAILABLE_IN_ALL
gdouble             coasync_timer_handle_when       (CoasyncTimerHandle  *self);
COASYNC_AVAILABLE_IN_ALL
void                coasync_timer_handle_cancel     (CoasyncTimerHandle  *self);
COASYNC_AVAILABLE_IN_ALL
gboolean            coasync_timer_handle_cancelled  (CoasyncTimerHandle  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoasyncTimerHandle, coasync_timer_handle_unref)

G_END_DECLS
