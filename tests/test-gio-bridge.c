/* test-gio-bridge.c: awaiting GIO's *_async() calls with
 * coasync_gio_future_new() and COASYNC_GIO_ARGS(), cancelling them by
 * cancelling the awaiting task, and coasync_future_new_for_cancellable().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "test-util.h"

#define CONTENTS "hello, coasync\n"

/* Loads @file in the current task through the bridge. */
static char *
load_contents (GFile   *file,
               gsize   *length,
               GError **error)
{
  CoasyncFuture *call = coasync_gio_future_new ();
  g_autoptr(GAsyncResult) result = NULL;
  char *contents = NULL;

  g_file_load_contents_async (file, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  if (result == NULL || !g_file_load_contents_finish (file, result, &contents, length, NULL, error))
    return NULL;
  return contents;
}

/* A temporary file: its contents come back. */

static gboolean
load_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (user_data);
  g_autofree char *contents = NULL;
  gsize length = 0;

  contents = load_contents (file, &length, error);
  if (contents == NULL)
    return FALSE;
  g_assert_cmpstr (contents, ==, CONTENTS);
  g_assert_cmpuint (length, ==, strlen (CONTENTS));
  return TRUE;
}

static void
test_load_contents (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("coasync-gio-bridge-XXXXXX", &path, &error);
  g_assert_no_error (error);
  g_assert_no_errno (close (fd));
  g_assert_true (g_file_set_contents (path, CONTENTS, -1, &error));
  g_assert_no_error (error);

  run_main (load_main, path);
  g_assert_no_errno (g_unlink (path));
}

/* The call's own error comes from the _finish() function. */

static gboolean
load_missing_main (CoasyncTask  *task,
                   gpointer      user_data,
                   GError      **error)
{
  g_autofree char *path = g_build_filename (user_data, "missing", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) err = NULL;
  gsize length = 0;

  g_assert_null (load_contents (file, &length, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  return TRUE;
}

static void
test_load_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("coasync-gio-bridge-XXXXXX", &error);

  g_assert_no_error (error);
  run_main (load_missing_main, dir);
  g_assert_no_errno (g_rmdir (dir));
}

/* A read from an empty pipe whose write end stays open never completes on
 * its own. Cancelling the task awaiting it ends the task at once; GIO
 * reports G_IO_ERROR_CANCELLED to its callback later.
 *
 * The read's callback finishes the read to see GIO's outcome, then hands
 * the result to the bridge's callback, which COASYNC_GIO_ARGS() would have
 * called directly. */

typedef struct
{
  GInputStream  *stream;
  CoasyncFuture *call;         /* the read's future: a reference kept to look at it */
  GCancellable  *called_back;  /* cancelled by the read's callback */
  GError        *gio_error;    /* what GIO reported */
  guint8         buffer[16];
} PipeRead;

static void
read_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  PipeRead *r = user_data;

  g_assert_cmpint (g_input_stream_read_finish (G_INPUT_STREAM (source), result, &r->gio_error), ==, -1);
  /* It finds the call cancelled and drops the call's reference. */
  coasync_gio_future_ready (source, result, r->call);
  g_cancellable_cancel (r->called_back);
}

static gboolean
reader (CoasyncTask  *task,
        gpointer      user_data,
        GError      **error)
{
  PipeRead *r = user_data;
  g_autoptr(GAsyncResult) result = NULL;

  g_input_stream_read_async (r->stream, r->buffer, sizeof r->buffer, G_PRIORITY_DEFAULT,
                             coasync_gio_future_get_cancellable (r->call), read_ready, r);
  result = coasync_await_object (g_object_ref (r->call), error);
  /* Nothing is ever written: only a cancellation ends the await. */
  g_assert_null (result);
  return FALSE;
}

static gboolean
cancel_read_main (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  int fds[2];
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CoasyncTask) reading = NULL;
  g_autoptr(GError) err = NULL;
  PipeRead r;

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &err));
  g_assert_no_error (err);
  stream = g_unix_input_stream_new (fds[0], TRUE);
  r.stream = stream;
  r.call = coasync_gio_future_new ();
  r.called_back = g_cancellable_new ();
  r.gio_error = NULL;

  reading = coasync_create_task (reader, &r, NULL);
  /* The reader is parked in the read. */
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_assert_false (coasync_future_done (r.call));
  g_assert_true (g_input_stream_has_pending (stream));

  g_assert_true (coasync_task_cancel (reading, "stop"));
  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (reading)), &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (err->message, ==, "stop");
  g_assert_true (coasync_future_cancelled (COASYNC_FUTURE (reading)));
  g_assert_true (coasync_future_cancelled (r.call));
  g_assert_true (g_cancellable_is_cancelled (coasync_gio_future_get_cancellable (r.call)));

  if (!coasync_await (coasync_future_new_for_cancellable (r.called_back), error))
    return FALSE;
  g_assert_error (r.gio_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_input_stream_has_pending (stream));

  g_clear_object (&r.call);
  g_clear_object (&r.called_back);
  g_clear_error (&r.gio_error);
  g_assert_no_errno (close (fds[1]));
  return TRUE;
}

static void
test_cancel_read (void)
{
  run_main (cancel_read_main, NULL);
}

/* coasync_future_new_for_cancellable(): done, with no result, when the
 * cancellable fires, at once if it has fired already; a cancelled future
 * stops watching. */

static gboolean
cancel_cancellable_soon (CoasyncTask  *task,
                         gpointer      user_data,
                         GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_cancellable_cancel (user_data);
  return TRUE;
}

static gboolean
cancellable_main (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) unwatched = g_cancellable_new ();
  g_autoptr(CoasyncFuture) fires = coasync_future_new_for_cancellable (cancellable);
  g_autoptr(CoasyncFuture) fired = NULL;
  g_autoptr(CoasyncFuture) dropped = coasync_future_new_for_cancellable (unwatched);
  g_autoptr(CoasyncTask) canceller = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_false (coasync_future_done (fires));
  canceller = coasync_create_task (cancel_cancellable_soon, cancellable, NULL);
  if (!coasync_await_value (g_object_ref (fires), &value, error))
    return FALSE;
  g_assert_true (G_VALUE_HOLDS_POINTER (&value) && g_value_get_pointer (&value) == NULL);
  g_assert_false (coasync_future_cancelled (fires));
  g_assert_true (g_cancellable_is_cancelled (cancellable));

  fired = coasync_future_new_for_cancellable (cancellable);
  g_assert_true (coasync_future_done (fired));
  g_assert_false (coasync_future_cancelled (fired));
  if (!coasync_await (g_object_ref (fired), error))
    return FALSE;

  g_assert_true (coasync_future_cancel (dropped, NULL));
  /* Lets its done callbacks run. */
  if (!coasync_await (coasync_sleep (0), error))
    return FALSE;
  g_assert_true (coasync_future_cancelled (dropped));
  g_clear_object (&dropped);
  /* Nothing watches it any more. */
  g_cancellable_cancel (unwatched);
  return TRUE;
}

static void
test_cancellable (void)
{
  run_main (cancellable_main, NULL);
}

/* A GSubprocess waited through the bridge: `true` succeeds, `false` fails
 * its wait_check. (The test path avoids "/subprocess", which GLib runs only
 * on request.) */

static gboolean
subprocess_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  g_autoptr(GSubprocess) ok = NULL;
  g_autoptr(GSubprocess) failing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) failed_result = NULL;
  g_autoptr(GError) err = NULL;
  CoasyncFuture *call;

  ok = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, "true", NULL);
  if (ok == NULL)
    return FALSE;
  call = coasync_gio_future_new ();
  g_subprocess_wait_async (ok, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  if (result == NULL || !g_subprocess_wait_finish (ok, result, error))
    return FALSE;
  g_assert_true (g_subprocess_get_if_exited (ok));
  g_assert_true (g_subprocess_get_successful (ok));

  failing = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, "false", NULL);
  if (failing == NULL)
    return FALSE;
  call = coasync_gio_future_new ();
  g_subprocess_wait_check_async (failing, COASYNC_GIO_ARGS (call));
  failed_result = coasync_await_object (call, error);
  if (failed_result == NULL)
    return FALSE;
  g_assert_false (g_subprocess_wait_check_finish (failing, failed_result, &err));
  g_assert_error (err, G_SPAWN_EXIT_ERROR, 1);
  return TRUE;
}

static void
test_subprocess (void)
{
  run_main (subprocess_main, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gio-bridge/load-contents", test_load_contents);
  g_test_add_func ("/gio-bridge/load-contents-error", test_load_missing);
  g_test_add_func ("/gio-bridge/cancel-read", test_cancel_read);
  g_test_add_func ("/gio-bridge/cancellable-future", test_cancellable);
  g_test_add_func ("/gio-bridge/process-wait", test_subprocess);

  return g_test_run ();
}
