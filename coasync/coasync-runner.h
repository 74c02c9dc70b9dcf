/* coasync-runner.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include "coasync-task.h"

G_BEGIN_DECLS

COASYNC_AVAILABLE_IN_ALL
gboolean coasync_run                 (CoasyncTaskFunc   func,
                                      gpointer          user_data,
                                      GDestroyNotify    notify,
                                      GValue           *result,
                                      GError          **error);
COASYNC_AVAILABLE_IN_ALL
gboolean coasync_run_stepped         (CoasyncStepFunc   func,
                                      gpointer          user_data,
                                      GDestroyNotify    notify,
                                      GValue           *result,
                                      GError          **error);
COASYNC_AVAILABLE_IN_ALL
gboolean coasync_run_until_complete  (CoasyncFuture    *self,
                                      GError          **error);

G_END_DECLS
