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

/* Foreign errors.
 *
 * A binding turns a GError back and forth into its own exception type,
 * rebuilding it from the domain, code and message alone: anything attached
 * to the GError is lost on the way. So the payload of a foreign error lives
 * in a table, under a code of its own, and every GError of the domain with
 * that code, including one a binding rebuilds, holds a reference on it. The
 * payload is released when the last of those errors is freed. */

typedef struct
{
  gint   code;
  gint   ref_count;             /* GErrors holding it; under foreign_lock */
  GValue value;
} ForeignPayload;

typedef struct
{
  ForeignPayload *payload;      /* NULL if the code is unknown */
} ForeignPrivate;

static GMutex foreign_lock;
static GHashTable *foreign_payloads;    /* code → ForeignPayload */
static gint foreign_last_code;

/* Where GLib keeps an extended error's private data: right before the
 * GError, at the aligned size (the layout G_DEFINE_EXTENDED_ERROR uses). */
static ForeignPrivate *
foreign_private (const GError *error)
{
  const gsize align = 2 * sizeof (gsize);
  const gsize size = (sizeof (ForeignPrivate) + (align - 1)) & -align;

  return (ForeignPrivate *) (((guint8 *) error) - size);
}

static ForeignPayload *
foreign_payload_lookup_ref (gint code)
{
  ForeignPayload *payload = NULL;

  g_mutex_lock (&foreign_lock);
  if (foreign_payloads != NULL)
    payload = g_hash_table_lookup (foreign_payloads, GINT_TO_POINTER (code));
  if (payload != NULL)
    payload->ref_count++;
  g_mutex_unlock (&foreign_lock);
  return payload;
}

static void
foreign_payload_unref (ForeignPayload *payload)
{
  gboolean last;

  g_mutex_lock (&foreign_lock);
  last = --payload->ref_count == 0;
  if (last)
    g_hash_table_remove (foreign_payloads, GINT_TO_POINTER (payload->code));
  g_mutex_unlock (&foreign_lock);

  /* Outside the lock: freeing a binding's object may take its interpreter
   * lock, whose holder may be waiting for ours. */
  if (last)
    {
      g_value_unset (&payload->value);
      g_free (payload);
    }
}

static void
foreign_error_init (GError *error)
{
  foreign_private (error)->payload = foreign_payload_lookup_ref (error->code);
}

/* g_error_copy() has run the copy's init, which found the payload by its
 * code already. */
static void
foreign_error_copy (const GError *src,
                    GError       *dest)
{
  g_assert (foreign_private (dest)->payload == foreign_private (src)->payload);
}

static void
foreign_error_clear (GError *error)
{
  ForeignPrivate *priv = foreign_private (error);

  if (priv->payload != NULL)
    foreign_payload_unref (g_steal_pointer (&priv->payload));
}

/**
 * coasync_foreign_error_domain:
 *
 * Returns the #GQuark of the %COASYNC_FOREIGN_ERROR domain, whose name is
 * "coasync-foreign-error-quark". Its codes are not an enumeration, hence
 * a name that does not end in "error_quark".
 *
 * Returns: the error domain quark
 */
GQuark
coasync_foreign_error_domain (void)
{
  static gsize domain = 0;

  if (g_once_init_enter (&domain))
    {
      GQuark quark = g_error_domain_register_static ("coasync-foreign-error-quark",
                                                     sizeof (ForeignPrivate),
                                                     foreign_error_init,
                                                     foreign_error_copy,
                                                     foreign_error_clear);
      g_once_init_leave (&domain, quark);
    }
  return (GQuark) domain;
}

/**
 * coasync_foreign_error_new: (skip)
 * @payload: the exception object, for example a #GValue holding a Python
 *   object; it is copied
 * @message: a description for C code, e.g. "ValueError: bad input"
 *
 * Creates a %COASYNC_FOREIGN_ERROR error carrying @payload. Copies of the
 * error, and errors a binding rebuilds from its domain and code while one of
 * them lives, give @payload back with coasync_foreign_error_dup_payload().
 *
 * Bindings, which free a returned #GError as soon as they have converted
 * it, use coasync_future_set_foreign_error() instead.
 *
 * Returns: (transfer full): the new error
 */
GError *
coasync_foreign_error_new (const GValue *payload,
                           const char   *message)
{
  ForeignPayload *entry;
  GError *error;
  GQuark domain;

  g_return_val_if_fail (G_IS_VALUE (payload), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  domain = COASYNC_FOREIGN_ERROR;
  entry = g_new0 (ForeignPayload, 1);
  g_value_init (&entry->value, G_VALUE_TYPE (payload));
  g_value_copy (payload, &entry->value);

  g_mutex_lock (&foreign_lock);
  if (foreign_payloads == NULL)
    foreign_payloads = g_hash_table_new (NULL, NULL);
  /* Codes are positive and unique among the live payloads. */
  do
    foreign_last_code = foreign_last_code == G_MAXINT ? 1 : foreign_last_code + 1;
  while (g_hash_table_contains (foreign_payloads, GINT_TO_POINTER (foreign_last_code)));
  entry->code = foreign_last_code;
  g_hash_table_insert (foreign_payloads, GINT_TO_POINTER (entry->code), entry);
  g_mutex_unlock (&foreign_lock);

  /* The error's init takes the only reference. */
  error = g_error_new_literal (domain, entry->code, message);
  g_assert (foreign_private (error)->payload == entry);
  return error;
}

/**
 * coasync_foreign_error_dup_payload:
 * @error: an error
 *
 * Gives back the exception object a %COASYNC_FOREIGN_ERROR error carries.
 *
 * Returns: (transfer full) (nullable): a copy of the payload, or %NULL if
 *   @error is not a foreign error or its payload is unknown
 */
GValue *
coasync_foreign_error_dup_payload (const GError *error)
{
  ForeignPayload *entry;
  GValue *payload;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != COASYNC_FOREIGN_ERROR)
    return NULL;
  entry = foreign_private (error)->payload;
  if (entry == NULL)
    return NULL;
  payload = g_new0 (GValue, 1);
  g_value_init (payload, G_VALUE_TYPE (&entry->value));
  g_value_copy (&entry->value, payload);
  return payload;
}
