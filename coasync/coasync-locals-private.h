/* coasync-locals-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "coasync-locals.h"

G_BEGIN_DECLS

/* The values a task sees: each task holds a reference to a snapshot, and a
 * task it creates starts with the same snapshot (asyncio copies the
 * context; an immutable snapshot shared until written is the same). */
CoasyncLocals  *coasync_task_peek_locals (CoasyncTask   *task);
void            coasync_task_take_locals (CoasyncTask   *task,
                                          CoasyncLocals *locals);

/* Worker threads of to_thread see the snapshot of the task that started
 * them. */
CoasyncLocals  *coasync_locals_swap_thread (CoasyncLocals *locals);

G_END_DECLS
