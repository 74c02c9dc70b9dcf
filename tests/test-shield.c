/* test-shield.c: the SHD-* scenarios of conformance.md (shield), and
 * Appendix B's rule that shielding a future that is already done returns
 * that future itself.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

/* Awaits shield(inner); if that fails, prints "<name>:<error type>" and
 * re-raises. */
typedef struct
{
  const char *name;
  CoasyncTask *inner;
} Shielded;

static gboolean
await_shielded_task (CoasyncTask  *task,
                     gpointer      user_data,
                     GError      **error)
{
  Shielded *s = user_data;

  if (!coasync_await (coasync_shield (COASYNC_FUTURE (g_object_ref (s->inner))), error))
    {
      trace_add ("%s:%s", s->name, error_type (*error));
      return FALSE;
    }
  return TRUE;
}

/* SHD-01 */

static gboolean
shd01_inner (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  if (!coasync_await (coasync_sleep (0.02), error))
    return FALSE;
  trace_add ("inner:done");
  coasync_task_return_int (task, 5);
  return TRUE;
}

static gboolean
shd01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) inner = coasync_create_task (shd01_inner, NULL, NULL);
  Shielded s = { "outer", inner };
  g_autoptr(CoasyncTask) outer = coasync_create_task (await_shielded_task, &s, NULL);
  g_autoptr(GError) err = NULL;
  gint v;

  tick ();
  g_assert_true (coasync_task_cancel (outer, NULL));
  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (outer)), &err));
  trace_add ("awaiter:%s", error_type (err));
  g_clear_error (&err);
  v = coasync_await_int (COASYNC_FUTURE (g_object_ref (inner)), &err);
  g_assert_no_error (err);
  trace_add ("inner=%d inner.cancelled=%s outer.cancelled=%s",
             v, PYBOOL (task_cancelled (inner)), PYBOOL (task_cancelled (outer)));
  return TRUE;
}

static void
test_shd01 (void)
{
  trace_begin ("SHD-01");
  run_main (shd01_main, NULL);
  trace_assert ("SHD-01: outer:CancelledError | awaiter:CancelledError | inner:done"
                " | inner=5 inner.cancelled=False outer.cancelled=True");
}

/* SHD-02 */

static gboolean
shd02_awaiter (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  if (!coasync_await (g_object_ref (COASYNC_FUTURE (user_data)), error))
    {
      trace_add ("awaiter:%s", error_type (*error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
shd02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) inner = coasync_future_new ();
  g_autoptr(CoasyncFuture) shield = coasync_shield (g_object_ref (inner));
  g_autoptr(CoasyncTask) t = coasync_create_task (shd02_awaiter, shield, NULL);
  g_autoptr(GError) err = NULL;

  tick ();
  g_assert_true (coasync_future_cancel (inner, NULL));
  g_assert_false (coasync_await (COASYNC_FUTURE (g_object_ref (t)), &err));
  trace_add ("shield.cancelled=%s task.cancelled=%s",
             PYBOOL (coasync_future_cancelled (shield)), PYBOOL (task_cancelled (t)));
  return TRUE;
}

static void
test_shd02 (void)
{
  trace_begin ("SHD-02");
  run_main (shd02_main, NULL);
  trace_assert ("SHD-02: awaiter:CancelledError | shield.cancelled=True task.cancelled=True");
}

/* SHD-04 */

static gboolean
shd04_it (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  if (!coasync_await (coasync_sleep (0.02), error))
    return FALSE;
  coasync_task_return_string (task, "r");
  return TRUE;
}

static gboolean
shd04_outer (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  CoasyncTask *it = user_data;
  g_autoptr(GError) err = NULL;
  char *v;

  if (!coasync_await (coasync_shield (COASYNC_FUTURE (g_object_ref (it))), &err))
    {
      g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      trace_add ("ignored-cancel cancelling=%d", coasync_task_cancelling (task));
    }
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (it)), error);
  if (v == NULL)
    return FALSE;
  coasync_task_return_string (task, v);
  g_free (v);
  return TRUE;
}

static gboolean
shd04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) it = coasync_create_task (shd04_it, NULL, NULL);
  g_autoptr(CoasyncTask) outer = coasync_create_task (shd04_outer, it, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (outer, NULL));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (outer)), &err);
  g_assert_no_error (err);
  trace_add ("await='%s' outer.cancelled=%s", v, PYBOOL (task_cancelled (outer)));
  return TRUE;
}

static void
test_shd04 (void)
{
  trace_begin ("SHD-04");
  run_main (shd04_main, NULL);
  trace_assert ("SHD-04: ignored-cancel cancelling=1 | await='r' outer.cancelled=False");
}

/* SHD-05 */

static gboolean
shd05_child (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  if (!coasync_await (coasync_sleep (0.02), error))
    return FALSE;
  coasync_task_return_int (task, GPOINTER_TO_INT (user_data));
  return TRUE;
}

static gboolean
shd05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) c1 = coasync_create_task (shd05_child, GINT_TO_POINTER (1), NULL);
  g_autoptr(CoasyncTask) c2 = coasync_create_task (shd05_child, GINT_TO_POINTER (2), NULL);
  g_autoptr(CoasyncFuture) s1 = coasync_shield (COASYNC_FUTURE (g_object_ref (c1)));
  g_autoptr(CoasyncFuture) s2 = coasync_shield (COASYNC_FUTURE (g_object_ref (c2)));
  CoasyncFuture *shields[] = { s1, s2 };
  g_autoptr(CoasyncFuture) g = coasync_gather (shields, G_N_ELEMENTS (shields), FALSE);
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exc = NULL;
  gint v1, v2;

  tick ();
  trace_add ("g.cancel=%s", PYBOOL (coasync_future_cancel (g, NULL)));
  g_assert_false (coasync_await (g_object_ref (g), &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&err);
  trace_add ("s1.cancelled=%s s2.cancelled=%s c1.cancelled=%s",
             PYBOOL (coasync_future_cancelled (s1)), PYBOOL (coasync_future_cancelled (s2)),
             PYBOOL (task_cancelled (c1)));
  /* As in GAT-07, the gather holds a CancelledError without being cancelled. */
  exc = coasync_future_get_exception (g, &err);
  g_assert_no_error (err);
  trace_add ("g.exception=%s", error_type (exc));
  v1 = coasync_await_int (COASYNC_FUTURE (g_object_ref (c1)), &err);
  g_assert_no_error (err);
  v2 = coasync_await_int (COASYNC_FUTURE (g_object_ref (c2)), &err);
  g_assert_no_error (err);
  trace_add ("c1=%d c2=%d", v1, v2);
  return TRUE;
}

static void
test_shd05 (void)
{
  trace_begin ("SHD-05");
  run_main (shd05_main, NULL);
  trace_assert ("SHD-05: g.cancel=True | s1.cancelled=True s2.cancelled=True c1.cancelled=False"
                " | g.exception=CancelledError | c1=1 c2=2");
}

/* shield() of a future that is already done returns that future itself,
 * whether it has a result, was cancelled, or is a finished task. */

static gboolean
returns_seven (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  coasync_task_return_int (task, 7);
  return TRUE;
}

static gboolean
done_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncFuture) with_result = coasync_future_new ();
  g_autoptr(CoasyncFuture) cancelled = coasync_future_new ();
  g_autoptr(CoasyncTask) finished = coasync_create_task (returns_seven, NULL, NULL);
  g_autoptr(CoasyncFuture) s1 = NULL;
  g_autoptr(CoasyncFuture) s2 = NULL;
  g_autoptr(CoasyncFuture) s3 = NULL;
  g_autoptr(GError) err = NULL;

  g_assert_true (coasync_future_set_int (with_result, 3, &err));
  g_assert_true (coasync_future_cancel (cancelled, NULL));
  g_assert_true (coasync_await (COASYNC_FUTURE (g_object_ref (finished)), &err));
  g_assert_no_error (err);

  s1 = coasync_shield (g_object_ref (with_result));
  s2 = coasync_shield (g_object_ref (cancelled));
  s3 = coasync_shield (COASYNC_FUTURE (g_object_ref (finished)));
  trace_add ("result:same=%s", PYBOOL (s1 == with_result));
  trace_add ("cancelled:same=%s", PYBOOL (s2 == cancelled));
  trace_add ("task:same=%s", PYBOOL (s3 == COASYNC_FUTURE (finished)));
  trace_add ("await=%d", coasync_await_int (g_steal_pointer (&s1), &err));
  g_assert_no_error (err);
  return TRUE;
}

static void
test_done (void)
{
  trace_begin ("done");
  run_main (done_main, NULL);
  trace_assert ("done: result:same=True | cancelled:same=True | task:same=True | await=3");
}

/* An error of the protected future reaches the awaiter through the shield. */

static gboolean
failing_inner (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "inner");
  return FALSE;
}

static gboolean
inner_error_main (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  g_autoptr(CoasyncTask) inner = coasync_create_task (failing_inner, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *repr = NULL;

  g_assert_false (coasync_await (coasync_shield (COASYNC_FUTURE (g_object_ref (inner))), &err));
  repr = error_repr (err);
  trace_add ("awaiter:%s", repr);
  return TRUE;
}

static void
test_inner_error (void)
{
  trace_begin ("inner-error");
  run_main (inner_error_main, NULL);
  trace_assert ("inner-error: awaiter:ValueError('inner')");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shield/SHD-01", test_shd01);
  g_test_add_func ("/shield/SHD-02", test_shd02);
  g_test_add_func ("/shield/SHD-04", test_shd04);
  g_test_add_func ("/shield/SHD-05", test_shd05);
  g_test_add_func ("/shield/done", test_done);
  g_test_add_func ("/shield/inner-error", test_inner_error);

  return g_test_run ();
}
