/* test-gio.c: a real GIO operation inside a task is stopped through the
 * task's GCancellable (coasync_task_get_cancellable()) when the task is
 * cancelled by a timeout or by a failing TaskGroup sibling.
 *
 * The operation is a read from an empty pipe whose write end stays open, so
 * it would never complete on its own. Its GIO callback completes a coasync
 * future that the reading task awaits.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <fcntl.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "test-util.h"

/* One g_input_stream_read_async() call. */
typedef struct
{
  GInputStream  *stream;
  CoasyncFuture *result;      /* awaited by the reading task: bytes read */
  CoasyncFuture *finished;    /* set once GIO has called back */
  GError        *gio_error;   /* what the GIO callback got */
  guint8         buffer[16];
} PipeRead;

/* The read end of a new pipe; the write end goes to @write_fd. */
static GInputStream *
open_pipe (int *write_fd)
{
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  *write_fd = fds[1];
  return g_unix_input_stream_new (fds[0], TRUE);
}

static void
pipe_read_init (PipeRead     *r,
                GInputStream *stream)
{
  r->stream = stream;
  r->result = coasync_future_new ();
  r->finished = coasync_future_new ();
  r->gio_error = NULL;
}

static void
pipe_read_clear (PipeRead *r)
{
  g_clear_object (&r->result);
  g_clear_object (&r->finished);
  g_clear_error (&r->gio_error);
}

static void
read_ready (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  PipeRead *r = user_data;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), res, &r->gio_error);
  /* A cancelled task has cancelled the future it awaited already. */
  if (!coasync_future_done (r->result))
    {
      if (n < 0)
        g_assert_true (coasync_future_set_error (r->result, r->gio_error, NULL));
      else
        g_assert_true (coasync_future_set_int (r->result, (gint) n, NULL));
    }
  g_assert_true (coasync_future_set_boolean (r->finished, TRUE, NULL));
}

/* Reads from the pipe in the current task, with the task's cancellable.
 * When the await fails, waits for GIO to call back before passing the error
 * on, so that no GIO call outlives the body. Returns the bytes read, or -1. */
static gssize
read_pipe (PipeRead  *r,
           GError   **error)
{
  GCancellable *cancellable = coasync_task_get_cancellable (coasync_current_task ());
  g_autoptr(GError) err = NULL;
  gint n;

  g_input_stream_read_async (r->stream, r->buffer, sizeof r->buffer, G_PRIORITY_DEFAULT,
                             cancellable, read_ready, r);
  n = coasync_await_int (g_object_ref (r->result), &err);
  if (err != NULL)
    {
      g_autoptr(GError) wait_error = NULL;

      coasync_await (g_object_ref (r->finished), &wait_error);
      g_assert_no_error (wait_error);
      g_propagate_error (error, g_steal_pointer (&err));
      return -1;
    }
  return n;
}

/* A timeout stops the read: the body sees the cancellation, the timeout's
 * exit turns it into G_IO_ERROR_TIMED_OUT, and GIO reports
 * G_IO_ERROR_CANCELLED to its callback. */

static gboolean
timeout_main (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  int write_fd;
  g_autoptr(GInputStream) stream = open_pipe (&write_fd);
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (0.02);
  g_autoptr(GError) err = NULL;
  PipeRead r;

  pipe_read_init (&r, stream);
  g_assert_cmpint (read_pipe (&r, &err), ==, -1);
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (coasync_timeout_exit (timeout, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (coasync_timeout_expired (timeout));
  g_assert_cmpint (coasync_task_cancelling (task), ==, 0);

  g_assert_error (r.gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (coasync_future_cancelled (r.result));

  pipe_read_clear (&r);
  g_assert_no_errno (close (write_fd));
  return TRUE;
}

static void
test_timeout (void)
{
  run_main (timeout_main, NULL);
}

/* A failing sibling stops the read: the reading member ends cancelled, its
 * GIO callback gets G_IO_ERROR_CANCELLED, and the group's error holds the
 * sibling's error only. */

static gboolean
reader (CoasyncTask  *task,
        gpointer      user_data,
        GError      **error)
{
  PipeRead *r = user_data;
  g_autoptr(GError) err = NULL;

  if (read_pipe (r, &err) < 0)
    {
      g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
fail_soon (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "boom");
  return FALSE;
}

static gboolean
task_group_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  int write_fd;
  g_autoptr(GInputStream) stream = open_pipe (&write_fd);
  g_autoptr(GError) err = NULL;
  GPtrArray *members;
  const GError *member;
  PipeRead r;

  pipe_read_init (&r, stream);
  {
    g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
    g_autoptr(CoasyncTask) reading = coasync_task_group_create_task (tg, reader, &r, NULL, &err);
    g_autoptr(CoasyncTask) failing = coasync_task_group_create_task (tg, fail_soon, NULL, NULL, &err);

    g_assert_no_error (err);
    g_assert_false (coasync_task_group_wait (tg, &err));
    g_assert_true (coasync_future_cancelled (COASYNC_FUTURE (reading)));
    g_assert_true (g_cancellable_is_cancelled (coasync_task_get_cancellable (reading)));
  }
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_GROUP);
  members = coasync_error_group_get_errors (err);
  g_assert_cmpuint (members->len, ==, 1);
  member = g_ptr_array_index (members, 0);
  g_assert_error (member, TEST_ERROR, TEST_ERROR_VALUE);
  g_assert_cmpint (coasync_task_cancelling (task), ==, 0);

  g_assert_error (r.gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  pipe_read_clear (&r);
  g_assert_no_errno (close (write_fd));
  return TRUE;
}

static void
test_task_group (void)
{
  run_main (task_group_main, NULL);
}

/* Once uncancel() brings cancelling() back to 0, the task gets a fresh,
 * uncancelled GCancellable, and GIO calls made with it work again. While a
 * request remains, the cancelled one stays. */

static gboolean
uncancel_task (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  int *write_fd = user_data;
  g_autoptr(GCancellable) first = g_object_ref (coasync_task_get_cancellable (task));
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) err = NULL;
  GCancellable *fresh;
  PipeRead r;

  g_assert_false (g_cancellable_is_cancelled (first));
  g_assert_false (coasync_await (coasync_sleep (1), &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&err);
  g_assert_true (g_cancellable_is_cancelled (first));

  g_assert_cmpint (coasync_task_uncancel (task), ==, 1);
  g_assert_true (coasync_task_get_cancellable (task) == first);
  g_assert_true (g_cancellable_is_cancelled (first));

  g_assert_cmpint (coasync_task_uncancel (task), ==, 0);
  fresh = coasync_task_get_cancellable (task);
  g_assert_true (fresh != first);
  g_assert_false (g_cancellable_is_cancelled (fresh));
  g_assert_true (g_cancellable_is_cancelled (first));

  stream = open_pipe (write_fd);
  g_assert_cmpint (write (*write_fd, "x", 1), ==, 1);
  pipe_read_init (&r, stream);
  g_assert_cmpint (read_pipe (&r, &err), ==, 1);
  g_assert_no_error (err);
  g_assert_cmpint (r.buffer[0], ==, 'x');
  pipe_read_clear (&r);
  return TRUE;
}

static gboolean
uncancel_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  int write_fd = -1;
  g_autoptr(CoasyncTask) t = coasync_create_task (uncancel_task, &write_fd, NULL);
  g_autoptr(GError) err = NULL;

  g_assert_true (coasync_await (coasync_sleep (0), NULL));
  /* Two requests, one cancellation delivered. */
  g_assert_true (coasync_task_cancel (t, NULL));
  g_assert_true (coasync_task_cancel (t, NULL));
  g_assert_true (coasync_await (COASYNC_FUTURE (g_object_ref (t)), &err));
  g_assert_no_error (err);
  g_assert_no_errno (close (write_fd));
  return TRUE;
}

static void
test_uncancel (void)
{
  run_main (uncancel_main, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gio/timeout", test_timeout);
  g_test_add_func ("/gio/task-group", test_task_group);
  g_test_add_func ("/gio/uncancel-fresh-cancellable", test_uncancel);

  return g_test_run ();
}
