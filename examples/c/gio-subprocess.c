/* gio-subprocess.c: running a command and reading its output, with
 * GSubprocess.
 *
 * asyncio's subprocess example, with the command run directly rather than
 * by a shell:
 *
 *     async def run(*args):
 *         proc = await asyncio.create_subprocess_exec(
 *             *args,
 *             stdout=asyncio.subprocess.PIPE,
 *             stderr=asyncio.subprocess.PIPE)
 *
 *         stdout, stderr = await proc.communicate()
 *
 *         print(f'[{" ".join(args)!r} exited with {proc.returncode}]')
 *         if stdout:
 *             print(f'[stdout]\n{stdout.decode()}')
 *         if stderr:
 *             print(f'[stderr]\n{stderr.decode()}')
 *
 *     asyncio.run(run('echo', 'hello'))
 *
 * g_subprocess_communicate_utf8_async() is proc.communicate(): it collects
 * both outputs and completes once the process has exited.  The task awaits
 * it through the GIO bridge (coasync-gio.h); cancelling the task would
 * cancel the call.
 *
 * Output (CPython's, and this program's; the output of echo ends with a
 * newline, and print() adds one):
 *
 *     ['echo hello' exited with 0]
 *     [stdout]
 *     hello
 *
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include <coasync/coasync.h>

/* asyncio's `async def run(*args)`, with @argv as the arguments. */
static gboolean
run (const char * const  *argv,
     GError             **error)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *stdout_buf = NULL;
  g_autofree char *stderr_buf = NULL;
  g_autofree char *command = NULL;
  CoasyncFuture *call;

  /* The process starts at once (GSubprocess looks the program up in
   * PATH). */
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
  if (proc == NULL)
    return FALSE;

  /* stdout, stderr = await proc.communicate() */
  call = coasync_gio_future_new ();
  g_subprocess_communicate_utf8_async (proc, NULL, COASYNC_GIO_ARGS (call));
  result = coasync_await_object (call, error);
  if (result == NULL ||
      !g_subprocess_communicate_utf8_finish (proc, result, &stdout_buf, &stderr_buf, error))
    return FALSE;

  command = g_strjoinv (" ", (char **) argv);
  if (g_subprocess_get_if_exited (proc))
    g_print ("['%s' exited with %d]\n", command, g_subprocess_get_exit_status (proc));
  else
    /* proc.returncode is minus the signal that killed the process. */
    g_print ("['%s' exited with %d]\n", command, -g_subprocess_get_term_sig (proc));
  if (stdout_buf != NULL && *stdout_buf != '\0')
    g_print ("[stdout]\n%s\n", stdout_buf);
  if (stderr_buf != NULL && *stderr_buf != '\0')
    g_print ("[stderr]\n%s\n", stderr_buf);
  return TRUE;
}

static gboolean
async_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  const char * const argv[] = { "echo", "hello", NULL };

  return run (argv, error);
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
