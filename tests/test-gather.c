/* test-gather.c: the GAT-* scenarios of conformance.md (gather), with the
 * rules of its Appendix B: duplicates share one child, the result list keeps
 * the argument order, and gather takes its own references to the futures.
 *
 * A result list prints like Python's repr of a list: ['a', 1, None], with
 * errors of a return_exceptions list written by error_repr().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

/* Python's repr of one slot of a result list. */
static char *
value_repr (const GValue *value)
{
  g_assert_nonnull (value);
  if (G_VALUE_HOLDS_POINTER (value) && g_value_get_pointer (value) == NULL)
    return g_strdup ("None");
  if (G_VALUE_HOLDS_INT (value))
    return g_strdup_printf ("%d", g_value_get_int (value));
  if (G_VALUE_HOLDS_STRING (value))
    return g_strdup_printf ("'%s'", g_value_get_string (value));
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return g_strdup (PYBOOL (g_value_get_boolean (value)));
  if (G_VALUE_HOLDS (value, G_TYPE_ERROR))
    return error_repr (g_value_get_boxed (value));
  g_error ("unexpected result type %s", G_VALUE_TYPE_NAME (value));
}

/* Python's repr of gather's result list. */
static char *
list_repr (GPtrArray *results)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *item = value_repr (g_ptr_array_index (results, i));

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", item);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Awaits @gather, keeping the caller's reference, and renders its result
 * list; NULL with @error set when it fails. */
static char *
await_list (CoasyncFuture  *gather,
            GError        **error)
{
  g_autoptr(GPtrArray) results = coasync_await_gather (g_object_ref (gather), error);

  if (results == NULL)
    return NULL;
  return list_repr (results);
}

/* Sleeps @delay, prints "done:<name>" and returns the name. */
typedef struct
{
  const char *name;
  gdouble delay;
} Child;

static gboolean
named_child (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  const Child *c = user_data;

  if (!coasync_await (coasync_sleep (c->delay), error))
    return FALSE;
  trace_add ("done:%s", c->name);
  coasync_task_return_string (task, c->name);
  return TRUE;
}

static CoasyncTask *
spawn (const Child *c)
{
  return coasync_create_task (named_child, (gpointer) c, NULL);
}

static gboolean
value_error_later (CoasyncTask  *task,
                   gpointer      user_data,
                   GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "v");
  return FALSE;
}

/* GAT-01 (delays 0.06, 0.02, 0.04 s scaled down to 0.03, 0.01, 0.02 s) */

static const Child gat01_children[] = { { "a", 0.03 }, { "b", 0.01 }, { "c", 0.02 } };

static gboolean
gat01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&gat01_children[0]);
  g_autoptr(CoasyncTask) b = spawn (&gat01_children[1]);
  g_autoptr(CoasyncTask) c = spawn (&gat01_children[2]);
  CoasyncFuture *children[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b), COASYNC_FUTURE (c) };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autofree char *result = NULL;

  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);
  return TRUE;
}

static void
test_gat01 (void)
{
  trace_begin ("GAT-01");
  run_main (gat01_main, NULL);
  trace_assert ("GAT-01: done:b | done:c | done:a | result=['a', 'b', 'c']");
}

/* GAT-02 (b finishes at 0.03 s instead of 0.04 s) */

static const Child gat02_b = { "b", 0.03 };

static gboolean
gat02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) bad = coasync_create_task (value_error_later, NULL, NULL);
  g_autoptr(CoasyncTask) b = spawn (&gat02_b);
  CoasyncFuture *children[] = { COASYNC_FUTURE (bad), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;
  g_autofree char *v = NULL;

  result = await_list (g, &err);
  g_assert_null (result);
  trace_error ("await:", err);
  trace_add ("b.done=%s g.done=%s", PYBOOL (task_done (b)), PYBOOL (coasync_future_done (g)));
  trace_add ("g.cancel=%s", PYBOOL (coasync_future_cancel (g, NULL)));
  trace_append (" b.cancelled=%s", PYBOOL (task_cancelled (b)));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (b)), error);
  if (v == NULL)
    return FALSE;
  trace_add ("b='%s'", v);
  return TRUE;
}

static void
test_gat02 (void)
{
  trace_begin ("GAT-02");
  run_main (gat02_main, NULL);
  trace_assert ("GAT-02: await:ValueError('v') | b.done=False g.done=True"
                " | g.cancel=False b.cancelled=False | done:b | b='b'");
}

/* GAT-04: the result is read without awaiting, to show the gather is done
 * and holds a G_TYPE_PTR_ARRAY. */

static gboolean
gat04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) g = coasync_gather (NULL, 0, FALSE);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *result = NULL;

  trace_add ("done_immediately=%s", PYBOOL (coasync_future_done (g)));
  if (!coasync_future_get_result (g, &value, error))
    return FALSE;
  g_assert_true (G_VALUE_HOLDS (&value, G_TYPE_PTR_ARRAY));
  result = list_repr (g_value_get_boxed (&value));
  trace_add ("result=%s", result);
  return TRUE;
}

static void
test_gat04 (void)
{
  trace_begin ("GAT-04");
  run_main (gat04_main, NULL);
  trace_assert ("GAT-04: done_immediately=True | result=[]");
}

/* GAT-05: C has no bare coroutines, so "the same coroutine" is the same task
 * passed several times. */

typedef struct
{
  const char *name;
  GPtrArray *runs;
} Run;

static gboolean
record_run (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  Run *r = user_data;

  g_ptr_array_add (r->runs, (gpointer) r->name);
  coasync_task_return_string (task, r->name);
  return TRUE;
}

static char *
names_repr (GPtrArray *names)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s'%s'", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (names, i));
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static gboolean
gat05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  Run abc = { "abc", runs };
  Run def = { "def", runs };
  g_autoptr(CoasyncTask) co = coasync_create_task (record_run, &abc, NULL);
  g_autoptr(CoasyncTask) other = coasync_create_task (record_run, &def, NULL);
  CoasyncFuture *children[] = {
    COASYNC_FUTURE (co), COASYNC_FUTURE (co), COASYNC_FUTURE (other), COASYNC_FUTURE (co)
  };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autofree char *result = NULL;
  g_autofree char *ran = NULL;

  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  ran = names_repr (runs);
  trace_add ("result=%s", result);
  trace_add ("runs=%s", ran);
  return TRUE;
}

static void
test_gat05 (void)
{
  trace_begin ("GAT-05");
  run_main (gat05_main, NULL);
  trace_assert ("GAT-05: result=['abc', 'abc', 'def', 'abc'] | runs=['abc', 'def']");
}

/* GAT-07 */

static const Child sleeper_a = { "a", 1 };
static const Child sleeper_b = { "b", 1 };

static gboolean
gat07_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&sleeper_a);
  g_autoptr(CoasyncTask) b = spawn (&sleeper_b);
  CoasyncFuture *children[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exc = NULL;
  g_autofree char *result = NULL;

  tick ();
  trace_add ("g.cancel=%s", PYBOOL (coasync_future_cancel (g, "gm")));
  result = await_list (g, &err);
  g_assert_null (result);
  trace_error ("await:", err);
  g_clear_error (&err);
  trace_add ("g.done=%s g.cancelled=%s",
             PYBOOL (coasync_future_done (g)), PYBOOL (coasync_future_cancelled (g)));
  /* exception() returns the CancelledError instead of raising it. */
  exc = coasync_future_get_exception (g, &err);
  g_assert_no_error (err);
  trace_add ("g.exception=%s", error_type (exc));
  trace_add ("a.cancelled=%s b.cancelled=%s",
             PYBOOL (task_cancelled (a)), PYBOOL (task_cancelled (b)));
  return TRUE;
}

static void
test_gat07 (void)
{
  trace_begin ("GAT-07");
  run_main (gat07_main, NULL);
  trace_assert ("GAT-07: g.cancel=True | await:CancelledError('gm') | g.done=True g.cancelled=False"
                " | g.exception=CancelledError | a.cancelled=True b.cancelled=True");
}

/* GAT-08 (a and c finish at 0.02 and 0.03 s) */

static const Child gat08_children[] = { { "a", 0.02 }, { "b", 1 }, { "c", 0.03 } };

static gboolean
cancel_later (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  g_assert_true (coasync_task_cancel (user_data, "bm"));
  return TRUE;
}

static gboolean
gat08_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&gat08_children[0]);
  g_autoptr(CoasyncTask) b = spawn (&gat08_children[1]);
  g_autoptr(CoasyncTask) c = spawn (&gat08_children[2]);
  g_autoptr(CoasyncTask) canceller = coasync_create_task (cancel_later, b, NULL);
  CoasyncFuture *children[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b), COASYNC_FUTURE (c) };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;

  result = await_list (g, &err);
  g_assert_null (result);
  trace_error ("await:", err);
  trace_add ("g.cancelled=%s a.done=%s c.done=%s", PYBOOL (coasync_future_cancelled (g)),
             PYBOOL (task_done (a)), PYBOOL (task_done (c)));
  if (!coasync_await (COASYNC_FUTURE (g_object_ref (a)), error)
      || !coasync_await (COASYNC_FUTURE (g_object_ref (c)), error))
    return FALSE;
  trace_add ("g.cancel=%s", PYBOOL (coasync_future_cancel (g, NULL)));
  return TRUE;
}

static void
test_gat08 (void)
{
  trace_begin ("GAT-08");
  run_main (gat08_main, NULL);
  trace_assert ("GAT-08: await:CancelledError('bm') | g.cancelled=False a.done=False c.done=False"
                " | done:a | done:c | g.cancel=False");
}

/* GAT-10 */

static gboolean
gat10_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) a = spawn (&sleeper_a);
  g_autoptr(CoasyncTask) b = spawn (&sleeper_b);
  CoasyncFuture *children[] = { COASYNC_FUTURE (a), COASYNC_FUTURE (b) };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), TRUE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;

  tick ();
  trace_add ("g.cancel=%s", PYBOOL (coasync_future_cancel (g, NULL)));
  result = await_list (g, &err);
  g_assert_null (result);
  trace_add ("await:%s", error_type (err));
  trace_add ("a.cancelled=%s b.cancelled=%s g.cancelled=%s",
             PYBOOL (task_cancelled (a)), PYBOOL (task_cancelled (b)),
             PYBOOL (coasync_future_cancelled (g)));
  return TRUE;
}

static void
test_gat10 (void)
{
  trace_begin ("GAT-10");
  run_main (gat10_main, NULL);
  trace_assert ("GAT-10: g.cancel=True | await:CancelledError"
                " | a.cancelled=True b.cancelled=True g.cancelled=False");
}

/* GAT-11 (catalogue-only): CPython loses the message of a cancelled task
 * child in a return_exceptions list; coasync follows the recommendation and
 * carries it through, for a task child as for a plain future child. */

static gboolean
gat11_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = spawn (&sleeper_a);
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  CoasyncFuture *children[] = { COASYNC_FUTURE (t), f };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), TRUE);
  g_autofree char *result = NULL;

  tick ();
  g_assert_true (coasync_task_cancel (t, "tm"));
  g_assert_true (coasync_future_cancel (f, "fm"));
  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);
  return TRUE;
}

static void
test_gat11 (void)
{
  trace_begin ("GAT-11");
  run_main (gat11_main, NULL);
  trace_assert ("GAT-11: result=[CancelledError('tm'), CancelledError('fm')]");
}

/* Duplicate plain futures share one child: the gather is not done until the
 * other child is, and it cancels the shared one. */

static gboolean
duplicates_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(CoasyncFuture) h = coasync_future_new ();
  g_autoptr(CoasyncFuture) k = coasync_future_new ();
  CoasyncFuture *children[] = { f, f, h };
  CoasyncFuture *twice[] = { k, k };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autoptr(CoasyncFuture) g2 = coasync_gather (twice, G_N_ELEMENTS (twice), TRUE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;

  g_assert_true (coasync_future_set_string (f, "x", &err));
  tick ();
  tick ();
  trace_add ("f set: g.done=%s", PYBOOL (coasync_future_done (g)));
  g_assert_true (coasync_future_set_string (h, "y", &err));
  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);

  trace_add ("g2.cancel=%s", PYBOOL (coasync_future_cancel (g2, "dm")));
  g_assert_null (await_list (g2, &err));
  trace_error ("await:", err);
  trace_add ("k.cancelled=%s", PYBOOL (coasync_future_cancelled (k)));
  return TRUE;
}

static void
test_duplicates (void)
{
  trace_begin ("duplicates");
  run_main (duplicates_main, NULL);
  trace_assert ("duplicates: f set: g.done=False | result=['x', 'x', 'y']"
                " | g2.cancel=True | await:CancelledError('dm') | k.cancelled=True");
}

/* Results keep the argument order whatever their types and completion
 * order: an int, a string, and None from a task and from a plain future. */

static gboolean
one_later (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  if (!coasync_await (coasync_sleep (0.02), error))
    return FALSE;
  coasync_task_return_int (task, 1);
  return TRUE;
}

static gboolean
none_later (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  return coasync_await (coasync_sleep (0.01), error);
}

static gboolean
mixed_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) one = coasync_create_task (one_later, NULL, NULL);
  g_autoptr(CoasyncFuture) x = coasync_future_new ();
  g_autoptr(CoasyncTask) none = coasync_create_task (none_later, NULL, NULL);
  g_autoptr(CoasyncFuture) none_f = coasync_future_new ();
  CoasyncFuture *children[] = { COASYNC_FUTURE (one), x, COASYNC_FUTURE (none), none_f };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;

  g_assert_true (coasync_future_set_result (none_f, NULL, &err));
  g_assert_true (coasync_future_set_string (x, "x", &err));
  g_assert_no_error (err);
  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);
  return TRUE;
}

static void
test_mixed (void)
{
  trace_begin ("mixed");
  run_main (mixed_main, NULL);
  trace_assert ("mixed: result=[1, 'x', None, None]");
}

/* With return_exceptions, errors take their slots in argument order and the
 * gather itself succeeds. */

static const Child late_b = { "b", 0.02 };

static gboolean
return_exceptions_main (CoasyncTask  *task,
                        gpointer      user_data,
                        GError      **error)
{
  g_autoptr(CoasyncTask) bad = coasync_create_task (value_error_later, NULL, NULL);
  g_autoptr(CoasyncTask) b = spawn (&late_b);
  g_autoptr(CoasyncFuture) k = coasync_future_new ();
  g_autoptr(GError) key_error = g_error_new_literal (TEST_ERROR, TEST_ERROR_KEY, "k");
  CoasyncFuture *children[] = { COASYNC_FUTURE (bad), COASYNC_FUTURE (b), k };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), TRUE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;

  g_assert_true (coasync_future_set_error (k, key_error, &err));
  g_assert_no_error (err);
  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);
  return TRUE;
}

static void
test_return_exceptions (void)
{
  trace_begin ("return-exceptions");
  run_main (return_exceptions_main, NULL);
  trace_assert ("return-exceptions: done:b | result=[ValueError('v'), 'b', KeyError('k')]");
}

/* Children that are already done are taken at once, as asyncio 3.12+ does
 * (gather() runs their callback itself, so that a gather of finished tasks
 * is done right away); 3.11 waited one tick. The newer behaviour wins. */

static gboolean
done_children_main (CoasyncTask  *task,
                    gpointer      user_data,
                    GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();
  g_autoptr(CoasyncFuture) e = coasync_future_new ();
  g_autoptr(GError) value_error = g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE, "v");
  g_autoptr(CoasyncFuture) g = NULL;
  g_autoptr(CoasyncFuture) g2 = NULL;
  CoasyncFuture *twice[] = { f, f };
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;

  g_assert_true (coasync_future_set_string (f, "x", &err));
  g_assert_true (coasync_future_set_error (e, value_error, &err));
  g_assert_no_error (err);
  g = coasync_gather (twice, G_N_ELEMENTS (twice), FALSE);
  g2 = coasync_gather (&e, 1, FALSE);
  trace_add ("g.done=%s g2.done=%s",
             PYBOOL (coasync_future_done (g)), PYBOOL (coasync_future_done (g2)));
  tick ();
  trace_add ("g.done=%s g2.done=%s",
             PYBOOL (coasync_future_done (g)), PYBOOL (coasync_future_done (g2)));
  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);
  g_assert_null (await_list (g2, &err));
  trace_error ("await:", err);
  return TRUE;
}

static void
test_done_children (void)
{
  trace_begin ("done-children");
  run_main (done_children_main, NULL);
  trace_assert ("done-children: g.done=True g2.done=True | g.done=True g2.done=True"
                " | result=['x', 'x'] | await:ValueError('v')");
}

/* gather takes its own references and leaves the caller's alone: the caller
 * may drop its reference at once, or keep using the future after the gather
 * is gone, and everything is freed in the end. */

typedef struct
{
  CoasyncFuture *done_f;
  CoasyncFuture *pending;
  CoasyncFuture *gather;
} Weak;

static void
watch (CoasyncFuture  *future,
       CoasyncFuture **where)
{
  *where = future;
  g_object_add_weak_pointer (G_OBJECT (future), (gpointer *) where);
}

static gboolean
references_main (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  Weak *weak = user_data;
  CoasyncFuture *done_f = coasync_future_new ();
  g_autoptr(CoasyncFuture) pending = coasync_future_new ();
  CoasyncFuture *children[] = { done_f, pending };
  g_autoptr(CoasyncFuture) g = coasync_gather (children, G_N_ELEMENTS (children), FALSE);
  g_autoptr(GError) err = NULL;
  g_autofree char *result = NULL;
  g_autofree char *v = NULL;

  watch (done_f, &weak->done_f);
  watch (pending, &weak->pending);
  watch (g, &weak->gather);
  g_assert_true (coasync_future_set_string (done_f, "a", &err));
  g_object_unref (done_f);
  g_assert_nonnull (weak->done_f);

  g_assert_true (coasync_future_set_string (pending, "b", &err));
  g_assert_no_error (err);
  result = await_list (g, error);
  if (result == NULL)
    return FALSE;
  trace_add ("result=%s", result);
  g_clear_object (&g);
  v = coasync_await_string (g_steal_pointer (&pending), error);
  if (v == NULL)
    return FALSE;
  trace_add ("pending='%s'", v);
  return TRUE;
}

static void
test_references (void)
{
  Weak weak = { NULL, NULL, NULL };

  trace_begin ("references");
  run_main (references_main, &weak);
  trace_assert ("references: result=['a', 'b'] | pending='b'");
  g_assert_null (weak.done_f);
  g_assert_null (weak.pending);
  g_assert_null (weak.gather);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gather/GAT-01", test_gat01);
  g_test_add_func ("/gather/GAT-02", test_gat02);
  g_test_add_func ("/gather/GAT-04", test_gat04);
  g_test_add_func ("/gather/GAT-05", test_gat05);
  g_test_add_func ("/gather/GAT-07", test_gat07);
  g_test_add_func ("/gather/GAT-08", test_gat08);
  g_test_add_func ("/gather/GAT-10", test_gat10);
  g_test_add_func ("/gather/GAT-11", test_gat11);
  g_test_add_func ("/gather/duplicates", test_duplicates);
  g_test_add_func ("/gather/mixed", test_mixed);
  g_test_add_func ("/gather/return-exceptions", test_return_exceptions);
  g_test_add_func ("/gather/references", test_references);
  g_test_add_func ("/gather/done-children", test_done_children);

  return g_test_run ();
}
