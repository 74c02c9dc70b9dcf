/* test-util.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

static GString *trace;
static gboolean trace_empty;

G_DEFINE_QUARK (test-error-quark, test_error)

void
trace_begin (const char *id)
{
  if (trace == NULL)
    trace = g_string_new (NULL);
  g_string_printf (trace, "%s: ", id);
  trace_empty = TRUE;
}

void
trace_add (const char *format,
           ...)
{
  va_list args;

  if (!trace_empty)
    g_string_append (trace, " | ");
  trace_empty = FALSE;
  va_start (args, format);
  g_string_append_vprintf (trace, format, args);
  va_end (args);
}

void
trace_append (const char *format,
              ...)
{
  va_list args;

  trace_empty = FALSE;
  va_start (args, format);
  g_string_append_vprintf (trace, format, args);
  va_end (args);
}

const char *
trace_get (void)
{
  return trace->str;
}

const char *
error_type (const GError *error)
{
  if (error == NULL)
    return "None";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "CancelledError";
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return "TimeoutError";
  if (error->domain == COASYNC_ERROR)
    {
      switch (error->code)
        {
        case COASYNC_ERROR_INVALID_STATE:
          return "InvalidStateError";
        case COASYNC_ERROR_GROUP:
          return "ExceptionGroup";
        default:
          return "RuntimeError";
        }
    }
  if (error->domain == TEST_ERROR)
    {
      switch ((TestError) error->code)
        {
        case TEST_ERROR_VALUE:
          return "ValueError";
        case TEST_ERROR_KEY:
          return "KeyError";
        case TEST_ERROR_ZERO_DIVISION:
          return "ZeroDivisionError";
        case TEST_ERROR_TYPE:
          return "TypeError";
        case TEST_ERROR_RUNTIME:
          return "RuntimeError";
        }
    }
  return g_quark_to_string (error->domain);
}

char *
error_repr (const GError *error)
{
  const char *type = error_type (error);

  if (error == NULL)
    return g_strdup ("None");
  if (g_error_matches (error, COASYNC_ERROR, COASYNC_ERROR_GROUP))
    {
      GPtrArray *members = coasync_error_group_get_errors (error);
      GString *out = g_string_new ("ExceptionGroup[");

      for (guint i = 0; members != NULL && i < members->len; i++)
        {
          g_autofree char *member = error_repr (g_ptr_array_index (members, i));

          g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", member);
        }
      g_string_append_c (out, ']');
      return g_string_free (out, FALSE);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && (g_str_equal (error->message, "Operation was cancelled")
          || error->message[0] == '\0'))
    return g_strdup ("CancelledError()");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup ("TimeoutError()");
  if (g_error_matches (error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE))
    return g_strdup ("InvalidStateError");
  return g_strdup_printf ("%s('%s')", type, error->message);
}

void
run_main (CoasyncTaskFunc func,
          gpointer        user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = coasync_run (func, user_data, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

void
trace_error (const char   *prefix,
             const GError *error)
{
  g_autofree char *repr = error_repr (error);

  trace_add ("%s%s", prefix, repr);
}

void
tick (void)
{
  g_autoptr(GError) error = NULL;

  coasync_await (coasync_sleep (0), &error);
  g_assert_no_error (error);
}

gboolean
await_task (CoasyncTask  *task,
            GError      **error)
{
  return coasync_await (COASYNC_FUTURE (g_object_ref (task)), error);
}

gboolean
task_cancelled (CoasyncTask *task)
{
  return coasync_future_cancelled (COASYNC_FUTURE (task));
}

gboolean
task_done (CoasyncTask *task)
{
  return coasync_future_done (COASYNC_FUTURE (task));
}

gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

gboolean
sleep_1s (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  return coasync_await (coasync_sleep (1), error);
}
