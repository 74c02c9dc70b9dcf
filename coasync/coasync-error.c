/* coasync-error.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-error.h"

/**
 * SECTION:coasync-error
 * @title: Errors
 * @short_description: How asyncio's exceptions map onto #GError
 *
 * coasync reports asyncio's exceptions as #GError values:
 *
 * - `CancelledError` is %G_IO_ERROR_CANCELLED in the %G_IO_ERROR domain,
 *   its message the cancel message (or "Operation was cancelled");
 * - `TimeoutError` is %G_IO_ERROR_TIMED_OUT;
 * - `InvalidStateError` is %COASYNC_ERROR_INVALID_STATE;
 * - `ExceptionGroup` is %COASYNC_ERROR_GROUP, whose members
 *   coasync_error_group_get_errors() returns;
 * - the `RuntimeError`s of asyncio (no running loop, a nested run, a closed
 *   group) have their own codes in the %COASYNC_ERROR domain.
 *
 * Using GIO's codes for cancellation and timeouts means GIO code and coasync
 * code speak the same errors: a GIO call cancelled through a task's
 * #GCancellable fails the task with the very error a cancelled task has.
 */

/* Errors of the COASYNC_ERROR domain can carry the members of a group;
 * copies share the (immutable) array. */
typedef struct
{
  GPtrArray *errors;
} CoasyncErrorPrivate;

static void
coasync_error_private_init (CoasyncErrorPrivate *priv)
{
  priv->errors = NULL;
}

static void
coasync_error_private_copy (const CoasyncErrorPrivate *src,
                            CoasyncErrorPrivate       *dest)
{
  dest->errors = src->errors != NULL ? g_ptr_array_ref (src->errors) : NULL;
}

static void
coasync_error_private_clear (CoasyncErrorPrivate *priv)
{
  g_clear_pointer (&priv->errors, g_ptr_array_unref);
}

/**
 * coasync_error_quark:
 *
 * Returns the #GQuark of the %COASYNC_ERROR domain.
 *
 * Returns: the error domain quark
 */
G_DEFINE_EXTENDED_ERROR (CoasyncError, coasync_error)

/**
 * coasync_error_group_new:
 * @message: what the errors have in common, e.g. "unhandled errors in a
 *   TaskGroup"
 * @errors: (element-type GLib.Error) (transfer none): the member errors, in
 *   the order they were collected; they are copied
 *
 * Creates an error group, asyncio's `ExceptionGroup`: a %COASYNC_ERROR_GROUP
 * error whose message is @message followed by the count and the messages of
 * the members, and whose members coasync_error_group_get_errors() returns.
 *
 * Returns: (transfer full): the new error
 */
GError *
coasync_error_group_new (const char *message,
                         GPtrArray  *errors)
{
  CoasyncErrorPrivate *priv;
  GPtrArray *members;
  GString *text;
  GError *group;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (errors != NULL && errors->len > 0, NULL);

  members = g_ptr_array_new_full (errors->len, (GDestroyNotify) g_error_free);
  text = g_string_new (message);
  g_string_append_printf (text, " (%u sub-exception%s)", errors->len, errors->len > 1 ? "s" : "");
  for (guint i = 0; i < errors->len; i++)
    {
      const GError *member = g_ptr_array_index (errors, i);

      g_ptr_array_add (members, g_error_copy (member));
      g_string_append_printf (text, "%s%s: %s", i == 0 ? ": " : "; ",
                              g_quark_to_string (member->domain), member->message);
    }

  group = g_error_new_literal (COASYNC_ERROR, COASYNC_ERROR_GROUP, text->str);
  g_string_free (text, TRUE);
  priv = coasync_error_get_private (group);
  priv->errors = members;
  return group;
}

/**
 * coasync_error_group_get_errors:
 * @error: a %COASYNC_ERROR_GROUP error
 *
 * Returns the members of an error group, in the order they were collected.
 * A member may itself be a group.
 *
 * Returns: (element-type GLib.Error) (transfer none) (nullable): the member
 *   errors, or %NULL if @error is not a group
 */
GPtrArray *
coasync_error_group_get_errors (const GError *error)
{
  CoasyncErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  if (!g_error_matches (error, COASYNC_ERROR, COASYNC_ERROR_GROUP))
    return NULL;
  priv = coasync_error_get_private (error);
  return priv != NULL ? priv->errors : NULL;
}
