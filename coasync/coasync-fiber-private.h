/* coasync-fiber-private.h: stackful coroutines
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "coasync-stack-private.h"

G_BEGIN_DECLS

/* A fiber runs a function on a stack of its own.  coasync_fiber_resume()
 * switches into it and returns when the fiber calls coasync_fiber_suspend()
 * or its function returns.  A fiber knows nothing of tasks: the task layer
 * decides when to resume it. */
typedef struct _CoasyncFiber CoasyncFiber;
typedef void (*CoasyncFiberFunc) (gpointer user_data);

CoasyncFiber *coasync_fiber_new         (CoasyncFiberFunc  func,
                                         gpointer          user_data,
                                         gsize             stack_size,
                                         GError          **error);
void          coasync_fiber_free        (CoasyncFiber     *fiber);
void          coasync_fiber_set_label   (CoasyncFiber     *fiber,
                                         const char       *label,
                                         guint64           number);
void          coasync_fiber_resume      (CoasyncFiber     *fiber);
void          coasync_fiber_suspend     (void);
gboolean      coasync_fiber_is_finished (CoasyncFiber     *fiber);
CoasyncFiber *coasync_fiber_current     (void);
gsize         coasync_fiber_stack_size  (CoasyncFiber     *fiber);

G_END_DECLS
