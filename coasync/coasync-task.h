/* coasync-task.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(COASYNC_INSIDE) && !defined(COASYNC_COMPILATION)
# error "Only <coasync/coasync.h> can be included directly."
#endif

#include "coasync-future.h"

G_BEGIN_DECLS

/**
 * COASYNC_TYPE_TASK:
 *
 * The #GType of #CoasyncTask.
 */
#define COASYNC_TYPE_TASK (coasync_task_get_type ())

/**
 * CoasyncTask:
 *
 * A #CoasyncFuture that runs a body on the loop: asyncio's `Task`. All its
 * fields are private.
 */
COASYNC_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (CoasyncTask, coasync_task, COASYNC, TASK, CoasyncFuture)

/**
 * COASYNC_TYPE_STACK_FRAME:
 *
 * The #GType of the boxed #CoasyncStackFrame.
 */
#define COASYNC_TYPE_STACK_FRAME (coasync_stack_frame_get_type ())

typedef struct _CoasyncStackFrame CoasyncStackFrame;

/**
 * CoasyncStackFrame:
 * @file: the source file of the frame
 * @line: the line in @file
 * @function: the function the frame belongs to
 *
 * One frame of a task's stack, as returned by coasync_task_get_stack(): the
 * place in a task body where the task is suspended, or where it failed.
 */
struct _CoasyncStackFrame
{
  char *file;
  guint line;
  char *function;
};

/**
 * COASYNC_DEFAULT_STACK_SIZE:
 *
 * The stack size, in bytes, of a fiber task created without an explicit size.
 * The `COASYNC_STACK_SIZE` environment variable overrides it. Stacks are
 * mapped lazily, so only the pages a task touches use memory.
 */
#define COASYNC_DEFAULT_STACK_SIZE (256 * 1024)

/**
 * CoasyncTaskFunc:
 * @task: the task running the body
 * @user_data: the data given when the task was created
 * @error: return location for the error that ends the task
 *
 * The body of a fiber task. It runs on its own stack and may suspend with
 * coasync_await(). Returning %FALSE with @error set fails the task; an error
 * of %G_IO_ERROR_CANCELLED ends it cancelled. A result is given with
 * coasync_task_return_value() and friends before returning %TRUE.
 *
 * Returns: %TRUE on success, %FALSE with @error set on failure
 */
typedef gboolean (*CoasyncTaskFunc) (CoasyncTask  *task,
                                     gpointer      user_data,
                                     GError      **error);

/**
 * CoasyncStepFunc:
 * @task: the task being stepped
 * @awaited: (nullable): the future the previous step asked to wait for, now
 *   done; %NULL on the first step
 * @user_data: the data given when the task was created
 *
 * One step of a stepped task: the stackless form of a task body, used by
 * language bindings and by C state machines. It is called first with @awaited
 * %NULL, then each time the future it returned is done. It reads that
 * future's outcome, which is also how a cancellation arrives (@awaited is then
 * a cancelled future), and returns the next future to wait for. When the
 * body is finished it returns %NULL, after coasync_task_return_value() or
 * coasync_task_return_error() if it has a result or an error.
 *
 * Returns: (transfer full) (nullable): the next future to wait for, or %NULL
 *   when the body has finished
 */
typedef CoasyncFuture *(*CoasyncStepFunc) (CoasyncTask   *task,
                                           CoasyncFuture *awaited,
                                           gpointer       user_data);

COASYNC_AVAILABLE_IN_ALL
GType              coasync_stack_frame_get_type      (void) G_GNUC_CONST;
COASYNC_AVAILABLE_IN_ALL
CoasyncStackFrame *coasync_stack_frame_copy          (const CoasyncStackFrame *frame);
COASYNC_AVAILABLE_IN_ALL
void               coasync_stack_frame_free          (CoasyncStackFrame       *frame);

COASYNC_AVAILABLE_IN_ALL
CoasyncTask  *coasync_create_task                (CoasyncTaskFunc  func,
                                                  gpointer         user_data,
                                                  GDestroyNotify   notify);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask  *coasync_create_task_full           (CoasyncTaskFunc  func,
                                                  gpointer         user_data,
                                                  GDestroyNotify   notify,
                                                  const char      *name,
                                                  GMainContext    *context,
                                                  gsize            stack_size);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask  *coasync_create_stepped_task        (CoasyncStepFunc  func,
                                                  gpointer         user_data,
                                                  GDestroyNotify   notify);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask  *coasync_create_stepped_task_full   (CoasyncStepFunc  func,
                                                  gpointer         user_data,
                                                  GDestroyNotify   notify,
                                                  const char      *name,
                                                  GMainContext    *context);
COASYNC_AVAILABLE_IN_ALL
CoasyncTask  *coasync_current_task               (void);
COASYNC_AVAILABLE_IN_ALL
GPtrArray    *coasync_all_tasks                  (GMainContext    *context);

COASYNC_AVAILABLE_IN_ALL
gboolean      coasync_await                      (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean      coasync_await_value                (CoasyncFuture   *future,
                                                  GValue          *value,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
gboolean      coasync_await_boolean              (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
gint          coasync_await_int                  (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
gdouble       coasync_await_double               (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
char         *coasync_await_string               (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
gpointer      coasync_await_object               (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
gpointer      coasync_await_pointer              (CoasyncFuture   *future,
                                                  GError         **error);
COASYNC_AVAILABLE_IN_ALL
void          coasync_await_site                 (const char      *file,
                                                  guint            line,
                                                  const char      *function);

/* The await macros note their call site (shown by coasync_task_get_stack())
 * before calling the functions of the same name. */
#ifndef __GTK_DOC_IGNORE__
#define _COASYNC_SITE coasync_await_site (__FILE__, __LINE__, G_STRFUNC)
#define coasync_await(future, error) \
  (_COASYNC_SITE, (coasync_await) ((future), (error)))
#define coasync_await_value(future, value, error) \
  (_COASYNC_SITE, (coasync_await_value) ((future), (value), (error)))
#define coasync_await_boolean(future, error) \
  (_COASYNC_SITE, (coasync_await_boolean) ((future), (error)))
#define coasync_await_int(future, error) \
  (_COASYNC_SITE, (coasync_await_int) ((future), (error)))
#define coasync_await_double(future, error) \
  (_COASYNC_SITE, (coasync_await_double) ((future), (error)))
#define coasync_await_string(future, error) \
  (_COASYNC_SITE, (coasync_await_string) ((future), (error)))
#define coasync_await_object(future, error) \
  (_COASYNC_SITE, (coasync_await_object) ((future), (error)))
#define coasync_await_pointer(future, error) \
  (_COASYNC_SITE, (coasync_await_pointer) ((future), (error)))
#endif

COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_value          (CoasyncTask     *self,
                                                  const GValue    *value);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_boolean        (CoasyncTask     *self,
                                                  gboolean         value);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_int            (CoasyncTask     *self,
                                                  gint             value);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_double         (CoasyncTask     *self,
                                                  gdouble          value);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_string         (CoasyncTask     *self,
                                                  const char      *value);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_object         (CoasyncTask     *self,
                                                  GObject         *value);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_pointer        (CoasyncTask     *self,
                                                  gpointer         value,
                                                  GDestroyNotify   notify);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_return_error          (CoasyncTask     *self,
                                                  GError          *error);

COASYNC_AVAILABLE_IN_ALL
gboolean      coasync_task_cancel                (CoasyncTask     *self,
                                                  const char      *msg);
COASYNC_AVAILABLE_IN_ALL
gint          coasync_task_uncancel              (CoasyncTask     *self);
COASYNC_AVAILABLE_IN_ALL
gint          coasync_task_cancelling            (CoasyncTask     *self);
COASYNC_AVAILABLE_IN_ALL
const char   *coasync_task_get_name              (CoasyncTask     *self);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_set_name              (CoasyncTask     *self,
                                                  const char      *name);
COASYNC_AVAILABLE_IN_ALL
GCancellable *coasync_task_get_cancellable       (CoasyncTask     *self);
COASYNC_AVAILABLE_IN_ALL
GPtrArray    *coasync_task_get_stack             (CoasyncTask     *self,
                                                  guint            limit);
COASYNC_AVAILABLE_IN_ALL
char         *coasync_task_format_stack          (CoasyncTask     *self,
                                                  guint            limit);
COASYNC_AVAILABLE_IN_ALL
void          coasync_task_print_stack           (CoasyncTask     *self,
                                                  guint            limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CoasyncStackFrame, coasync_stack_frame_free)

G_END_DECLS
