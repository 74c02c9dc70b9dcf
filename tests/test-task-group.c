/* test-task-group.c: the TG-* scenarios of conformance.md (TaskGroup), in
 * the asyncio 3.13 behaviour (gh-116720), plus TG-23 and the C API's own
 * cases: refused members, nested groups read with
 * coasync_error_group_get_errors(), and coasync_task_group_run().
 *
 * TG-19 (BaseExceptionGroup) and TG-22 (KeyboardInterrupt / SystemExit) are
 * left out: C has no BaseException, so there is nothing to translate.
 *
 * A body is `async with TaskGroup() as tg:` written out: the group is made
 * with coasync_task_group_new(), and whatever error ends the body (an await
 * interrupted by the group's cancellation included) goes to
 * coasync_task_group_exit(). Python's `finally: raise X` is a body that
 * returns X whatever its await gave.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

/* MyExc of the scenarios: error_repr() names a foreign domain after its quark. */
#define MY_EXC (my_exc_quark ())
static G_DEFINE_QUARK (MyExc, my_exc)

static gint
result_int (CoasyncTask *task)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_true (coasync_future_get_result (COASYNC_FUTURE (task), &value, &error));
  g_assert_no_error (error);
  return g_value_get_int (&value);
}

static const char *
result_string (CoasyncTask *task,
               GValue      *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (coasync_future_get_result (COASYNC_FUTURE (task), value, &error));
  g_assert_no_error (error);
  return g_value_get_string (value);
}

/* A member the group must accept. */
static CoasyncTask *
spawn (CoasyncTaskGroup *tg,
       CoasyncTaskFunc   func,
       gconstpointer     data)
{
  g_autoptr(GError) error = NULL;
  CoasyncTask *task;

  task = coasync_task_group_create_task (tg, func, (gpointer) data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (task);
  return task;
}

/* The body of a member the group refuses; @data is freed with count_notify(). */
static gboolean
refused_body (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  g_assert_not_reached ();
}

static void
count_notify (gpointer data)
{
  (*(guint *) data)++;
}

/* Children */

/* Sleeps 1 s and traces "<name>:<error>" when interrupted. */
static gboolean
sleep_1s_traced (CoasyncTask  *task,
                 gpointer      user_data,
                 GError      **error)
{
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      trace_add ("%s:%s", (const char *) user_data, error_type (err));
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  trace_add ("%s:slept", (const char *) user_data);
  return TRUE;
}

/* Traces "<name>:ran": for children that must not run a single statement. */
static gboolean
trace_ran (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  trace_add ("%s:ran", (const char *) user_data);
  return TRUE;
}

typedef struct
{
  gdouble     delay;
  TestError   code;
  const char *message;
} Raise;

/* sleep(delay); raise */
static gboolean
fail_after (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  const Raise *r = user_data;

  if (!coasync_await (coasync_sleep (r->delay), error))
    return FALSE;
  g_set_error_literal (error, TEST_ERROR, r->code, r->message);
  return FALSE;
}

/* try: sleep(1) finally: raise; the error replaces the cancellation. */
static gboolean
raise_in_finally (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  const Raise *r = user_data;
  g_autoptr(GError) err = NULL;

  coasync_await (coasync_sleep (1), &err);
  g_set_error_literal (error, TEST_ERROR, r->code, r->message);
  return FALSE;
}

static const Raise value_error_a = { 0.01, TEST_ERROR_VALUE, "a" };

/* TG-01 */

typedef struct
{
  const char *name;
  gdouble     delay;
  gint        result;
} Sleeper;

static gboolean
sleep_then_return (CoasyncTask  *task,
                   gpointer      user_data,
                   GError      **error)
{
  const Sleeper *s = user_data;

  if (!coasync_await (coasync_sleep (s->delay), error))
    return FALSE;
  trace_add ("%s:done", s->name);
  coasync_task_return_int (task, s->result);
  return TRUE;
}

static gboolean
tg01_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  static const Sleeper s1 = { "child1", 0.02, 1 };
  static const Sleeper s2 = { "child2", 0.01, 2 };
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) c1 = spawn (tg, sleep_then_return, &s1);
  g_autoptr(CoasyncTask) c2 = spawn (tg, sleep_then_return, &s2);
  g_autoptr(GError) err = NULL;

  trace_add ("body:end");
  g_assert_true (coasync_task_group_wait (tg, &err));
  g_assert_no_error (err);
  trace_add ("exited results=%d,%d", result_int (c1), result_int (c2));
  return TRUE;
}

static void
test_tg01 (void)
{
  trace_begin ("TG-01");
  run_main (tg01_main, NULL);
  trace_assert ("TG-01: body:end | child2:done | child1:done | exited results=1,2");
}

/* TG-02 */

static gboolean
tg02_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) fail = spawn (tg, fail_after, &value_error_a);
  g_autoptr(CoasyncTask) sibling = spawn (tg, sleep_1s_traced, "sibling");
  GError *body_error = NULL;
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &body_error))
    trace_add ("body:%s", error_type (body_error));
  if (coasync_task_group_exit (tg, body_error, &err))
    trace_add ("exited");
  else
    trace_error ("raised:", err);
  trace_add ("sibling.cancelled=%s parent.cancelling=%d",
             PYBOOL (task_cancelled (sibling)), coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tg02 (void)
{
  trace_begin ("TG-02");
  run_main (tg02_main, NULL);
  trace_assert ("TG-02: sibling:CancelledError | body:CancelledError"
                " | raised:ExceptionGroup[ValueError('a')]"
                " | sibling.cancelled=True parent.cancelling=0");
}

/* TG-04 */

static gboolean
tg04_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  static const Raise key_error_b = { 0, TEST_ERROR_KEY, "b" };
  g_autoptr(GError) err = NULL;

  /* (a) */
  {
    g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
    g_autoptr(CoasyncTask) child = spawn (tg, raise_in_finally, &key_error_b);

    tick ();
    g_assert_false (coasync_task_group_exit (tg, g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE,
                                                                      "body"),
                                             &err));
    trace_error ("raised:", err);
    g_clear_error (&err);
  }

  /* (b) */
  {
    g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
    g_autoptr(CoasyncTask) quiet = spawn (tg, sleep_1s_traced, "quiet");

    tick ();
    g_assert_false (coasync_task_group_exit (tg, g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE,
                                                                      "body2"),
                                             &err));
    trace_error ("raised:", err);
    trace_append (" quiet.cancelled=%s", PYBOOL (task_cancelled (quiet)));
  }
  return TRUE;
}

static void
test_tg04 (void)
{
  trace_begin ("TG-04");
  run_main (tg04_main, NULL);
  trace_assert ("TG-04: raised:ExceptionGroup[KeyError('b'), ValueError('body')]"
                " | quiet:CancelledError"
                " | raised:ExceptionGroup[ValueError('body2')] quiet.cancelled=True");
}

/* TG-05 */

static gboolean
tg05_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) a = spawn (tg, trace_ran, "a");
  g_autoptr(CoasyncTask) b = spawn (tg, trace_ran, "b");
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_task_group_exit (tg, g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE,
                                                                    "early"),
                                           &err));
  trace_error ("raised:", err);
  trace_add ("a.cancelled=%s b.cancelled=%s", PYBOOL (task_cancelled (a)), PYBOOL (task_cancelled (b)));
  return TRUE;
}

static void
test_tg05 (void)
{
  trace_begin ("TG-05");
  run_main (tg05_main, NULL);
  trace_assert ("TG-05: raised:ExceptionGroup[ValueError('early')]"
                " | a.cancelled=True b.cancelled=True");
}

/* TG-07. TG-06, which it builds on, is not in the catalogue; its shape is
 * CPython's test_taskgroup_08: a runner whose group has a child and whose
 * body sleeps is cancelled from outside. Here the child's cleanup raises. */

static gboolean
tg07_runner (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  static const Raise zero_division_z = { 0, TEST_ERROR_ZERO_DIVISION, "z" };
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) child = spawn (tg, raise_in_finally, &zero_division_z);
  GError *body_error = NULL;

  coasync_await (coasync_sleep (1), &body_error);
  return coasync_task_group_exit (tg, body_error, error);
}

static gboolean
tg07_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) runner = coasync_create_task (tg07_runner, NULL, NULL);
  g_autoptr(GError) err = NULL;

  g_assert_true (coasync_await (coasync_sleep (0.01), NULL));
  g_assert_true (coasync_task_cancel (runner, NULL));
  g_assert_false (await_task (runner, &err));
  trace_error ("awaiter:", err);
  trace_add ("runner.cancelled=%s", PYBOOL (task_cancelled (runner)));
  return TRUE;
}

static void
test_tg07 (void)
{
  trace_begin ("TG-07");
  run_main (tg07_main, NULL);
  trace_assert ("TG-07: awaiter:ExceptionGroup[ZeroDivisionError('z')] | runner.cancelled=False");
}

/* TG-08 */

static gboolean
return_fast (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  if (!coasync_await (coasync_sleep (0.02), error))
    return FALSE;
  coasync_task_return_string (task, "fast");
  return TRUE;
}

static gboolean
tg08_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) t1 = spawn (tg, sleep_1s, NULL);
  g_autoptr(CoasyncTask) t2 = spawn (tg, return_fast, NULL);
  g_autoptr(GError) err = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (coasync_await (coasync_sleep (0.01), NULL));
  g_assert_true (coasync_task_cancel (t1, NULL));
  if (coasync_task_group_wait (tg, &err))
    trace_add ("exited-normally");
  else
    trace_error ("raised:", err);
  trace_append (" t1.cancelled=%s t2='%s'", PYBOOL (task_cancelled (t1)), result_string (t2, &value));
  return TRUE;
}

static void
test_tg08 (void)
{
  trace_begin ("TG-08");
  run_main (tg08_main, NULL);
  trace_assert ("TG-08: exited-normally t1.cancelled=True t2='fast'");
}

/* TG-10 */

static gboolean
tg10_late (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  trace_add ("late:done");
  return TRUE;
}

/* Adds a member while the parent waits in the group's exit. */
static gboolean
tg10_spawner (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  CoasyncTaskGroup *tg = user_data;
  g_autoptr(CoasyncTask) late = NULL;

  if (!coasync_await (coasync_sleep (0.01), error))
    return FALSE;
  late = coasync_task_group_create_task_full (tg, tg10_late, NULL, NULL, "late", 0, error);
  if (late == NULL)
    return FALSE;
  trace_add ("spawned");
  return TRUE;
}

static gboolean
tg10_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) spawner = spawn (tg, tg10_spawner, tg);
  g_autoptr(GError) err = NULL;

  trace_add ("body:end");
  if (coasync_task_group_wait (tg, &err))
    trace_add ("exited");
  else
    trace_error ("raised:", err);
  return TRUE;
}

static void
test_tg10 (void)
{
  trace_begin ("TG-10");
  run_main (tg10_main, NULL);
  trace_assert ("TG-10: body:end | spawned | late:done | exited");
}

/* TG-11: runner1's inner group is run with coasync_task_group_run(),
 * runner2's is written out. The shapes are checked member by member with
 * coasync_error_group_get_errors() too. */

static gboolean
inner_sleeper_body (CoasyncTaskGroup  *inner,
                    gpointer           user_data,
                    GError           **error)
{
  g_autoptr(CoasyncTask) child = NULL;

  child = coasync_task_group_create_task (inner, sleep_1s, NULL, NULL, error);
  return child != NULL;
}

static gboolean
tg11_runner1 (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  static const Raise outer_error = { 0.01, TEST_ERROR_VALUE, "outer" };
  g_autoptr(CoasyncTaskGroup) outer = coasync_task_group_new ();
  g_autoptr(CoasyncTask) fail = spawn (outer, fail_after, &outer_error);
  GError *body_error = NULL;

  /* The outer group cancels this task while the inner one waits: the inner
   * group just passes the cancellation on. */
  g_assert_false (coasync_task_group_run (inner_sleeper_body, NULL, &body_error));
  g_assert_true (is_cancellation (body_error));
  return coasync_task_group_exit (outer, body_error, error);
}

static gboolean
tg11_runner2 (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  static const Raise inner_error = { 0.01, TEST_ERROR_VALUE, "inner" };
  g_autoptr(CoasyncTaskGroup) outer = coasync_task_group_new ();
  g_autoptr(CoasyncTask) sleeper = spawn (outer, sleep_1s, NULL);
  g_autoptr(CoasyncTaskGroup) inner = coasync_task_group_new ();
  g_autoptr(CoasyncTask) fail = spawn (inner, fail_after, &inner_error);
  GError *body_error = NULL;

  coasync_task_group_wait (inner, &body_error);
  return coasync_task_group_exit (outer, body_error, error);
}

static void
assert_value_error (const GError *error,
                    const char   *message)
{
  g_assert_error (error, TEST_ERROR, TEST_ERROR_VALUE);
  g_assert_cmpstr (error->message, ==, message);
}

static gboolean
tg11_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) runner1 = coasync_create_task (tg11_runner1, NULL, NULL);
  g_autoptr(CoasyncTask) runner2 = NULL;
  g_autoptr(GError) err = NULL;
  GPtrArray *members;
  GPtrArray *nested;
  const GError *member;

  g_assert_false (await_task (runner1, &err));
  trace_error ("runner1:", err);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_GROUP);
  members = coasync_error_group_get_errors (err);
  g_assert_cmpuint (members->len, ==, 1);
  assert_value_error (g_ptr_array_index (members, 0), "outer");
  g_clear_error (&err);

  runner2 = coasync_create_task (tg11_runner2, NULL, NULL);
  g_assert_false (await_task (runner2, &err));
  trace_error ("runner2:", err);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_GROUP);
  members = coasync_error_group_get_errors (err);
  g_assert_cmpuint (members->len, ==, 1);
  member = g_ptr_array_index (members, 0);
  g_assert_error (member, COASYNC_ERROR, COASYNC_ERROR_GROUP);
  nested = coasync_error_group_get_errors (member);
  g_assert_cmpuint (nested->len, ==, 1);
  assert_value_error (g_ptr_array_index (nested, 0), "inner");
  return TRUE;
}

static void
test_tg11 (void)
{
  trace_begin ("TG-11");
  run_main (tg11_main, NULL);
  trace_assert ("TG-11: runner1:ExceptionGroup[ValueError('outer')]"
                " | runner2:ExceptionGroup[ExceptionGroup[ValueError('inner')]]");
}

/* TG-13 */

static gboolean
tg13_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) fail = spawn (tg, fail_after, &value_error_a);
  GError *body_error = NULL;
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &body_error))
    {
      g_assert_true (is_cancellation (body_error));
      g_clear_error (&body_error);
      g_set_error_literal (&body_error, MY_EXC, 0, "m");
    }
  g_assert_false (coasync_task_group_exit (tg, body_error, &err));
  trace_error ("raised:", err);
  trace_add ("parent.cancelling=%d", coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tg13 (void)
{
  trace_begin ("TG-13");
  run_main (tg13_main, NULL);
  trace_assert ("TG-13: raised:ExceptionGroup[ValueError('a'), MyExc('m')] | parent.cancelling=0");
}

/* TG-14: the runner's group has a sleeping child; the runner is cancelled
 * from outside while its body sleeps. */

static gboolean
tg14_runner (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) child = spawn (tg, sleep_1s, NULL);
  GError *body_error = NULL;

  if (!coasync_await (coasync_sleep (1), &body_error))
    {
      g_assert_true (is_cancellation (body_error));
      g_clear_error (&body_error);
      g_set_error_literal (&body_error, MY_EXC, 0, "converted");
    }
  return coasync_task_group_exit (tg, body_error, error);
}

static gboolean
tg14_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTask) runner = coasync_create_task (tg14_runner, NULL, NULL);
  g_autoptr(GError) err = NULL;

  g_assert_true (coasync_await (coasync_sleep (0.01), NULL));
  g_assert_true (coasync_task_cancel (runner, NULL));
  g_assert_false (await_task (runner, &err));
  trace_error ("awaiter:", err);
  return TRUE;
}

static void
test_tg14 (void)
{
  trace_begin ("TG-14");
  run_main (tg14_main, NULL);
  trace_assert ("TG-14: awaiter:ExceptionGroup[MyExc('converted')]");
}

/* TG-16 */

static gboolean
tg16_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(CoasyncTimeout) timeout = coasync_timeout_new (0.02);
  g_autoptr(GError) err = NULL;

  {
    g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
    g_autoptr(CoasyncTask) child = spawn (tg, sleep_1s_traced, "child");
    GError *body_error = NULL;

    coasync_await (coasync_sleep (1), &body_error);
    g_assert_false (coasync_task_group_exit (tg, body_error, &err));
  }
  g_assert_false (coasync_timeout_exit (timeout, &err));
  trace_error ("raised:", err);
  trace_add ("expired=%s cancelling=%d",
             PYBOOL (coasync_timeout_expired (timeout)), coasync_task_cancelling (task));
  return TRUE;
}

static void
test_tg16 (void)
{
  trace_begin ("TG-16");
  run_main (tg16_main, NULL);
  trace_assert ("TG-16: child:CancelledError | raised:TimeoutError() | expired=True cancelling=0");
}

/* TG-17 */

static gboolean
tg17_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  static const Raise value_error_v = { 0.01, TEST_ERROR_VALUE, "v" };
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) fail = spawn (tg, fail_after, &value_error_v);
  g_autoptr(CoasyncTask) sibling = spawn (tg, sleep_1s_traced, "sibling");
  g_autoptr(GError) err = NULL;

  trace_add ("body:end");
  g_assert_false (coasync_task_group_wait (tg, &err));
  trace_error ("raised:", err);
  g_clear_error (&err);
  trace_add ("sibling.cancelled=%s", PYBOOL (task_cancelled (sibling)));
  if (coasync_await (coasync_sleep (0.01), &err))
    trace_add ("later-await:ok");
  else
    trace_error ("later-await:", err);
  return TRUE;
}

static void
test_tg17 (void)
{
  trace_begin ("TG-17");
  run_main (tg17_main, NULL);
  trace_assert ("TG-17: body:end | sibling:CancelledError | raised:ExceptionGroup[ValueError('v')]"
                " | sibling.cancelled=True | later-await:ok");
}

/* TG-20. An empty group exits at once: not even a callback queued before
 * the exit gets to run. */

static gboolean
named_child (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  trace_add ("child:ran");
  coasync_task_return_string (task, "named");
  return TRUE;
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
tg20_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_autoptr(GError) err = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  {
    g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
    gboolean ticked = FALSE;

    coasync_call_soon (NULL, set_flag, &ticked, NULL);
    g_assert_true (coasync_task_group_wait (tg, &err));
    g_assert_no_error (err);
    g_assert_false (ticked);
    trace_add ("empty-group:ok");
    tick ();
    g_assert_true (ticked);
  }

  {
    g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
    g_autoptr(CoasyncTask) child = NULL;

    child = coasync_task_group_create_task_full (tg, named_child, NULL, NULL, "yolo", 0, &err);
    g_assert_no_error (err);
    trace_add ("name=%s", coasync_task_get_name (child));
    g_assert_true (coasync_task_group_wait (tg, &err));
    g_assert_no_error (err);
    trace_add ("result='%s'", result_string (child, &value));
  }
  return TRUE;
}

static void
test_tg20 (void)
{
  trace_begin ("TG-20");
  run_main (tg20_main, NULL);
  trace_assert ("TG-20: empty-group:ok | name=yolo | child:ran | result='named'");
}

/* TG-23 [catalogue-only]: without a current task the group cannot be
 * entered, and an un-entered group refuses members. Checked outside any
 * loop, and from a plain callback of a running loop. */

static void
check_no_parent (void)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(GError) err = NULL;
  g_autoptr(CoasyncTask) t = NULL;
  guint notified = 0;

  g_assert_null (coasync_current_task ());
  g_assert_false (coasync_task_group_enter (tg, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  g_assert_nonnull (strstr (err->message, "cannot determine the parent task"));
  g_clear_error (&err);

  t = coasync_task_group_create_task (tg, refused_body, &notified, count_notify, &err);
  g_assert_null (t);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_CLOSED);
  g_assert_nonnull (strstr (err->message, "not been entered"));
  g_assert_cmpuint (notified, ==, 1);
}

static void
tg23_callback (gpointer data)
{
  check_no_parent ();
  *(gboolean *) data = TRUE;
}

static gboolean
tg23_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  gboolean checked = FALSE;

  coasync_call_soon (NULL, tg23_callback, &checked, NULL);
  tick ();
  g_assert_true (checked);
  return TRUE;
}

static void
test_tg23 (void)
{
  check_no_parent ();
  run_main (tg23_main, NULL);
}

/* Entering twice is refused. */

static gboolean
enter_twice_main (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_task_group_enter (tg, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_RUNNING);
  g_clear_error (&err);
  g_assert_true (coasync_task_group_wait (tg, &err));
  g_assert_no_error (err);
  return TRUE;
}

static void
test_enter_twice (void)
{
  run_main (enter_twice_main, NULL);
}

/* A finished group refuses new members: the refused body never runs and its
 * data is freed at once. */

static gboolean
closed_finished_main (CoasyncTask  *task,
                      gpointer      user_data,
                      GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) child = spawn (tg, trace_ran, "child");
  g_autoptr(CoasyncTask) refused = NULL;
  g_autoptr(GError) err = NULL;
  guint notified = 0;

  g_assert_true (coasync_task_group_wait (tg, &err));
  g_assert_no_error (err);
  refused = coasync_task_group_create_task (tg, refused_body, &notified, count_notify, &err);
  g_assert_null (refused);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_CLOSED);
  g_assert_cmpuint (notified, ==, 1);
  trace_add ("refused:%s notified=%u", error_type (err), notified);
  g_clear_error (&err);

  refused = coasync_task_group_create_task_full (tg, refused_body, &notified, count_notify,
                                                 "refused", 0, &err);
  g_assert_null (refused);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_CLOSED);
  g_assert_cmpuint (notified, ==, 2);
  tick ();
  return TRUE;
}

static void
test_closed_finished (void)
{
  trace_begin ("closed-finished");
  run_main (closed_finished_main, NULL);
  trace_assert ("closed-finished: child:ran | refused:RuntimeError notified=1");
}

/* A group shutting down after a member failed refuses new members, from
 * its body and from a member being cancelled. */

static gboolean
spawn_when_cancelled (CoasyncTask  *task,
                      gpointer      user_data,
                      GError      **error)
{
  CoasyncTaskGroup *tg = user_data;
  g_autoptr(GError) err = NULL;
  g_autoptr(CoasyncTask) refused = NULL;
  guint notified = 0;

  if (coasync_await (coasync_sleep (1), error))
    return TRUE;
  refused = coasync_task_group_create_task (tg, refused_body, &notified, count_notify, &err);
  g_assert_null (refused);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_CLOSED);
  g_assert_cmpuint (notified, ==, 1);
  trace_add ("member:refused notified=%u", notified);
  return FALSE;
}

static gboolean
closed_aborting_main (CoasyncTask  *task,
                      gpointer      user_data,
                      GError      **error)
{
  g_autoptr(CoasyncTaskGroup) tg = coasync_task_group_new ();
  g_autoptr(CoasyncTask) fail = spawn (tg, fail_after, &value_error_a);
  g_autoptr(CoasyncTask) member = spawn (tg, spawn_when_cancelled, tg);
  g_autoptr(CoasyncTask) refused = NULL;
  GError *body_error = NULL;
  g_autoptr(GError) err = NULL;
  guint notified = 0;

  g_assert_false (coasync_await (coasync_sleep (1), &body_error));
  g_assert_true (is_cancellation (body_error));
  refused = coasync_task_group_create_task (tg, refused_body, &notified, count_notify, &err);
  g_assert_null (refused);
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_CLOSED);
  g_assert_cmpuint (notified, ==, 1);
  trace_add ("body:refused notified=%u", notified);
  g_clear_error (&err);

  g_assert_false (coasync_task_group_exit (tg, body_error, &err));
  trace_error ("raised:", err);
  trace_add ("member.cancelled=%s", PYBOOL (task_cancelled (member)));
  return TRUE;
}

static void
test_closed_aborting (void)
{
  trace_begin ("closed-aborting");
  run_main (closed_aborting_main, NULL);
  trace_assert ("closed-aborting: member:refused notified=1 | body:refused notified=1"
                " | raised:ExceptionGroup[ValueError('a')] | member.cancelled=True");
}

/* coasync_task_group_run(): the whole block in one call. */

static gboolean
run_ok_body (CoasyncTaskGroup  *tg,
             gpointer           user_data,
             GError           **error)
{
  static const Sleeper s1 = { "child1", 0.02, 1 };
  static const Sleeper s2 = { "child2", 0.01, 2 };
  CoasyncTask **children = user_data;

  children[0] = spawn (tg, sleep_then_return, &s1);
  children[1] = spawn (tg, sleep_then_return, &s2);
  trace_add ("body:end");
  return TRUE;
}

static gboolean
run_fail_body (CoasyncTaskGroup  *tg,
               gpointer           user_data,
               GError           **error)
{
  g_autoptr(CoasyncTask) fail = spawn (tg, fail_after, &value_error_a);
  g_autoptr(CoasyncTask) sibling = spawn (tg, sleep_1s_traced, "sibling");
  g_autoptr(GError) err = NULL;

  if (!coasync_await (coasync_sleep (1), &err))
    {
      trace_add ("body:%s", error_type (err));
      g_propagate_error (error, g_steal_pointer (&err));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_raise_body (CoasyncTaskGroup  *tg,
                gpointer           user_data,
                GError           **error)
{
  g_autoptr(CoasyncTask) quiet = spawn (tg, sleep_1s_traced, "quiet");

  tick ();
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "body");
  return FALSE;
}

static gboolean
run_main_task (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  CoasyncTask *children[2] = { NULL, NULL };
  g_autoptr(GError) err = NULL;

  g_assert_true (coasync_task_group_run (run_ok_body, children, &err));
  g_assert_no_error (err);
  trace_add ("exited results=%d,%d", result_int (children[0]), result_int (children[1]));
  g_object_unref (children[0]);
  g_object_unref (children[1]);

  g_assert_false (coasync_task_group_run (run_fail_body, NULL, &err));
  trace_error ("raised:", err);
  trace_append (" cancelling=%d", coasync_task_cancelling (task));
  g_clear_error (&err);

  g_assert_false (coasync_task_group_run (run_raise_body, NULL, &err));
  trace_error ("raised:", err);
  return TRUE;
}

static void
test_run (void)
{
  trace_begin ("run");
  run_main (run_main_task, NULL);
  trace_assert ("run: body:end | child2:done | child1:done | exited results=1,2"
                " | sibling:CancelledError | body:CancelledError"
                " | raised:ExceptionGroup[ValueError('a')] cancelling=0"
                " | quiet:CancelledError | raised:ExceptionGroup[ValueError('body')]");
}

/* coasync_task_group_run() needs a current task. */

static void
run_outside_task (gpointer data)
{
  g_autoptr(GError) err = NULL;

  g_assert_false (coasync_task_group_run (run_ok_body, NULL, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  *(gboolean *) data = TRUE;
}

static gboolean
run_no_task_main (CoasyncTask  *task,
                  gpointer      user_data,
                  GError      **error)
{
  gboolean checked = FALSE;

  coasync_call_soon (NULL, run_outside_task, &checked, NULL);
  tick ();
  g_assert_true (checked);
  return TRUE;
}

static void
test_run_no_task (void)
{
  run_main (run_no_task_main, NULL);
}

/* The stepped exit, as bindings drive it: a stepped parent whose body ends
 * without error (no begin_exit), a member fails, the wait is cancelled by the
 * group itself (exit_cancelled() then changes nothing), and the members of
 * the group error are read with coasync_task_group_get_errors(). */

typedef struct
{
  CoasyncTaskGroup *group;
  Raise             failure;
} SteppedParent;

static CoasyncFuture *
stepped_parent (CoasyncTask   *task,
                CoasyncFuture *awaited,
                gpointer       user_data)
{
  SteppedParent *parent = user_data;
  g_autoptr(GError) await_error = NULL;
  g_autoptr(GError) error = NULL;
  CoasyncFuture *next;
  GPtrArray *errors;

  if (awaited == NULL)
    {
      parent->group = coasync_task_group_new ();
      g_object_unref (coasync_task_group_create_task (parent->group, fail_after, &parent->failure,
                                                      NULL, NULL));
      g_object_unref (coasync_task_group_create_task (parent->group, sleep_1s, NULL, NULL, NULL));
      return coasync_task_group_exit_step (parent->group);
    }
  if (!coasync_future_get_result (awaited, NULL, &await_error)
      && g_error_matches (await_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    coasync_task_group_exit_cancelled (parent->group, await_error);
  next = coasync_task_group_exit_step (parent->group);
  if (next != NULL)
    return next;

  g_assert_false (coasync_task_group_finish_exit (parent->group, &error));
  trace_error ("raised:", error);
  errors = coasync_task_group_get_errors (parent->group);
  g_assert_cmpuint (errors->len, ==, 1);
  trace_error ("member:", g_ptr_array_index (errors, 0));
  trace_add ("cancelling=%d", coasync_task_cancelling (task));
  g_clear_object (&parent->group);
  return NULL;
}

static gboolean
stepped_exit_main (CoasyncTask  *task,
                   gpointer      user_data,
                   GError      **error)
{
  SteppedParent parent = { NULL, { 0.01, TEST_ERROR_VALUE, "a" } };
  CoasyncTask *stepped = coasync_create_stepped_task (stepped_parent, &parent, NULL);

  return coasync_await (COASYNC_FUTURE (stepped), error);
}

static void
test_stepped_exit (void)
{
  trace_begin ("stepped-exit");
  run_main (stepped_exit_main, NULL);
  trace_assert ("stepped-exit: raised:ExceptionGroup[ValueError('a')] | member:ValueError('a')"
                " | cancelling=0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-group/TG-01", test_tg01);
  g_test_add_func ("/task-group/TG-02", test_tg02);
  g_test_add_func ("/task-group/TG-04", test_tg04);
  g_test_add_func ("/task-group/TG-05", test_tg05);
  g_test_add_func ("/task-group/TG-07", test_tg07);
  g_test_add_func ("/task-group/TG-08", test_tg08);
  g_test_add_func ("/task-group/TG-10", test_tg10);
  g_test_add_func ("/task-group/TG-11", test_tg11);
  g_test_add_func ("/task-group/TG-13", test_tg13);
  g_test_add_func ("/task-group/TG-14", test_tg14);
  g_test_add_func ("/task-group/TG-16", test_tg16);
  g_test_add_func ("/task-group/TG-17", test_tg17);
  g_test_add_func ("/task-group/TG-20", test_tg20);
  g_test_add_func ("/task-group/TG-23", test_tg23);
  g_test_add_func ("/task-group/enter-twice", test_enter_twice);
  g_test_add_func ("/task-group/closed-finished", test_closed_finished);
  g_test_add_func ("/task-group/closed-aborting", test_closed_aborting);
  g_test_add_func ("/task-group/run", test_run);
  g_test_add_func ("/task-group/run-no-task", test_run_no_task);
  g_test_add_func ("/task-group/stepped-exit", test_stepped_exit);

  return g_test_run ();
}
