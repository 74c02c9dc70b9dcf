/* coasync-locals.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include <glib-object.h>

#include "coasync-types.h"
#include "coasync-version-macros.h"

G_BEGIN_DECLS

/**
 * COASYNC_TYPE_LOCALS:
 *
 * The #GType of the boxed #CoasyncLocals.
 */
#define COASYNC_TYPE_LOCALS (coasync_locals_get_type ())

/**
 * CoasyncLocals:
 *
 * A snapshot of task-local values, asyncio's `contextvars.Context`: what a
 * task sees through coasync_task_local_get(). It is immutable; setting a
 * value in a task makes that task a new snapshot.
 */
typedef struct _CoasyncLocals CoasyncLocals;

COASYNC_AVAILABLE_IN_ALL
GType          coasync_locals_get_type       (void) G_GNUC_CONST;
COASYNC_AVAILABLE_IN_ALL
CoasyncLocals *coasync_locals_ref            (CoasyncLocals  *self);
COASYNC_AVAILABLE_IN_ALL
void           coasync_locals_unref          (CoasyncLocals  *self);
COASYNC_AVAILABLE_IN_ALL
CoasyncLocals *coasync_locals_copy_current   (void);
COASYNC_AVAILABLE_IN_ALL
gpointer       coasync_locals_get            (CoasyncLocals  *self,
                                              const char     *key);

COASYNC_AVAILABLE_IN_ALL
void           coasync_task_local_set        (const char     *key,
                                              gpointer        value,
                                              GDestroyNotify  notify);
COASYNC_AVAILABLE_IN_ALL
gpointer       coasync_task_local_get        (const char     *key);
COASYNC_AVAILABLE_IN_ALL
void           coasync_task_set_locals       (CoasyncTask    *task,
                                              CoasyncLocals  *locals);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoasyncLocals, coasync_locals_unref)

G_END_DECLS
