/* coasync-task-group.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include "coasync-task.h"

G_BEGIN_DECLS

/**
 * COASYNC_TYPE_TASK_GROUP:
 *
 * The #GType of #CoasyncTaskGroup.
 */
#define COASYNC_TYPE_TASK_GROUP (coasync_task_group_get_type ())

/**
 * CoasyncTaskGroup:
 *
 * A group of tasks that live and fail together: asyncio's `TaskGroup`.
 * All its fields are private.
 */
COASYNC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (CoasyncTaskGroup, coasync_task_group, COASYNC, TASK_GROUP, GObject)

/**
 * CoasyncTaskGroupFunc:
 * @group: the task group
 * @user_data: the data given to coasync_task_group_run()
 * @error: return location for the body's error
 *
 * The body of a task group run with coasync_task_group_run().
 *
 * Returns: %TRUE on success, %FALSE with @error set on failure
 */
typedef gboolean (*CoasyncTaskGroupFunc) (CoasyncTaskGroup  *group,
                                          gpointer           user_data,
                                          GError           **error);

COASYNC_AVAILABLE_IN_ALL
CoasyncTaskGroup *coasync_task_group_new                 (void);
COASYNC_AVAILABLE_IN_ALL
gboolean          coasync_task_group_enter               (CoasyncTaskGroup  *self,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask      *coasync_task_group_create_task         (CoasyncTaskGroup  *self,
                                                          CoasyncTaskFunc    func,
                                                          gpointer           user_data,
                                                          GDestroyNotify     notify,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask      *coasync_task_group_create_task_full    (CoasyncTaskGroup  *self,
                                                          CoasyncTaskFunc    func,
                                                          gpointer           user_data,
                                                          GDestroyNotify     notify,
                                                          const char        *name,
                                                          gsize              stack_size,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask      *coasync_task_group_create_stepped_task (CoasyncTaskGroup  *self,
                                                          CoasyncStepFunc    func,
                                                          gpointer           user_data,
                                                          GDestroyNotify     notify,
                                                          const char        *name,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
gboolean          coasync_task_group_wait                (CoasyncTaskGroup  *self,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
gboolean          coasync_task_group_exit                (CoasyncTaskGroup  *self,
                                                          GError            *body_error,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
void              coasync_task_group_begin_exit          (CoasyncTaskGroup  *self,
                                                          GError            *body_error);
COASYNC_AVAILABLE_IN_ALL
void              coasync_task_group_exit_cancelled      (CoasyncTaskGroup  *self,
                                                          const GError      *cancellation);
COASYNC_AVAILABLE_IN_ALL
CoasyncFuture    *coasync_task_group_exit_step           (CoasyncTaskGroup  *self);
COASYNC_AVAILABLE_IN_ALL
gboolean          coasync_task_group_finish_exit         (CoasyncTaskGroup  *self,
                                                          GError           **error);
COASYNC_AVAILABLE_IN_ALL
GPtrArray        *coasync_task_group_get_errors          (CoasyncTaskGroup  *self);
COASYNC_AVAILABLE_IN_ALL
gboolean          coasync_task_group_run                 (CoasyncTaskGroupFunc  func,
                                                          gpointer              user_data,
                                                          GError              **error);

G_END_DECLS
