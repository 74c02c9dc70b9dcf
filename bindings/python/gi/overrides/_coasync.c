/* _coasync.c: the hot path of the Python face, in C.
 *
 * Coasync.py runs each Python coroutine as a stepped CoasyncTask. Going
 * through PyGObject for every step (a libffi closure, argument wrappers, a
 * GValue built in Python) costs several microseconds, more than asyncio's
 * whole step; this module is the step function itself, and the few calls
 * that create tasks and set results, written against CPython's and
 * PyGObject's C APIs. Rare paths (a cancellation thrown in, a bad yield,
 * KeyboardInterrupt) call back into the helpers Coasync.py registers with
 * setup().
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pygobject.h>

#include <coasync/coasync.h>

#define CANCELLED_DEFAULT_MESSAGE "Operation was cancelled"

/* Set by setup(). */
static PyObject *exception_for;         /* (future) -> the exception to throw in */
static PyObject *bad_yield;             /* (object) -> a failed future */
static PyObject *on_base_exception;     /* (task, exception) */
static PyObject *exception_from_gerror; /* (GLib.Error) -> exception */
static PyObject *cancelled_error;       /* asyncio.CancelledError */
static GType pyobject_type;             /* PyGObject's "PyObject" boxed type */
static GQuark body_quark;               /* a task's (coroutine, context) */

/* One coroutine run as the body of a task. */
typedef struct
{
  PyObject      *coro;
  PyObject      *context;       /* contextvars.Context the steps run in */
  PyObject      *on_start;      /* called with the task before the first step */
  CoasyncFuture *waiting;       /* the future the coroutine yielded */
  gboolean       started;
} Stepper;

static void
stepper_free (gpointer data)
{
  Stepper *self = data;
  PyGILState_STATE gil = PyGILState_Ensure ();

  /* A task cancelled before its first step never runs its coroutine: close
   * it, as throwing the cancellation into it would. */
  if (!self->started)
    {
      PyObject *closed = PyObject_CallMethod (self->coro, "close", NULL);

      if (closed == NULL)
        PyErr_WriteUnraisable (self->coro);
      Py_XDECREF (closed);
    }
  Py_DECREF (self->coro);
  Py_DECREF (self->context);
  Py_XDECREF (self->on_start);
  PyGILState_Release (gil);
  g_free (self);
}

static void
decref_object (gpointer object)
{
  PyGILState_STATE gil = PyGILState_Ensure ();

  Py_DECREF ((PyObject *) object);
  PyGILState_Release (gil);
}

/* The coroutine and its context stay reachable from the task after its
 * body is over: Task.get_coro(), Task.get_context(). */
static void
set_body (CoasyncTask *task,
          Stepper     *stepper)
{
  PyObject *body = PyTuple_Pack (2, stepper->coro, stepper->context);

  if (body != NULL)
    g_object_set_qdata_full (G_OBJECT (task), body_quark, body, decref_object);
  PyErr_Clear ();
}

static Stepper *
stepper_new (PyObject *coro,
             PyObject *context,
             PyObject *on_start)
{
  Stepper *self = g_new0 (Stepper, 1);

  self->coro = Py_NewRef (coro);
  self->context = Py_NewRef (context);
  self->on_start = on_start == Py_None ? NULL : Py_XNewRef (on_start);
  return self;
}

static GValue *
value_for (GValue   *value,
           PyObject *object)
{
  g_value_init (value, pyobject_type);
  g_value_set_boxed (value, object);
  return value;
}

/* str(@object) as UTF-8, or NULL (with no Python error left) if it fails. */
static char *
dup_str (PyObject *object)
{
  PyObject *text = PyObject_Str (object);
  const char *utf8 = text != NULL ? PyUnicode_AsUTF8 (text) : NULL;
  char *copy = g_strdup (utf8);

  Py_XDECREF (text);
  PyErr_Clear ();
  return copy;
}

/* The GError a Python exception crosses C as: a cancellation for
 * CancelledError (so that C sees the task cancelled), unless
 * @keep_cancelled, otherwise a foreign error carrying the exception object,
 * described as Python prints it ("ValueError: bad input"). */
static GError *
gerror_for (PyObject *exc,
            gboolean  keep_cancelled)
{
  const char *type_name = Py_TYPE (exc)->tp_name;
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;
  GValue payload = G_VALUE_INIT;
  GError *error;

  if (!keep_cancelled && PyObject_IsInstance (exc, cancelled_error) == 1)
    {
      PyObject *args = PyObject_GetAttrString (exc, "args");

      if (args != NULL && PyTuple_Check (args) && PyTuple_GET_SIZE (args) > 0)
        text = dup_str (PyTuple_GET_ITEM (args, 0));
      Py_XDECREF (args);
      PyErr_Clear ();
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                  text != NULL ? text : CANCELLED_DEFAULT_MESSAGE);
    }

  text = dup_str (exc);
  if (text != NULL && text[0] != '\0')
    described = g_strdup_printf ("%s: %s", type_name, text);
  error = coasync_foreign_error_new (value_for (&payload, exc),
                                     described != NULL ? described : type_name);
  g_value_unset (&payload);
  return error;
}

/* Takes the exception being raised. */
static PyObject *
fetch_exception (void)
{
  PyObject *type, *value, *traceback;

  PyErr_Fetch (&type, &value, &traceback);
  PyErr_NormalizeException (&type, &value, &traceback);
  if (traceback != NULL)
    PyException_SetTraceback (value, traceback);
  Py_XDECREF (type);
  Py_XDECREF (traceback);
  return value;
}

/* Ends the task with the exception being raised. */
static void
fail_task (CoasyncTask *task)
{
  PyObject *exc = fetch_exception ();

  coasync_task_return_error (task, gerror_for (exc, FALSE));
  if (PyErr_GivenExceptionMatches (exc, PyExc_KeyboardInterrupt)
      || PyErr_GivenExceptionMatches (exc, PyExc_SystemExit))
    {
      PyObject *wrapper = pygobject_new ((GObject *) task);
      PyObject *ignored = PyObject_CallFunctionObjArgs (on_base_exception, wrapper, exc, NULL);

      if (ignored == NULL)
        PyErr_WriteUnraisable (on_base_exception);
      Py_XDECREF (ignored);
      Py_XDECREF (wrapper);
    }
  Py_DECREF (exc);
}

/* Runs the coroutine until it yields: asyncio's Task.__step. Sends None, or
 * throws the exception of an awaited future that is not the one the
 * coroutine yielded (the task throws a cancellation in). */
static PySendResult
advance (Stepper       *self,
         CoasyncFuture *awaited,
         PyObject     **yielded)
{
  PyObject *thrown = NULL;
  PySendResult sent;

  self->started = TRUE;
  if (awaited != NULL && awaited != self->waiting)
    {
      PyObject *wrapper = pygobject_new ((GObject *) awaited);

      thrown = wrapper != NULL ? PyObject_CallOneArg (exception_for, wrapper) : NULL;
      Py_XDECREF (wrapper);
      if (thrown == NULL)
        return PYGEN_ERROR;
    }
  self->waiting = NULL;

  if (PyContext_Enter (self->context) < 0)
    {
      Py_XDECREF (thrown);
      return PYGEN_ERROR;
    }
  if (thrown == NULL)
    sent = PyIter_Send (self->coro, Py_None, yielded);
  else
    {
      *yielded = PyObject_CallMethod (self->coro, "throw", "O", thrown);
      sent = PYGEN_NEXT;
      if (*yielded == NULL)
        {
          sent = PYGEN_ERROR;
          if (PyErr_ExceptionMatches (PyExc_StopIteration))
            {
              PyObject *stop = fetch_exception ();

              *yielded = PyObject_GetAttrString (stop, "value");
              Py_DECREF (stop);
              sent = *yielded != NULL ? PYGEN_RETURN : PYGEN_ERROR;
            }
        }
      Py_DECREF (thrown);
    }
  PyContext_Exit (self->context);
  return sent;
}

/* The next future to wait for, from what the coroutine yielded. */
static CoasyncFuture *
next_future (Stepper  *self,
             PyObject *yielded)
{
  PyObject *failed;
  CoasyncFuture *next;

  if (yielded == Py_None)
    {
      /* A bare yield: one tick, as asyncio's sleep(0). */
      self->waiting = coasync_sleep (0);
      return self->waiting;
    }
  if (PyObject_TypeCheck (yielded, &PyGObject_Type)
      && COASYNC_IS_FUTURE (pygobject_get (yielded)))
    {
      self->waiting = COASYNC_FUTURE (pygobject_get (yielded));
      return g_object_ref (self->waiting);
    }
  /* The failed future is thrown in at the next step. */
  failed = PyObject_CallOneArg (bad_yield, yielded);
  if (failed == NULL)
    return NULL;
  next = g_object_ref (COASYNC_FUTURE (pygobject_get (failed)));
  Py_DECREF (failed);
  return next;
}

static CoasyncFuture *
step (CoasyncTask   *task,
      CoasyncFuture *awaited,
      gpointer       user_data)
{
  Stepper *self = user_data;
  PyGILState_STATE gil = PyGILState_Ensure ();
  PyObject *yielded = NULL;
  CoasyncFuture *next = NULL;

  /* Tasks that run() and run_coroutine_threadsafe() create in C. */
  if (awaited == NULL && g_object_get_qdata (G_OBJECT (task), body_quark) == NULL)
    set_body (task, self);

  if (self->on_start != NULL)
    {
      PyObject *wrapper = pygobject_new ((GObject *) task);
      PyObject *ignored = PyObject_CallOneArg (self->on_start, wrapper);

      Py_DECREF (wrapper);
      Py_CLEAR (self->on_start);
      if (ignored == NULL)
        {
          fail_task (task);
          goto out;
        }
      Py_DECREF (ignored);
    }

  switch (advance (self, awaited, &yielded))
    {
    case PYGEN_RETURN:
      {
        GValue value = G_VALUE_INIT;

        coasync_task_return_value (task, value_for (&value, yielded));
        g_value_unset (&value);
      }
      break;

    case PYGEN_ERROR:
      fail_task (task);
      break;

    case PYGEN_NEXT:
      next = next_future (self, yielded);
      if (next == NULL)
        fail_task (task);
      break;
    }

out:
  Py_XDECREF (yielded);
  PyGILState_Release (gil);
  return next;
}

/* GObjects of the arguments. */

static gboolean
object_arg (PyObject  *object,
            GType      type,
            gboolean   nullable,
            gpointer  *out)
{
  if (nullable && object == Py_None)
    {
      *out = NULL;
      return TRUE;
    }
  if (!PyObject_TypeCheck (object, &PyGObject_Type)
      || !G_TYPE_CHECK_INSTANCE_TYPE (pygobject_get (object), type))
    {
      PyErr_Format (PyExc_TypeError, "expected a %s, got %R", g_type_name (type), object);
      return FALSE;
    }
  *out = pygobject_get (object);
  return TRUE;
}

static gboolean
context_arg (PyObject      *object,
             GMainContext **out)
{
  if (object == Py_None)
    {
      *out = NULL;
      return TRUE;
    }
  if (!pyg_boxed_check (object, G_TYPE_MAIN_CONTEXT))
    {
      PyErr_Format (PyExc_TypeError, "expected a GLib.MainContext, got %R", object);
      return FALSE;
    }
  *out = pyg_boxed_get (object, GMainContext);
  return TRUE;
}

static PyObject *
take_object (gpointer object)
{
  PyObject *wrapper = pygobject_new (object);

  g_object_unref (object);
  return wrapper;
}

/* Python functions. */

static PyObject *
py_setup (PyObject *module,
          PyObject *args)
{
  if (!PyArg_ParseTuple (args, "OOOOO", &exception_for, &bad_yield, &on_base_exception,
                         &cancelled_error, &exception_from_gerror))
    return NULL;
  Py_INCREF (exception_from_gerror);
  Py_INCREF (exception_for);
  Py_INCREF (bad_yield);
  Py_INCREF (on_base_exception);
  Py_INCREF (cancelled_error);
  body_quark = g_quark_from_static_string ("coasync-python-body");
  pyobject_type = g_type_from_name ("PyObject");
  if (pyobject_type == G_TYPE_INVALID)
    {
      PyErr_SetString (PyExc_RuntimeError, "PyGObject's PyObject type is not registered");
      return NULL;
    }
  Py_RETURN_NONE;
}

static PyObject *
py_create_task (PyObject *module,
                PyObject *args)
{
  PyObject *coro, *context, *name, *group_arg;
  CoasyncTaskGroup *group;
  const char *name_str = NULL;
  GError *error = NULL;
  CoasyncTask *task;
  Stepper *stepper;

  if (!PyArg_ParseTuple (args, "OOOO", &coro, &context, &name, &group_arg))
    return NULL;
  if (!object_arg (group_arg, COASYNC_TYPE_TASK_GROUP, TRUE, (gpointer *) &group))
    return NULL;
  if (name != Py_None && (name_str = PyUnicode_AsUTF8 (name)) == NULL)
    return NULL;

  stepper = stepper_new (coro, context, NULL);
  if (group != NULL)
    task = coasync_task_group_create_stepped_task (group, step, stepper, stepper_free,
                                                   name_str, &error);
  else
    task = coasync_create_stepped_task_full (step, stepper, stepper_free, name_str, NULL);
  if (pyg_error_check (&error))
    return NULL;
  set_body (task, stepper);
  return take_object (task);
}

static PyObject *
py_run (PyObject *module,
        PyObject *args)
{
  PyObject *coro, *context, *on_start, *result;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;
  gboolean ok;
  Stepper *stepper;

  if (!PyArg_ParseTuple (args, "OOO", &coro, &context, &on_start))
    return NULL;

  stepper = stepper_new (coro, context, on_start);
  Py_BEGIN_ALLOW_THREADS
  ok = coasync_run_stepped (step, stepper, stepper_free, &value, &error);
  Py_END_ALLOW_THREADS
  if (!ok)
    {
      pyg_error_check (&error);
      return NULL;
    }
  result = pyg_value_as_pyobject (&value, TRUE);
  g_value_unset (&value);
  return result;
}

static PyObject *
py_run_coroutine_threadsafe (PyObject *module,
                             PyObject *args)
{
  PyObject *coro, *context, *on_start, *loop_context;
  GMainContext *main_context;

  if (!PyArg_ParseTuple (args, "OOOO", &coro, &context, &on_start, &loop_context))
    return NULL;
  if (!context_arg (loop_context, &main_context))
    return NULL;
  return take_object (coasync_run_coroutine_threadsafe_stepped (step, stepper_new (coro, context, on_start),
                                                                stepper_free, main_context));
}

static PyObject *
py_set_result (PyObject *module,
               PyObject *args)
{
  PyObject *future_arg, *result;
  CoasyncFuture *future;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  if (!PyArg_ParseTuple (args, "OO", &future_arg, &result))
    return NULL;
  if (!object_arg (future_arg, COASYNC_TYPE_FUTURE, FALSE, (gpointer *) &future))
    return NULL;
  coasync_future_set_result (future, value_for (&value, result), &error);
  g_value_unset (&value);
  if (pyg_error_check (&error))
    return NULL;
  Py_RETURN_NONE;
}

static PyObject *
py_set_exception (PyObject *module,
                  PyObject *args)
{
  PyObject *future_arg, *exc;
  CoasyncFuture *future;
  GError *exception, *error = NULL;
  int keep_cancelled;

  if (!PyArg_ParseTuple (args, "OOp", &future_arg, &exc, &keep_cancelled))
    return NULL;
  if (!object_arg (future_arg, COASYNC_TYPE_FUTURE, FALSE, (gpointer *) &future))
    return NULL;
  exception = gerror_for (exc, keep_cancelled);
  coasync_future_set_error (future, exception, &error);
  g_error_free (exception);
  if (pyg_error_check (&error))
    return NULL;
  Py_RETURN_NONE;
}

/* Raises the Python exception for @error, which it frees. */
static PyObject *
raise_gerror (GError *error)
{
  PyObject *gerror, *exc;

  pyg_error_check (&error);
  gerror = fetch_exception ();
  exc = PyObject_CallOneArg (exception_from_gerror, gerror);
  Py_DECREF (gerror);
  if (exc != NULL)
    {
      PyErr_SetObject ((PyObject *) Py_TYPE (exc), exc);
      Py_DECREF (exc);
    }
  return NULL;
}

static PyObject *
py_result (PyObject *module,
           PyObject *future_arg)
{
  CoasyncFuture *future;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;
  PyObject *result;

  if (!object_arg (future_arg, COASYNC_TYPE_FUTURE, FALSE, (gpointer *) &future))
    return NULL;
  if (!coasync_future_get_result (future, &value, &error))
    return raise_gerror (error);
  if (G_VALUE_HOLDS (&value, pyobject_type))
    result = Py_NewRef ((PyObject *) g_value_get_boxed (&value));
  else
    result = pyg_value_as_pyobject (&value, TRUE);
  g_value_unset (&value);
  return result;
}

static PyObject *
py_get_body (PyObject *module,
             PyObject *task_arg)
{
  CoasyncTask *task;
  PyObject *body;

  if (!object_arg (task_arg, COASYNC_TYPE_TASK, FALSE, (gpointer *) &task))
    return NULL;
  body = g_object_get_qdata (G_OBJECT (task), body_quark);
  return Py_NewRef (body != NULL ? body : Py_None);
}

/* The exception object a foreign GLib.Error carries, or None. (PyGObject
 * 3.42 leaks the GValue coasync_foreign_error_dup_payload() returns.) */
static PyObject *
py_foreign_payload (PyObject *module,
                    PyObject *gerror)
{
  PyObject *code_obj;
  GError *error;
  GValue *payload;
  PyObject *result = Py_None;
  long code;

  code_obj = PyObject_GetAttrString (gerror, "code");
  if (code_obj == NULL)
    return NULL;
  code = PyLong_AsLong (code_obj);
  Py_DECREF (code_obj);
  if (code == -1 && PyErr_Occurred ())
    return NULL;

  /* Rebuilt from its code, the error finds the payload again. */
  error = g_error_new_literal (COASYNC_FOREIGN_ERROR, (gint) code, "");
  payload = coasync_foreign_error_dup_payload (error);
  g_error_free (error);
  if (payload != NULL && G_VALUE_HOLDS (payload, pyobject_type))
    result = g_value_get_boxed (payload);
  Py_INCREF (result);
  if (payload != NULL)
    {
      g_value_unset (payload);
      g_free (payload);
    }
  return result;
}

static PyObject *
py_done (PyObject *module,
         PyObject *future_arg)
{
  CoasyncFuture *future;

  if (!object_arg (future_arg, COASYNC_TYPE_FUTURE, FALSE, (gpointer *) &future))
    return NULL;
  return PyBool_FromLong (coasync_future_done (future));
}

static PyObject *
py_in_task (PyObject *module,
            PyObject *unused)
{
  return PyBool_FromLong (coasync_current_task () != NULL);
}

static PyObject *
py_sleep (PyObject *module,
          PyObject *delay)
{
  double seconds = PyFloat_AsDouble (delay);

  if (seconds == -1.0 && PyErr_Occurred ())
    return NULL;
  return take_object (coasync_sleep (seconds));
}

static PyMethodDef methods[] = {
  { "setup", py_setup, METH_VARARGS,
    "setup(exception_for, bad_yield, on_base_exception, CancelledError, "
    "exception_from_gerror)" },
  { "result", py_result, METH_O,
    "result(future) -> object: the result, or raises the future's exception" },
  { "done", py_done, METH_O, "done(future) -> bool" },
  { "foreign_payload", py_foreign_payload, METH_O,
    "foreign_payload(error) -> the exception a foreign GLib.Error carries, or None" },
  { "get_body", py_get_body, METH_O,
    "get_body(task) -> (coroutine, context) of a Python task, or None" },
  { "in_task", py_in_task, METH_NOARGS, "in_task() -> bool: whether a task is running" },
  { "sleep", py_sleep, METH_O, "sleep(delay) -> Future: coasync_sleep()" },
  { "create_task", py_create_task, METH_VARARGS,
    "create_task(coro, context, name, group) -> Task: runs coro as a stepped task" },
  { "run", py_run, METH_VARARGS,
    "run(coro, context, on_start) -> result: coasync_run_stepped() of coro" },
  { "run_coroutine_threadsafe", py_run_coroutine_threadsafe, METH_VARARGS,
    "run_coroutine_threadsafe(coro, context, on_start, loop_context) -> Future" },
  { "set_result", py_set_result, METH_VARARGS,
    "set_result(future, object): sets a Python object as the result" },
  { "set_exception", py_set_exception, METH_VARARGS,
    "set_exception(future, exception, keep_cancelled): fails a future with a Python "
    "exception; a CancelledError is a cancellation unless keep_cancelled" },
  { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module_def = {
  PyModuleDef_HEAD_INIT,
  .m_name = "_coasync",
  .m_doc = "The step function of Python tasks on coasync.",
  .m_size = -1,
  .m_methods = methods,
};

PyMODINIT_FUNC PyInit__coasync (void);

PyMODINIT_FUNC
PyInit__coasync (void)
{
  if (pygobject_init (3, 0, 0) == NULL)
    return NULL;
  return PyModule_Create (&module_def);
}
