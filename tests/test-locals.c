/* test-locals.c: task-local values (asyncio's contextvars per task)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "test-util.h"

static const char *
get (const char *key)
{
  const char *value = coasync_task_local_get (key);

  return value != NULL ? value : "None";
}

/* A child sees the values of its creator as they were when it was created;
 * its own changes stay its own. */
static gboolean
child (CoasyncTask  *task,
       gpointer      user_data,
       GError      **error)
{
  trace_add ("child:var=%s", get ("var"));
  coasync_task_local_set ("var", g_strdup ("child"), g_free);
  trace_add ("child:set var=%s", get ("var"));
  return TRUE;
}

static gboolean
inherit_main (CoasyncTask  *task,
              gpointer      user_data,
              GError      **error)
{
  CoasyncTask *t;

  trace_add ("main:var=%s", get ("var"));
  coasync_task_local_set ("var", g_strdup ("main"), g_free);
  t = coasync_create_task (child, NULL, NULL);
  /* Set after the child was created: the child keeps its copy. */
  coasync_task_local_set ("var", g_strdup ("later"), g_free);
  if (!coasync_await (COASYNC_FUTURE (t), error))
    return FALSE;
  trace_add ("main:var=%s", get ("var"));
  return TRUE;
}

static void
test_inherit (void)
{
  trace_begin ("locals");
  run_main (inherit_main, NULL);
  trace_assert ("locals: main:var=None | child:var=main | child:set var=child | main:var=later");
}

/* An explicit snapshot replaces the creator's values, as
 * create_task(..., context=ctx). */
static gboolean
explicit_main (CoasyncTask  *task,
               gpointer      user_data,
               GError      **error)
{
  g_autoptr(CoasyncLocals) snapshot = NULL;
  CoasyncTask *t;

  coasync_task_local_set ("var", g_strdup ("snap"), g_free);
  snapshot = coasync_locals_copy_current ();
  coasync_task_local_set ("var", g_strdup ("now"), g_free);
  g_assert_cmpstr (coasync_locals_get (snapshot, "var"), ==, "snap");

  t = coasync_create_task (child, NULL, NULL);
  coasync_task_set_locals (t, snapshot);
  if (!coasync_await (COASYNC_FUTURE (t), error))
    return FALSE;
  g_assert_cmpstr (coasync_locals_get (snapshot, "var"), ==, "snap");
  return TRUE;
}

static void
test_explicit (void)
{
  trace_begin ("explicit");
  run_main (explicit_main, NULL);
  trace_assert ("explicit: child:var=snap | child:set var=child");
}

/* Every value is freed once, when the last snapshot holding it goes. */
static void
count_free (gpointer data)
{
  (*(gint *) data)++;
}

static gboolean
free_main (CoasyncTask  *task,
           gpointer      user_data,
           GError      **error)
{
  coasync_task_local_set ("a", user_data, count_free);
  coasync_task_local_set ("a", user_data, count_free);
  coasync_task_local_set ("b", user_data, count_free);
  return TRUE;
}

static void
test_free (void)
{
  gint freed = 0;

  run_main (free_main, &freed);
  g_assert_cmpint (freed, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/locals/inherit", test_inherit);
  g_test_add_func ("/locals/explicit", test_explicit);
  g_test_add_func ("/locals/free", test_free);

  return g_test_run ();
}
