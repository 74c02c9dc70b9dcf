/* gio-read-file.c: file I/O through GIO's asynchronous calls.
 *
 * asyncio has no file I/O of its own: a Python program hands the blocking
 * calls to a thread,
 *
 *     TEXT = "Hello from a file written and read by coasync.\n"
 *
 *     async def main():
 *         fd, name = tempfile.mkstemp(prefix="coasync-example-", suffix=".txt")
 *         os.close(fd)
 *         path = pathlib.Path(name)
 *         await asyncio.to_thread(path.write_text, TEXT)
 *         print(f"wrote {len(TEXT)} bytes")
 *         text = await asyncio.to_thread(path.read_text)
 *         print(f"read {len(text)} bytes: {text!r}")
 *         await asyncio.to_thread(path.unlink)
 *         print("deleted the file")
 *
 *     asyncio.run(main())
 *
 * GIO has an asynchronous form of each of these calls, and a task awaits
 * them through the bridge of coasync-gio.h: a future made by
 * coasync_gio_future_new() stands for one call, COASYNC_GIO_ARGS() fills in
 * the call's cancellable, callback and user data, and awaiting the future
 * gives the GAsyncResult for the `_finish()` function.  The loop runs
 * meanwhile, and cancelling the task would cancel the call.
 *
 * Output (CPython's, and this program's):
 *
 *     wrote 47 bytes
 *     read 47 bytes: 'Hello from a file written and read by coasync.\n'
 *     deleted the file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include <coasync/coasync.h>

#define TEXT "Hello from a file written and read by coasync.\n"

/* Writes TEXT to the new file of @iostream, and closes it. */
static gboolean
write_text (GFileIOStream  *iostream,
            GError        **error)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (iostream));
  gsize written;

  {
    CoasyncFuture *call = coasync_gio_future_new ();
    g_autoptr(GAsyncResult) result = NULL;

    g_output_stream_write_all_async (out, TEXT, strlen (TEXT), G_PRIORITY_DEFAULT,
                                     COASYNC_GIO_ARGS (call));
    result = coasync_await_object (call, error);
    if (result == NULL || !g_output_stream_write_all_finish (out, result, &written, error))
      return FALSE;
  }
  g_print ("wrote %" G_GSIZE_FORMAT " bytes\n", written);

  {
    CoasyncFuture *call = coasync_gio_future_new ();
    g_autoptr(GAsyncResult) result = NULL;

    g_io_stream_close_async (G_IO_STREAM (iostream), G_PRIORITY_DEFAULT,
                             COASYNC_GIO_ARGS (call));
    result = coasync_await_object (call, error);
    return result != NULL && g_io_stream_close_finish (G_IO_STREAM (iostream), result, error);
  }
}

/* path.read_text() */
static gboolean
read_text (GFile   *file,
           GError **error)
{
  CoasyncFuture *call = coasync_gio_future_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *repr = NULL;
  gsize length;

  g_file_load_contents_async (file, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  if (result == NULL ||
      !g_file_load_contents_finish (file, result, &contents, &length, NULL, error))
    return FALSE;

  /* Python's {text!r}, for this text. */
  repr = g_strescape (contents, NULL);
  g_print ("read %" G_GSIZE_FORMAT " bytes: '%s'\n", length, repr);
  return TRUE;
}

/* path.unlink() */
static gboolean
delete_file (GFile   *file,
             GError **error)
{
  CoasyncFuture *call = coasync_gio_future_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_file_delete_async (file, G_PRIORITY_DEFAULT, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  if (result == NULL || !g_file_delete_finish (file, result, error))
    return FALSE;
  g_print ("deleted the file\n");
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) iostream = NULL;
  GError *local_error = NULL;
  gboolean ok;

  /* tempfile.mkstemp(): the file is created, and opened for writing. */
  {
    CoasyncFuture *call = coasync_gio_future_new ();
    g_autoptr(GAsyncResult) result = NULL;

    g_file_new_tmp_async ("coasync-example-XXXXXX.txt", G_PRIORITY_DEFAULT,
                          COASYNC_GIO_ARGS (call));
    result = coasync_await_object (call, error);
    if (result == NULL)
      return FALSE;
    file = g_file_new_tmp_finish (result, &iostream, error);
    if (file == NULL)
      return FALSE;
  }

  /* Whatever happens, the file is deleted; the first failure is the one
   * reported. */
  ok = write_text (iostream, &local_error) && read_text (file, &local_error);
  ok = delete_file (file, ok ? &local_error : NULL) && ok;
  if (!ok)
    g_propagate_error (error, local_error);
  return ok;
}

int
main (void)
{
  g_autoptr(GError) error = NULL;

  if (!coasync_run (async_main, NULL, NULL, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
