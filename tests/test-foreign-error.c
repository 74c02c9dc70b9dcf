/* test-foreign-error.c: errors that carry another language's exception
 * object (COASYNC_FOREIGN_ERROR), as bindings use them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

/* A stand-in for a binding's exception object: a boxed type whose
 * references are counted, so the payload's lifetime can be checked. The
 * tests hold no reference of their own: it is freed when the count is 0. */
typedef struct
{
  const char *name;
  gint        refs;
} Exception;

static gint exception_frees;

static Exception *
exception_ref (Exception *self)
{
  self->refs++;
  return self;
}

static void
exception_unref (Exception *self)
{
  if (--self->refs == 0)
    exception_frees++;
}

static GType exception_get_type (void);
G_DEFINE_BOXED_TYPE (Exception, exception, exception_ref, exception_unref)

static GError *
new_foreign (Exception *exception)
{
  g_auto(GValue) payload = G_VALUE_INIT;

  g_value_init (&payload, exception_get_type ());
  g_value_take_boxed (&payload, exception_ref (exception));
  return coasync_foreign_error_new (&payload, exception->name);
}

static Exception *
payload_of (const GError *error)
{
  GValue *payload = coasync_foreign_error_dup_payload (error);
  Exception *exception;

  if (payload == NULL)
    return NULL;
  exception = g_value_get_boxed (payload);
  g_value_unset (payload);
  g_free (payload);
  return exception;
}

/* Copies, rebuilt errors and group members all lead back to the object,
 * which is released once, with the last error that refers to it. */
static void
test_lifetime (void)
{
  Exception exception = { "ValueError: x", 0 };
  GError *error, *copy, *rebuilt, *group, *other;
  g_autoptr(GPtrArray) members = g_ptr_array_new ();

  exception_frees = 0;
  error = new_foreign (&exception);
  g_assert_true (g_error_matches (error, COASYNC_FOREIGN_ERROR, error->code));
  g_assert_cmpstr (error->message, ==, "ValueError: x");
  g_assert_true (payload_of (error) == &exception);

  copy = g_error_copy (error);
  /* What a binding does with an error it converted: rebuild it from its
   * domain, code and message. */
  rebuilt = g_error_new_literal (error->domain, error->code, error->message);
  g_ptr_array_add (members, copy);
  group = coasync_error_group_new ("unhandled errors", members);
  g_assert_true (payload_of (rebuilt) == &exception);
  g_assert_true (payload_of (g_ptr_array_index (coasync_error_group_get_errors (group), 0)) == &exception);

  /* A second object gets another code. */
  {
    Exception second = { "KeyError: k", 0 };

    other = new_foreign (&second);
    g_assert_cmpint (other->code, !=, error->code);
    g_assert_true (payload_of (other) == &second);
    g_error_free (other);
    g_assert_cmpint (exception_frees, ==, 1);
    exception_frees = 0;
  }

  g_error_free (error);
  g_error_free (copy);
  g_error_free (rebuilt);
  g_assert_cmpint (exception_frees, ==, 0);
  g_error_free (group);
  g_assert_cmpint (exception_frees, ==, 1);
  g_assert_cmpint (exception.refs, ==, 0);
}

/* Once every error with it is gone, a rebuilt error finds no payload; other
 * errors have none. */
static void
test_unknown (void)
{
  Exception exception = { "E", 0 };
  GError *error = new_foreign (&exception);
  GQuark domain = error->domain;
  gint code = error->code;
  g_autoptr(GError) stale = NULL;
  g_autoptr(GError) plain = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_error_free (error);
  stale = g_error_new_literal (domain, code, "E");
  g_assert_null (payload_of (stale));
  g_assert_null (payload_of (plain));
}

/* A future failed with a binding's object gives it back through every way
 * of reading its error. */
static void
test_future (void)
{
  Exception exception = { "ValueError: y", 0 };
  g_autoptr(CoasyncFuture) future = coasync_future_new ();
  g_auto(GValue) payload = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;

  exception_frees = 0;
  g_value_init (&payload, exception_get_type ());
  g_value_take_boxed (&payload, exception_ref (&exception));
  g_assert_true (coasync_future_set_foreign_error (future, &payload, "ValueError: y", NULL));
  g_assert_false (coasync_future_set_foreign_error (future, &payload, "again", &again));
  g_assert_error (again, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE);

  g_assert_false (coasync_future_get_result (future, NULL, &error));
  g_assert_true (payload_of (error) == &exception);
  g_assert_cmpstr (error->message, ==, "ValueError: y");
  g_clear_error (&error);
  g_clear_object (&future);
  g_value_unset (&payload);
  g_assert_cmpint (exception_frees, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/foreign-error/lifetime", test_lifetime);
  g_test_add_func ("/foreign-error/unknown", test_unknown);
  g_test_add_func ("/foreign-error/future", test_future);

  return g_test_run ();
}
