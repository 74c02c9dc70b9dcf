/* test-task.c: the TSK-* and CUR-* scenarios of conformance.md, and the task
 * API that asyncio has no name for: awaiting outside a task or across
 * contexts, the GDestroyNotify of task data, and stepped tasks.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

static gboolean
noop_body (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  return TRUE;
}

static gboolean
tick_body (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  tick ();
  return TRUE;
}

static gboolean
ptr_array_has (GPtrArray *array,
               gpointer   item)
{
  return g_ptr_array_find (array, item, NULL);
}

/* TSK-01 */

static gboolean
tsk01_child (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  trace_add ("%s:start", (const char *) user_data);
  return TRUE;
}

static gboolean
tsk01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_object_unref (coasync_create_task (tsk01_child, "A", NULL));
  g_object_unref (coasync_create_task (tsk01_child, "B", NULL));
  g_object_unref (coasync_create_task (tsk01_child, "C", NULL));
  trace_add ("main:continues");
  tick ();
  trace_add ("main:resumed");
  return TRUE;
}

static void
test_tsk01 (void)
{
  trace_begin ("TSK-01");
  run_main (tsk01_main, NULL);
  trace_assert ("TSK-01: main:continues | A:start | B:start | C:start | main:resumed");
}

/* TSK-02: GErrors are copied across the C API, so the "identical exception
 * object" of asyncio becomes an error with the same domain, code and
 * message as the one the body raised. */

static gboolean
tsk02_ok (CoasyncTask  *task,
          gpointer      user_data,
          GError      **error)
{
  tick ();
  coasync_task_return_int (task, 7);
  return TRUE;
}

static gboolean
tsk02_bad (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  g_set_error_literal (error, TEST_ERROR, TEST_ERROR_VALUE, "boom");
  return FALSE;
}

static gboolean
same_error (const GError *a,
            const GError *b)
{
  return a != NULL && b != NULL && a->domain == b->domain && a->code == b->code
         && g_str_equal (a->message, b->message);
}

static gboolean
tsk02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) ok = coasync_create_task (tsk02_ok, NULL, NULL);
  g_autoptr(CoasyncTask) bad = coasync_create_task (tsk02_bad, NULL, NULL);
  g_autoptr(GError) raised = g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE, "boom");
  g_autoptr(GError) err = NULL;
  g_autoptr(GError) exc = NULL;
  g_autoptr(GError) awaited = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gint v;

  v = coasync_await_int (COASYNC_FUTURE (g_object_ref (ok)), &err);
  g_assert_no_error (err);
  trace_add ("await=%d", v);
  g_assert_true (coasync_future_get_result (COASYNC_FUTURE (ok), &value, &err));
  g_assert_no_error (err);
  exc = coasync_future_get_exception (COASYNC_FUTURE (ok), &err);
  g_assert_no_error (err);
  g_assert_null (exc);
  trace_add ("result=%d exception=None done=%s",
             g_value_get_int (&value), PYBOOL (coasync_future_done (COASYNC_FUTURE (ok))));

  g_assert_false (await_task (bad, &awaited));
  trace_error ("await:", awaited);
  trace_append (" same=%s", PYBOOL (same_error (awaited, raised)));
  exc = coasync_future_get_exception (COASYNC_FUTURE (bad), &err);
  g_assert_no_error (err);
  trace_add ("exception_is_same=%s cancelled=%s",
             PYBOOL (same_error (exc, raised)),
             PYBOOL (coasync_future_cancelled (COASYNC_FUTURE (bad))));
  return TRUE;
}

static void
test_tsk02 (void)
{
  trace_begin ("TSK-02");
  run_main (tsk02_main, NULL);
  trace_assert ("TSK-02: await=7 | result=7 exception=None done=True"
                " | await:ValueError('boom') same=True | exception_is_same=True cancelled=False");
}

/* TSK-04 */

/* Returns N of a default name "Task-N", failing the test otherwise. */
static guint64
default_name_number (CoasyncTask *task)
{
  const char *name = coasync_task_get_name (task);
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_assert_true (g_str_has_prefix (name, "Task-"));
  g_assert_true (g_ascii_string_to_unsigned (name + strlen ("Task-"), 10, 1, G_MAXUINT64,
                                             &n, &error));
  g_assert_no_error (error);
  return n;
}

static gboolean
tsk04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) worker = coasync_create_task_full (noop_body, NULL, NULL,
                                                            "worker", NULL, 0);
  g_autoptr(CoasyncTask) a = coasync_create_task (noop_body, NULL, NULL);
  g_autoptr(CoasyncTask) b = coasync_create_task (noop_body, NULL, NULL);
  guint64 na, nb;

  trace_add ("name=%s", coasync_task_get_name (worker));
  /* set_name(123) stores str(123); C callers pass the string. */
  coasync_task_set_name (worker, "123");
  trace_add ("renamed='%s'", coasync_task_get_name (worker));
  na = default_name_number (a);
  nb = default_name_number (b);
  g_assert_cmpuint (nb, >, na);
  trace_add ("default=Task-N");

  g_assert_true (await_task (worker, NULL));
  g_assert_true (await_task (a, NULL));
  g_assert_true (await_task (b, NULL));
  return TRUE;
}

static void
test_tsk04 (void)
{
  trace_begin ("TSK-04");
  run_main (tsk04_main, NULL);
  trace_assert ("TSK-04: name=worker | renamed='123' | default=Task-N");
}

/* TSK-05: frame contents are implementation-defined; the contract is the
 * empty/non-empty rule and the first words of the formatted stack. */

static gboolean
tsk05_failing (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  CoasyncFuture *f = coasync_future_new ();
  g_autoptr(GError) exc = g_error_new_literal (TEST_ERROR, TEST_ERROR_VALUE, "boom");

  g_assert_true (coasync_future_set_error (f, exc, NULL));
  return coasync_await (f, error);
}

static guint
stack_len (CoasyncTask *task)
{
  g_autoptr(GPtrArray) stack = coasync_task_get_stack (task, 0);

  g_assert_nonnull (stack);
  return stack->len;
}

/* The last non-empty line of @text. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (gint i = g_strv_length (lines) - 1; i >= 0; i--)
    if (lines[i][0] != '\0')
      return g_strdup (lines[i]);
  return g_strdup ("");
}

static gboolean
tsk05_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) pending = coasync_create_task (sleep_1s, NULL, NULL);
  g_autoptr(CoasyncTask) ok = coasync_create_task (tick_body, NULL, NULL);
  g_autoptr(CoasyncTask) failed = coasync_create_task (tsk05_failing, NULL, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *pending_fmt = NULL;
  g_autofree char *ok_fmt = NULL;
  g_autofree char *failed_fmt = NULL;
  g_autofree char *failed_last = NULL;

  tick ();
  trace_add ("pending_stack_nonempty=%s", PYBOOL (stack_len (pending) > 0));
  pending_fmt = coasync_task_format_stack (pending, 0);
  g_assert_true (g_str_has_prefix (pending_fmt, "Stack for "));

  coasync_task_cancel (pending, NULL);
  g_assert_false (await_task (pending, &err));
  g_assert_error (err, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&err);
  trace_add ("cancelled_stack=%u", stack_len (pending));

  g_assert_true (await_task (ok, NULL));
  trace_add ("ok_stack=%u", stack_len (ok));
  ok_fmt = coasync_task_format_stack (ok, 0);
  trace_add ("ok_print=%s", g_str_has_prefix (ok_fmt, "No stack for ") ? "No stack" : ok_fmt);

  g_assert_false (await_task (failed, &err));
  trace_add ("failed_stack_nonempty=%s", PYBOOL (stack_len (failed) > 0));
  failed_fmt = coasync_task_format_stack (failed, 0);
  failed_last = last_line (failed_fmt);
  if (g_str_has_prefix (failed_fmt, "Traceback for ") && strstr (failed_last, "boom") != NULL)
    trace_add ("failed_print=Traceback...%s", error_type (err));
  else
    trace_add ("failed_print=%s", failed_fmt);
  return TRUE;
}

static void
test_tsk05 (void)
{
  trace_begin ("TSK-05");
  run_main (tsk05_main, NULL);
  trace_assert ("TSK-05: pending_stack_nonempty=True | cancelled_stack=0 | ok_stack=0"
                " | ok_print=No stack | failed_stack_nonempty=True"
                " | failed_print=Traceback...ValueError");
}

/* TSK-07 */

static gboolean
tsk07_task (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  tick ();
  trace_add ("task:end");
  return TRUE;
}

static void
tsk07_cb1 (CoasyncFuture *future,
           gpointer       user_data)
{
  trace_add ("cb1(done=%s)", PYBOOL (coasync_future_done (future)));
}

static void
tsk07_cb2 (CoasyncFuture *future,
           gpointer       user_data)
{
  trace_add ("cb2-late");
}

static gboolean
tsk07_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) t = coasync_create_task (tsk07_task, NULL, NULL);

  coasync_future_add_done_callback (COASYNC_FUTURE (t), tsk07_cb1, NULL, NULL);
  g_assert_true (await_task (t, NULL));
  trace_add ("awaiter:resumed");
  coasync_future_add_done_callback (COASYNC_FUTURE (t), tsk07_cb2, NULL, NULL);
  trace_add ("added-cb2");
  tick ();
  return TRUE;
}

static void
test_tsk07 (void)
{
  trace_begin ("TSK-07");
  run_main (tsk07_main, NULL);
  trace_assert ("TSK-07: task:end | cb1(done=True) | awaiter:resumed | added-cb2 | cb2-late");
}

/* TSK-08: a NULL body is C's "not a coroutine": a critical, NULL, and
 * nothing scheduled. */

static gboolean
tsk08_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(GPtrArray) before = coasync_all_tasks (NULL);
  g_autoptr(GPtrArray) after = NULL;
  CoasyncTask *t;

  g_test_expect_message ("Coasync", G_LOG_LEVEL_CRITICAL, "*func*");
  t = coasync_create_task (NULL, NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (t);

  g_test_expect_message ("Coasync", G_LOG_LEVEL_CRITICAL, "*func*");
  t = coasync_create_stepped_task (NULL, NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (t);

  tick ();
  after = coasync_all_tasks (NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  trace_add ("TypeError");
  return TRUE;
}

static void
test_tsk08 (void)
{
  trace_begin ("TSK-08");
  run_main (tsk08_main, NULL);
  trace_assert ("TSK-08: TypeError");
}

/* CUR-01 */

static void
cur01_soon (gpointer user_data)
{
  trace_add ("in-call_soon=%s", coasync_current_task () == NULL ? "None" : "a task");
}

static void
cur01_done (CoasyncFuture *future,
            gpointer       user_data)
{
  trace_add ("in-done-callback=%s", coasync_current_task () == NULL ? "None" : "a task");
}

static gboolean
cur01_child (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  trace_add ("child-sees-itself=%s", PYBOOL (coasync_current_task () == task));
  return TRUE;
}

static gboolean
cur01_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncFuture) f = coasync_future_new ();

  trace_add ("in-task-is-self=%s", PYBOOL (coasync_current_task () == task));
  coasync_call_soon (NULL, cur01_soon, NULL, NULL);
  tick ();
  coasync_future_add_done_callback (f, cur01_done, NULL, NULL);
  g_assert_true (coasync_future_set_result (f, NULL, NULL));
  tick ();
  g_assert_true (coasync_await (COASYNC_FUTURE (coasync_create_task (cur01_child, NULL, NULL)),
                                NULL));
  return TRUE;
}

static void
test_cur01 (void)
{
  trace_begin ("CUR-01");
  run_main (cur01_main, NULL);
  trace_assert ("CUR-01: in-task-is-self=True | in-call_soon=None | in-done-callback=None"
                " | child-sees-itself=True");
}

/* CUR-02 */

static gboolean
cur02_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_autoptr(CoasyncTask) child = coasync_create_task (tick_body, NULL, NULL);
  g_autoptr(GPtrArray) tasks = coasync_all_tasks (NULL);

  trace_add ("count=%u has-main=%s has-child=%s", tasks->len,
             PYBOOL (ptr_array_has (tasks, task)), PYBOOL (ptr_array_has (tasks, child)));
  g_clear_pointer (&tasks, g_ptr_array_unref);
  g_assert_true (await_task (child, NULL));
  tasks = coasync_all_tasks (NULL);
  trace_add ("after-done count=%u has-child=%s", tasks->len,
             PYBOOL (ptr_array_has (tasks, child)));
  return TRUE;
}

static void
test_cur02 (void)
{
  trace_begin ("CUR-02");
  run_main (cur02_main, NULL);
  trace_assert ("CUR-02: count=2 has-main=True has-child=True | after-done count=1 has-child=False");
}

/* CUR-04 */

static gboolean
cur04_child (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  gboolean *ok = user_data;

  for (guint i = 0; i < 3; i++)
    {
      tick ();
      if (coasync_current_task () != task)
        *ok = FALSE;
    }
  return TRUE;
}

static gboolean
cur04_main (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  gboolean ok1 = TRUE, ok2 = TRUE;
  g_autoptr(CoasyncTask) c1 = coasync_create_task (cur04_child, &ok1, NULL);
  g_autoptr(CoasyncTask) c2 = coasync_create_task (cur04_child, &ok2, NULL);

  g_assert_true (await_task (c1, NULL));
  g_assert_true (await_task (c2, NULL));
  trace_add ("c1-after-resume-ok=%s", PYBOOL (ok1));
  trace_add ("c2-after-resume-ok=%s", PYBOOL (ok2));
  return TRUE;
}

static void
test_cur04 (void)
{
  trace_begin ("CUR-04");
  run_main (cur04_main, NULL);
  trace_assert ("CUR-04: c1-after-resume-ok=True | c2-after-resume-ok=True");
}

/* Awaiting outside a task fails with NO_TASK and still consumes the
 * reference it was given. */

static void
await_in_callback (gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  CoasyncFuture *f = coasync_future_new ();
  CoasyncFuture *weak = f;

  g_object_add_weak_pointer (G_OBJECT (f), (gpointer *) &weak);
  g_assert_false (coasync_await (f, &error));
  g_assert_error (error, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  g_assert_null (weak);
  *(gboolean *) user_data = TRUE;
}

static gboolean
outside_main (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  gboolean checked = FALSE;

  coasync_call_soon (NULL, await_in_callback, &checked, NULL);
  tick ();
  g_assert_true (checked);
  return TRUE;
}

static void
test_await_outside_task (void)
{
  g_autoptr(GError) error = NULL;
  CoasyncFuture *f;
  CoasyncFuture *weak;

  /* No loop running at all. */
  f = coasync_future_new ();
  weak = f;
  g_object_add_weak_pointer (G_OBJECT (f), (gpointer *) &weak);
  g_assert_false (coasync_await (f, &error));
  g_assert_error (error, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  g_assert_null (weak);
  g_clear_error (&error);

  /* Even on a done future, and through a typed form. */
  f = coasync_future_new ();
  weak = f;
  g_object_add_weak_pointer (G_OBJECT (f), (gpointer *) &weak);
  g_assert_true (coasync_future_set_int (f, 3, NULL));
  g_assert_cmpint (coasync_await_int (f, &error), ==, 0);
  g_assert_error (error, COASYNC_ERROR, COASYNC_ERROR_NO_TASK);
  g_assert_null (weak);

  /* In a loop callback, where there is no current task. */
  run_main (outside_main, NULL);
}

/* Awaiting a future of another GMainContext */

static gboolean
wrong_context_main (CoasyncTask  *task,
                    gpointer      user_data,
                    GError      **error)
{
  g_autoptr(GMainContext) other = g_main_context_new ();
  g_autoptr(GError) err = NULL;
  CoasyncFuture *f = coasync_future_new_for_context (other);
  CoasyncFuture *weak = f;

  g_assert_true (coasync_future_get_context (f) == other);
  g_object_add_weak_pointer (G_OBJECT (f), (gpointer *) &weak);
  g_assert_false (coasync_await (f, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_WRONG_CONTEXT);
  g_assert_null (weak);
  return TRUE;
}

static void
test_await_wrong_context (void)
{
  run_main (wrong_context_main, NULL);
}

/* Every GDestroyNotify given to create_task (and coasync_run) runs exactly
 * once, however the task ends. */

enum
{
  NOTIFY_OK,
  NOTIFY_CANCELLED_EARLY,
  NOTIFY_CANCELLED,
  NOTIFY_FAILED,
  NOTIFY_FULL,
  NOTIFY_STEPPED,
  NOTIFY_RUN,
  N_NOTIFY
};

static guint notified[N_NOTIFY];

static void
count_notify (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static CoasyncFuture *
stepped_noop (CoasyncTask   *task,
              CoasyncFuture *awaited,
              gpointer       user_data)
{
  return NULL;
}

static gboolean
notify_main (CoasyncTask  *task,
             gpointer      user_data,
             GError      **error)
{
  g_autoptr(CoasyncTask) ok = coasync_create_task (noop_body, &notified[NOTIFY_OK],
                                                   count_notify);
  g_autoptr(CoasyncTask) early = coasync_create_task (noop_body,
                                                      &notified[NOTIFY_CANCELLED_EARLY],
                                                      count_notify);
  g_autoptr(CoasyncTask) cancelled = coasync_create_task (sleep_1s, &notified[NOTIFY_CANCELLED],
                                                          count_notify);
  g_autoptr(CoasyncTask) failed = coasync_create_task (tsk02_bad, &notified[NOTIFY_FAILED],
                                                       count_notify);
  g_autoptr(CoasyncTask) full = coasync_create_task_full (noop_body, &notified[NOTIFY_FULL],
                                                          count_notify, "full", NULL, 0);
  g_autoptr(CoasyncTask) stepped = coasync_create_stepped_task (stepped_noop,
                                                                &notified[NOTIFY_STEPPED],
                                                                count_notify);

  coasync_task_cancel (early, NULL);
  tick ();
  coasync_task_cancel (cancelled, NULL);
  g_assert_true (await_task (ok, NULL));
  g_assert_false (await_task (early, NULL));
  g_assert_false (await_task (cancelled, NULL));
  g_assert_false (await_task (failed, NULL));
  g_assert_true (await_task (full, NULL));
  g_assert_true (await_task (stepped, NULL));
  return TRUE;
}

static void
test_task_notify (void)
{
  g_autoptr(GError) error = NULL;

  memset (notified, 0, sizeof notified);
  g_assert_true (coasync_run (notify_main, &notified[NOTIFY_RUN], count_notify, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_NOTIFY; i++)
    g_assert_cmpuint (notified[i], ==, 1);
}

/* Stepped tasks: the stackless body, one call per awaited future. */

typedef struct
{
  guint step;
  CoasyncFuture *waiting;  /* the future a step hands out, kept to inspect it */
} Stepper;

/* Sleeps, then returns 5. */
static CoasyncFuture *
step_sleep_return (CoasyncTask   *task,
                   CoasyncFuture *awaited,
                   gpointer       user_data)
{
  Stepper *s = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (coasync_current_task () == task);
  switch (s->step++)
    {
    case 0:
      g_assert_null (awaited);
      trace_add ("step0");
      return coasync_sleep (0.01);
    case 1:
      g_assert_nonnull (awaited);
      g_assert_true (coasync_future_get_result (awaited, &value, &error));
      g_assert_no_error (error);
      trace_add ("step1:slept");
      coasync_task_return_int (task, 5);
      return NULL;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
stepped_return_main (CoasyncTask  *task,
                     gpointer      user_data,
                     GError      **error)
{
  Stepper s = { 0, };
  g_autoptr(GError) err = NULL;
  gint v;

  v = coasync_await_int (COASYNC_FUTURE (coasync_create_stepped_task (step_sleep_return, &s,
                                                                      NULL)),
                         &err);
  g_assert_no_error (err);
  trace_add ("await=%d", v);
  return TRUE;
}

static void
test_stepped_return (void)
{
  trace_begin ("STEPPED");
  run_main (stepped_return_main, NULL);
  trace_assert ("STEPPED: step0 | step1:slept | await=5");
}

/* Waits on s->waiting, which ends cancelled; the cancellation is re-raised
 * if @reraise, and handled (the task returns 'handled') otherwise. */
static CoasyncFuture *
step_wait (CoasyncTask   *task,
           CoasyncFuture *awaited,
           gpointer       user_data,
           gboolean       reraise)
{
  Stepper *s = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  switch (s->step++)
    {
    case 0:
      return g_object_ref (s->waiting);
    case 1:
      g_assert_true (awaited == s->waiting);
      g_assert_false (coasync_future_get_result (awaited, &value, &error));
      trace_error ("step:", error);
      if (reraise)
        coasync_task_return_error (task, g_steal_pointer (&error));
      else
        coasync_task_return_string (task, "handled");
      return NULL;
    default:
      g_assert_not_reached ();
    }
}

static CoasyncFuture *
step_wait_reraise (CoasyncTask   *task,
                   CoasyncFuture *awaited,
                   gpointer       user_data)
{
  return step_wait (task, awaited, user_data, TRUE);
}

static CoasyncFuture *
step_wait_handle (CoasyncTask   *task,
                  CoasyncFuture *awaited,
                  gpointer       user_data)
{
  return step_wait (task, awaited, user_data, FALSE);
}

static gboolean
stepped_cancel_main (CoasyncTask  *task,
                     gpointer      user_data,
                     GError      **error)
{
  Stepper s = { 0, coasync_future_new () };
  Stepper d = { 0, coasync_future_new () };
  g_autoptr(CoasyncTask) t = coasync_create_stepped_task (step_wait_reraise, &s, NULL);
  g_autoptr(CoasyncTask) u = coasync_create_stepped_task (step_wait_handle, &d, NULL);
  g_autoptr(GError) err = NULL;
  g_autofree char *v = NULL;

  /* task.cancel() cancels the future the step is waiting on. */
  tick ();
  trace_add ("cancel=%s", PYBOOL (coasync_task_cancel (t, "stop")));
  trace_add ("fut.cancelled=%s", PYBOOL (coasync_future_cancelled (s.waiting)));
  g_assert_false (await_task (t, &err));
  trace_error ("awaiter:", err);
  trace_add ("cancelled=%s", PYBOOL (coasync_future_cancelled (COASYNC_FUTURE (t))));
  g_clear_error (&err);

  /* The awaited future is cancelled by someone else; the step handles it. */
  g_assert_true (coasync_future_cancel (d.waiting, "direct"));
  v = coasync_await_string (COASYNC_FUTURE (g_object_ref (u)), &err);
  g_assert_no_error (err);
  trace_add ("await='%s' cancelled=%s", v, PYBOOL (coasync_future_cancelled (COASYNC_FUTURE (u))));

  g_object_unref (s.waiting);
  g_object_unref (d.waiting);
  return TRUE;
}

static void
test_stepped_cancel (void)
{
  trace_begin ("STEPPED-CANCEL");
  run_main (stepped_cancel_main, NULL);
  trace_assert ("STEPPED-CANCEL: cancel=True | fut.cancelled=True | step:CancelledError('stop')"
                " | awaiter:CancelledError('stop') | cancelled=True"
                " | step:CancelledError('direct') | await='handled' cancelled=False");
}

/* A stack that cannot be had fails the task with a GError; nothing else
 * breaks, and the body's data is still released once. */
static gboolean
never_runs (CoasyncTask  *task,
            gpointer      user_data,
            GError      **error)
{
  g_assert_not_reached ();
  return TRUE;
}

static gboolean
no_stack_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  guint *n_notified = user_data;
  g_autoptr(CoasyncTask) t = NULL;
  g_autoptr(GError) err = NULL;

  t = coasync_create_task_full (never_runs, n_notified, count_notify, "huge", NULL, G_MAXSIZE);
  g_assert_false (await_task (t, &err));
  g_assert_error (err, COASYNC_ERROR, COASYNC_ERROR_NO_STACK);
  g_assert_false (coasync_future_cancelled (COASYNC_FUTURE (t)));
  g_assert_cmpuint (*n_notified, ==, 1);
  return TRUE;
}

static void
test_no_stack (void)
{
  guint n_notified = 0;

  run_main (no_stack_main, &n_notified);
  g_assert_cmpuint (n_notified, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task/TSK-01", test_tsk01);
  g_test_add_func ("/task/TSK-02", test_tsk02);
  g_test_add_func ("/task/TSK-04", test_tsk04);
  g_test_add_func ("/task/TSK-05", test_tsk05);
  g_test_add_func ("/task/TSK-07", test_tsk07);
  g_test_add_func ("/task/TSK-08", test_tsk08);
  g_test_add_func ("/task/CUR-01", test_cur01);
  g_test_add_func ("/task/CUR-02", test_cur02);
  g_test_add_func ("/task/CUR-04", test_cur04);
  g_test_add_func ("/task/await-outside-task", test_await_outside_task);
  g_test_add_func ("/task/await-wrong-context", test_await_wrong_context);
  g_test_add_func ("/task/notify-once", test_task_notify);
  g_test_add_func ("/task/stepped-return", test_stepped_return);
  g_test_add_func ("/task/stepped-cancel", test_stepped_cancel);
  g_test_add_func ("/task/no-stack", test_no_stack);

  return g_test_run ();
}
