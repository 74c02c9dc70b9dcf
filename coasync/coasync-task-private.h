/* coasync-task-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "coasync-task.h"

G_BEGIN_DECLS

gboolean coasync_task_is_current_context_busy (void);

G_END_DECLS
