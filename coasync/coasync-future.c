/* coasync-future.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <math.h>
#include <string.h>

#include "coasync-error.h"
#include "coasync-future-private.h"
#include "coasync-macros-private.h"
#include "coasync-recycler-private.h"

/**
 * SECTION:coasync-future
 * @title: CoasyncFuture
 * @short_description: The eventual result of an asynchronous operation
 *
 * A #CoasyncFuture is asyncio's `Future`: it starts pending and becomes done
 * exactly once, with a result (a #GValue, possibly none), with an error, or
 * cancelled. Fiber tasks wait for it with coasync_await(); other code adds
 * done callbacks, waits with coasync_future_wait_async(), or blocks another
 * thread with coasync_future_wait_sync().
 *
 * A future belongs to the thread-default #GMainContext of the thread that
 * created it. Done callbacks always run from that context, on a later
 * iteration than the one that completed the future, in the order they were
 * added: never from inside coasync_future_set_result(). A future may be
 * completed from any thread; its callbacks still run on its own context.
 *
 * |[<!-- language="C" -->
 * g_autoptr(CoasyncFuture) future = coasync_future_new ();
 *
 * coasync_future_add_done_callback (future, on_done, NULL, NULL);
 * coasync_future_set_int (future, 42, NULL);  // on_done runs on a later tick
 * ]|
 */

enum
{
  STATE_PENDING,
  STATE_COMPLETING,  /* a thread is storing the outcome */
  STATE_FINISHED,
  STATE_FAILED,
  STATE_CANCELLED,
};

typedef struct
{
  CoasyncScheduler *scheduler;
  gint              state;        /* atomic */
  gboolean          published;    /* callbacks handed to the loop */
  gboolean          ticks_once;
  gboolean          driven;       /* completed by its own body only (a task) */
  GValue            result;
  GError           *error;        /* failure or cancellation */
  CoasyncCallback  *callbacks;    /* FIFO, until published */
  CoasyncCallback  *callbacks_tail;
  CoasyncCallback  *tick_waiter;
} CoasyncFuturePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CoasyncFuture, coasync_future, G_TYPE_OBJECT)

#define GET_PRIV(self) ((CoasyncFuturePrivate *) coasync_future_get_instance_private (self))

/* A pointer result and the function that frees it. */
typedef struct
{
  gpointer       pointer;
  GDestroyNotify notify;
} PointerResult;

static GType pointer_result_get_type (void);

static void
pointer_result_free (PointerResult *pr)
{
  if (pr->notify != NULL)
    pr->notify (pr->pointer);
  g_free (pr);
}

/* A private boxed type that holds a pointer result.  It is never copied:
 * the value is only read in place or stolen. */
static PointerResult *
pointer_result_copy (PointerResult *pr)
{
  g_assert_not_reached ();
  return pr;
}

G_DEFINE_BOXED_TYPE (PointerResult, pointer_result, pointer_result_copy, pointer_result_free)

static inline gboolean
state_is_done (gint state)
{
  return state >= STATE_FINISHED;
}

GError *
coasync_cancelled_error_new (const char *msg)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              msg != NULL ? msg : COASYNC_CANCELLED_DEFAULT_MESSAGE);
}

gboolean
coasync_error_is_cancelled (const GError *error)
{
  return error != NULL && error->domain == G_IO_ERROR && error->code == G_IO_ERROR_CANCELLED;
}

static void
callback_run (CoasyncCall *call)
{
  CoasyncCallback *callback = (CoasyncCallback *) call;
  CoasyncFuture *future = callback->future;
  gboolean embedded = callback->embedded;
  GDestroyNotify notify = callback->notify;
  gpointer user_data = callback->user_data;

  callback->future = NULL;
  /* An embedded callback may be queued again from inside func. */
  callback->func (future, user_data);
  if (!embedded)
    {
      if (notify != NULL)
        notify (user_data);
      g_free (callback);
    }
  coasync_recycler_release (future);
}

static void
callback_schedule (CoasyncFuture    *self,
                   CoasyncFuturePrivate *priv,
                   CoasyncCallback  *callback)
{
  callback->future = g_object_ref (self);
  callback->call.func = callback_run;
  coasync_scheduler_call_soon (priv->scheduler, &callback->call);
}

/* Hands the callbacks to the loop; on the owner thread only. */
static void
publish (CoasyncFuture        *self,
         CoasyncFuturePrivate *priv)
{
  CoasyncCallback *callback = priv->callbacks;

  priv->published = TRUE;
  priv->callbacks = priv->callbacks_tail = NULL;
  while (callback != NULL)
    {
      CoasyncCallback *next = callback->next;

      callback->next = NULL;
      callback_schedule (self, priv, callback);
      callback = next;
    }
}

/* Completion from another thread: the callbacks are published by the
 * owner thread, at its next tick boundary. */
typedef struct
{
  CoasyncCall    call;
  CoasyncFuture *future;
} PublishCall;

static void
publish_call_run (CoasyncCall *call)
{
  PublishCall *pc = (PublishCall *) call;

  publish (pc->future, GET_PRIV (pc->future));
  coasync_recycler_release (pc->future);
  g_free (pc);
}

/* Frees what the future holds, leaving its scheduler reference. */
static void
future_clear (CoasyncFuturePrivate *priv)
{
  CoasyncCallback *callback = priv->callbacks;

  /* Callbacks of a future that never completed still get their notify. */
  while (callback != NULL)
    {
      CoasyncCallback *next = callback->next;

      if (callback->notify != NULL)
        callback->notify (callback->user_data);
      if (!callback->embedded)
        g_free (callback);
      callback = next;
    }
  if (COASYNC_VALUE_IS_SET (&priv->result))
    g_value_unset (&priv->result);
  g_clear_error (&priv->error);
}

static void
coasync_future_finalize (GObject *object)
{
  CoasyncFuturePrivate *priv = GET_PRIV ((CoasyncFuture *) object);

  future_clear (priv);
  coasync_scheduler_unref (priv->scheduler);

  G_OBJECT_CLASS (coasync_future_parent_class)->finalize (object);
}

/* --- recycling (see coasync-recycler-private.h) ---------------------------- */

#define FUTURE_TYPES 4

/* The future types of this library and their own resets. */
static GType future_types[FUTURE_TYPES];
static CoasyncResetFunc future_resets[FUTURE_TYPES];
static gint n_future_types;  /* atomic */

static void
future_recycle (gpointer object)
{
  CoasyncFuturePrivate *priv = GET_PRIV ((CoasyncFuture *) object);
  GType type = G_OBJECT_TYPE (object);

  future_clear (priv);
  priv->state = STATE_PENDING;
  priv->published = FALSE;
  priv->ticks_once = FALSE;
  priv->driven = FALSE;
  priv->callbacks = priv->callbacks_tail = NULL;
  priv->tick_waiter = NULL;
  for (gint i = 0; i < g_atomic_int_get (&n_future_types); i++)
    if (future_types[i] == type)
      future_resets[i] (object);
}

/* Declares a future type of this library that can be recycled, @reset
 * resetting what it adds to #CoasyncFuture.  Called from class_init. */
void
coasync_future_set_recycler (GType            type,
                             CoasyncResetFunc reset)
{
  guint n = (guint) g_atomic_int_get (&n_future_types);

  /* class_init runs under GLib's type lock, so writers take turns; the
   * count is published last, for readers on other threads. */
  g_assert (n < FUTURE_TYPES);
  future_types[n] = type;
  future_resets[n] = reset;
  g_atomic_int_set (&n_future_types, n + 1);
  coasync_recycler_register (type, future_recycle);
}

/* TRUE if @object is a future: quickly for the types of this library. */
gboolean
coasync_is_future (gconstpointer object)
{
  GType type;

  if (object == NULL)
    return FALSE;
  type = G_TYPE_FROM_INSTANCE (object);
  for (gint i = 0; i < g_atomic_int_get (&n_future_types); i++)
    if (future_types[i] == type)
      return TRUE;
  return COASYNC_IS_FUTURE ((gpointer) object);
}

/* A new instance of @type (a future type of this library), bound to the
 * thread-default context. */
gpointer
coasync_future_obtain (GType type)
{
  CoasyncFuture *self = coasync_recycler_obtain (type);

  if (self == NULL)
    return g_object_new (type, NULL);
  coasync_future_bind (self, NULL);
  return self;
}

static gboolean
coasync_future_real_cancel (CoasyncFuture *self,
                            const char    *msg)
{
  return coasync_future_complete_cancelled (self, coasync_cancelled_error_new (msg));
}

static void
reset_nothing (gpointer object)
{
}

static void
coasync_future_class_init (CoasyncFutureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = coasync_future_finalize;
  klass->cancel = coasync_future_real_cancel;

  coasync_future_set_recycler (COASYNC_TYPE_FUTURE, reset_nothing);
}

static void
coasync_future_init (CoasyncFuture *self)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);

  priv->scheduler = coasync_scheduler_ref (coasync_scheduler_get (NULL));
}

/**
 * coasync_future_new:
 *
 * Creates a pending future bound to the thread-default #GMainContext: asyncio's
 * `loop.create_future()`.
 *
 * Returns: (transfer full): a new #CoasyncFuture
 */
CoasyncFuture *
coasync_future_new (void)
{
  return coasync_future_obtain (COASYNC_TYPE_FUTURE);
}

/**
 * coasync_future_new_for_context:
 * @context: (nullable): the #GMainContext whose loop runs the future's
 *   callbacks, or %NULL for the thread-default one
 *
 * Creates a pending future bound to @context.
 *
 * Returns: (transfer full): a new #CoasyncFuture
 */
CoasyncFuture *
coasync_future_new_for_context (GMainContext *context)
{
  CoasyncFuture *self = g_object_new (COASYNC_TYPE_FUTURE, NULL);

  coasync_future_bind (self, context);
  return self;
}

/* Moves a new future (or task) to the scheduler of @context. */
void
coasync_future_bind (CoasyncFuture *self,
                     GMainContext  *context)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);
  CoasyncScheduler *scheduler = coasync_scheduler_get (context);

  if (scheduler != priv->scheduler)
    {
      coasync_scheduler_unref (priv->scheduler);
      priv->scheduler = coasync_scheduler_ref (scheduler);
    }
}

CoasyncScheduler *
coasync_future_get_scheduler (CoasyncFuture *self)
{
  return GET_PRIV (self)->scheduler;
}

/**
 * coasync_future_get_context:
 * @self: a #CoasyncFuture
 *
 * Returns the #GMainContext the future belongs to: its callbacks run there
 * and only tasks of that context may await it.
 *
 * Returns: (transfer none): the context of @self
 */
GMainContext *
coasync_future_get_context (CoasyncFuture *self)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), NULL);

  return coasync_scheduler_get_context (GET_PRIV (self)->scheduler);
}

/**
 * coasync_future_done:
 * @self: a #CoasyncFuture
 *
 * Whether the future has a result, an error, or was cancelled.
 *
 * Returns: %TRUE if @self is done
 */
gboolean
coasync_future_done (CoasyncFuture *self)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  return state_is_done (g_atomic_int_get (&GET_PRIV (self)->state));
}

/**
 * coasync_future_cancelled:
 * @self: a #CoasyncFuture
 *
 * Whether the future was cancelled. A task is cancelled only when its body
 * ended with %G_IO_ERROR_CANCELLED, not as soon as coasync_task_cancel()
 * was called.
 *
 * Returns: %TRUE if @self is cancelled
 */
gboolean
coasync_future_cancelled (CoasyncFuture *self)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  return g_atomic_int_get (&GET_PRIV (self)->state) == STATE_CANCELLED;
}

/**
 * coasync_future_cancel:
 * @self: a #CoasyncFuture
 * @msg: (nullable): the cancel message, carried by the %G_IO_ERROR_CANCELLED
 *   error
 *
 * Cancels the future and schedules its callbacks. For a #CoasyncTask this
 * is coasync_task_cancel(): only a request.
 *
 * Returns: %FALSE if @self was already done, %TRUE otherwise
 */
gboolean
coasync_future_cancel (CoasyncFuture *self,
                       const char    *msg)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  return COASYNC_FUTURE_GET_CLASS (self)->cancel (self, msg);
}

/* Stores the outcome of @self, once, in @final state: a result (@value,
 * which may be NULL for none, moved out of when @steal_value) or @error
 * (transfer full).  Returns FALSE, and frees @error, when @self was done. */
static gboolean
complete (CoasyncFuture *self,
          GValue        *value,
          GError        *error,
          gint           final,
          gboolean       steal_value)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);

  if (!g_atomic_int_compare_and_exchange (&priv->state, STATE_PENDING, STATE_COMPLETING))
    {
      if (error != NULL)
        g_error_free (error);
      return FALSE;
    }

  priv->error = error;
  if (value != NULL && COASYNC_VALUE_IS_SET (value))
    {
      if (steal_value)
        {
          priv->result = *value;
          memset (value, 0, sizeof *value);
        }
      else
        {
          g_value_init (&priv->result, G_VALUE_TYPE (value));
          g_value_copy (value, &priv->result);
        }
    }
  g_atomic_int_set (&priv->state, final);

  if (coasync_scheduler_is_owner (priv->scheduler))
    publish (self, priv);
  else
    {
      PublishCall *pc = g_new (PublishCall, 1);

      pc->call.func = publish_call_run;
      pc->future = g_object_ref (self);
      coasync_scheduler_post (priv->scheduler, &pc->call);
    }
  return TRUE;
}

/* Completes @self with a result (@value may be NULL for none; moved out of
 * when @steal_value), or failed with @error (transfer full) when it is
 * not NULL, whatever its code: as asyncio's set_exception(), a cancellation
 * error does not make the future cancelled. */
gboolean
coasync_future_complete (CoasyncFuture *self,
                         GValue        *value,
                         GError        *error,
                         gboolean       steal_value)
{
  return complete (self, value, error, error != NULL ? STATE_FAILED : STATE_FINISHED, steal_value);
}

/* Completes @self cancelled, with @error (transfer full) as the
 * %G_IO_ERROR_CANCELLED error its result gives. */
gboolean
coasync_future_complete_cancelled (CoasyncFuture *self,
                                   GError        *error)
{
  return complete (self, NULL, error, STATE_CANCELLED, FALSE);
}

static gboolean
set_invalid_state (GError **error,
                   const char *what)
{
  g_set_error (error, COASYNC_ERROR, COASYNC_ERROR_INVALID_STATE, "%s", what);
  return FALSE;
}

/* A task's outcome is its body's: asyncio refuses set_result() on it. */
static gboolean
check_settable (CoasyncFuture  *self,
                GError        **error)
{
  if (GET_PRIV (self)->driven)
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_NOT_SUPPORTED,
                           "A task does not support setting its result or error");
      return FALSE;
    }
  return TRUE;
}

/* Marks @self as completed by its own body only: the public setters
 * refuse it. */
void
coasync_future_set_driven (CoasyncFuture *self)
{
  GET_PRIV (self)->driven = TRUE;
}

/**
 * coasync_future_set_result:
 * @self: a #CoasyncFuture
 * @value: (nullable): the result, or %NULL for none
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * Marks the future done with a copy of @value as its result and schedules
 * its callbacks. Callable from any thread.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_result (CoasyncFuture  *self,
                           const GValue   *value,
                           GError        **error)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);
  g_return_val_if_fail (value == NULL || G_IS_VALUE (value), FALSE);

  if (!check_settable (self, error))
    return FALSE;
  if (!coasync_future_complete (self, (GValue *) value, NULL, FALSE))
    return set_invalid_state (error, "invalid state: the future is already done");
  return TRUE;
}

/**
 * coasync_future_set_error:
 * @self: a #CoasyncFuture
 * @exception: the error the future fails with
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * Marks the future done with a copy of @exception and schedules its
 * callbacks: asyncio's `Future.set_exception()`. As there, even a
 * %G_IO_ERROR_CANCELLED error leaves the future not cancelled (it has that
 * error as its exception); only coasync_future_cancel() cancels it.
 * Callable from any thread.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_error (CoasyncFuture  *self,
                          const GError   *exception,
                          GError        **error)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  if (!check_settable (self, error))
    return FALSE;
  /* As asyncio does, the state is checked before the argument. */
  if (coasync_future_done (self))
    return set_invalid_state (error, "invalid state: the future is already done");
  g_return_val_if_fail (exception != NULL, FALSE);

  if (!coasync_future_complete (self, NULL, g_error_copy (exception), FALSE))
    return set_invalid_state (error, "invalid state: the future is already done");
  return TRUE;
}

static gboolean
set_value_and_clear (CoasyncFuture  *self,
                     GValue         *value,
                     GError        **error)
{
  if (!check_settable (self, error))
    {
      g_value_unset (value);
      return FALSE;
    }
  if (!coasync_future_complete (self, value, NULL, TRUE))
    {
      g_value_unset (value);
      return set_invalid_state (error, "invalid state: the future is already done");
    }
  return TRUE;
}

/**
 * coasync_future_set_foreign_error:
 * @self: a #CoasyncFuture
 * @payload: the exception object of another language, for example a #GValue
 *   holding a Python object; it is copied
 * @message: a description for C code, e.g. "ValueError: bad input"
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * Fails the future with a %COASYNC_FOREIGN_ERROR error carrying @payload
 * (see coasync_foreign_error_new()). This is how bindings hand their
 * exceptions to C code: while the future keeps the error, an error rebuilt
 * from its domain and code, for example by coasync_future_get_exception()
 * through a binding, gives @payload back.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_foreign_error (CoasyncFuture  *self,
                                  const GValue   *payload,
                                  const char     *message,
                                  GError        **error)
{
  g_autoptr(GError) exception = NULL;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (payload), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  exception = coasync_foreign_error_new (payload, message);
  return coasync_future_set_error (self, exception, error);
}

/**
 * coasync_future_set_boolean:
 * @self: a #CoasyncFuture
 * @value: the result
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * coasync_future_set_result() with a %G_TYPE_BOOLEAN value.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_boolean (CoasyncFuture  *self,
                            gboolean        value,
                            GError        **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  g_value_set_boolean (g_value_init (&v, G_TYPE_BOOLEAN), value);
  return set_value_and_clear (self, &v, error);
}

/**
 * coasync_future_set_int:
 * @self: a #CoasyncFuture
 * @value: the result
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * coasync_future_set_result() with a %G_TYPE_INT value.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_int (CoasyncFuture  *self,
                        gint            value,
                        GError        **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  g_value_set_int (g_value_init (&v, G_TYPE_INT), value);
  return set_value_and_clear (self, &v, error);
}

/**
 * coasync_future_set_double:
 * @self: a #CoasyncFuture
 * @value: the result
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * coasync_future_set_result() with a %G_TYPE_DOUBLE value.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_double (CoasyncFuture  *self,
                           gdouble         value,
                           GError        **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  g_value_set_double (g_value_init (&v, G_TYPE_DOUBLE), value);
  return set_value_and_clear (self, &v, error);
}

/**
 * coasync_future_set_string:
 * @self: a #CoasyncFuture
 * @value: (nullable): the result, copied
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * coasync_future_set_result() with a %G_TYPE_STRING value.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_string (CoasyncFuture  *self,
                           const char     *value,
                           GError        **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  g_value_set_string (g_value_init (&v, G_TYPE_STRING), value);
  return set_value_and_clear (self, &v, error);
}

/**
 * coasync_future_set_object:
 * @self: a #CoasyncFuture
 * @value: (nullable) (type GObject): the result; the future takes a reference
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * coasync_future_set_result() with an object value of @value's type.
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_object (CoasyncFuture  *self,
                           GObject        *value,
                           GError        **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);
  g_return_val_if_fail (value == NULL || G_IS_OBJECT (value), FALSE);

  g_value_init (&v, value != NULL ? G_OBJECT_TYPE (value) : G_TYPE_OBJECT);
  g_value_set_object (&v, value);
  return set_value_and_clear (self, &v, error);
}

/**
 * coasync_future_set_pointer: (skip)
 * @self: a #CoasyncFuture
 * @value: (nullable): the result
 * @notify: (nullable): frees @value when the future is finalized, unless
 *   coasync_await_pointer() took it
 * @error: return location for a %COASYNC_ERROR_INVALID_STATE error
 *
 * Completes the future with a pointer result, as g_task_return_pointer()
 * does. If @self was already done, @notify is called on @value at once.
 * Bindings, which have no raw pointers, use coasync_future_set_result().
 *
 * Returns: %TRUE on success; %FALSE if @self was already done
 */
gboolean
coasync_future_set_pointer (CoasyncFuture   *self,
                            gpointer         value,
                            GDestroyNotify   notify,
                            GError         **error)
{
  GValue v = G_VALUE_INIT;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);

  coasync_pointer_value_init (&v, value, notify);
  return set_value_and_clear (self, &v, error);
}

/* Initializes @value to hold @pointer, freed with @notify unless taken. */
void
coasync_pointer_value_init (GValue         *value,
                            gpointer        pointer,
                            GDestroyNotify  notify)
{
  PointerResult *pr = g_new (PointerResult, 1);

  pr->pointer = pointer;
  pr->notify = notify;
  g_value_init (value, pointer_result_get_type ());
  g_value_take_boxed (value, pr);
}

/* Returns the error that coasync_future_get_result() would set, or NULL. */
static gboolean
check_outcome (CoasyncFuture  *self,
               GError        **error)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);
  gint state = g_atomic_int_get (&priv->state);

  if (!state_is_done (state))
    return set_invalid_state (error, "invalid state: the result is not set yet");
  if (state != STATE_FINISHED)
    {
      g_propagate_error (error, g_error_copy (priv->error));
      return FALSE;
    }
  return TRUE;
}

/* Copies a result into an unset value. A none result becomes a %NULL
 * pointer, which bindings turn into their null value. */
static void
copy_result (const GValue *result,
             GValue       *value)
{
  if (!COASYNC_VALUE_IS_SET (result))
    {
      g_value_init (value, G_TYPE_POINTER);
      return;
    }
  g_value_init (value, G_VALUE_TYPE (result));
  g_value_copy (result, value);
}

/**
 * coasync_future_get_result:
 * @self: a #CoasyncFuture
 * @value: (out caller-allocates) (optional): an unset #GValue that receives a
 *   copy of the result; a none result, or a failure, gives a %G_TYPE_POINTER
 *   holding %NULL
 * @error: return location for the future's error
 *
 * Returns the outcome of a done future: asyncio's `result()`. A pending
 * future gives %COASYNC_ERROR_INVALID_STATE, a cancelled one
 * %G_IO_ERROR_CANCELLED with the cancel message, a failed one its error.
 *
 * Returns: %TRUE if @self finished with a result
 */
gboolean
coasync_future_get_result (CoasyncFuture  *self,
                           GValue         *value,
                           GError        **error)
{
  CoasyncFuturePrivate *priv;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);
  g_return_val_if_fail (value == NULL || !G_IS_VALUE (value), FALSE);

  priv = GET_PRIV (self);
  if (!check_outcome (self, error))
    {
      /* Set all the same: bindings convert the value before the error. */
      if (value != NULL)
        g_value_init (value, G_TYPE_POINTER);
      return FALSE;
    }
  if (value != NULL)
    copy_result (&priv->result, value);
  return TRUE;
}

/* For the typed awaits: the outcome, and for pointer results, the pointer
 * itself, taken from the future (GTask's "propagate once" rule). */
gboolean
coasync_future_take_result (CoasyncFuture  *self,
                            GValue         *value,
                            GError        **error)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);

  if (!check_outcome (self, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (G_VALUE_HOLDS (&priv->result, pointer_result_get_type ()))
    {
      PointerResult *pr = g_value_get_boxed (&priv->result);

      g_value_init (value, G_TYPE_POINTER);
      g_value_set_pointer (value, pr->pointer);
      pr->pointer = NULL;
      pr->notify = NULL;
      return TRUE;
    }
  copy_result (&priv->result, value);
  return TRUE;
}

/* The stored error of a done future, or NULL. */
const GError *
coasync_future_peek_error (CoasyncFuture *self)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);

  return state_is_done (g_atomic_int_get (&priv->state)) ? priv->error : NULL;
}

/**
 * coasync_future_get_exception:
 * @self: a #CoasyncFuture
 * @error: return location for %COASYNC_ERROR_INVALID_STATE (pending) or
 *   %G_IO_ERROR_CANCELLED (cancelled)
 *
 * Returns the error a done future failed with: asyncio's `exception()`.
 *
 * Returns: (transfer full) (nullable): a copy of the error, or %NULL if
 *   @self finished with a result (or @error was set)
 */
GError *
coasync_future_get_exception (CoasyncFuture  *self,
                              GError        **error)
{
  CoasyncFuturePrivate *priv;
  gint state;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), NULL);

  priv = GET_PRIV (self);
  state = g_atomic_int_get (&priv->state);
  if (!state_is_done (state))
    {
      set_invalid_state (error, "invalid state: the exception is not set yet");
      return NULL;
    }
  if (state == STATE_CANCELLED)
    {
      g_propagate_error (error, g_error_copy (priv->error));
      return NULL;
    }
  return priv->error != NULL ? g_error_copy (priv->error) : NULL;
}

/* Adds @callback (its func, user_data and notify already set); on the
 * owner thread only. */
void
coasync_future_add_callback (CoasyncFuture   *self,
                             CoasyncCallback *callback)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);

  if (priv->published)
    {
      callback->next = NULL;
      callback_schedule (self, priv, callback);
      return;
    }
  callback->next = NULL;
  if (priv->callbacks_tail != NULL)
    priv->callbacks_tail->next = callback;
  else
    priv->callbacks = callback;
  priv->callbacks_tail = callback;
}

/**
 * coasync_future_add_done_callback:
 * @self: a #CoasyncFuture
 * @func: (scope notified) (closure user_data) (destroy notify): the callback
 * @user_data: data for @func
 * @notify: (nullable): frees @user_data once @func has run, or when the
 *   callback is removed, or when @self is finalized before it completes
 *
 * Adds a done callback. It runs from the future's context on a later tick
 * once @self is done (on the next tick if it already is), after the
 * callbacks added before it. Call it from the thread that runs the
 * future's context.
 *
 * Returns: the number of callbacks now waiting for @self, or 0 if @self
 *   was already done and @func is scheduled
 */
guint
coasync_future_add_done_callback (CoasyncFuture   *self,
                                  CoasyncDoneFunc  func,
                                  gpointer         user_data,
                                  GDestroyNotify   notify)
{
  CoasyncFuturePrivate *priv;
  CoasyncCallback *callback;
  guint n = 0;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  priv = GET_PRIV (self);
  callback = g_new0 (CoasyncCallback, 1);
  callback->func = func;
  callback->user_data = user_data;
  callback->notify = notify;
  coasync_future_add_callback (self, callback);

  for (callback = priv->callbacks; callback != NULL; callback = callback->next)
    n++;
  return n;
}

/**
 * coasync_future_remove_done_callback:
 * @self: a #CoasyncFuture
 * @func: (scope call): the callback to remove
 * @user_data: its data
 *
 * Removes every registration of @func with @user_data, running their
 * notify. Once @self is done its callbacks are already scheduled, so
 * nothing is removed.
 *
 * Returns: the number of callbacks removed
 */
guint
coasync_future_remove_done_callback (CoasyncFuture   *self,
                                     CoasyncDoneFunc  func,
                                     gpointer         user_data)
{
  CoasyncFuturePrivate *priv;
  CoasyncCallback **link, *last = NULL;
  guint removed = 0;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), 0);

  priv = GET_PRIV (self);
  link = &priv->callbacks;
  while (*link != NULL)
    {
      CoasyncCallback *callback = *link;

      if (!callback->embedded && callback->func == func && callback->user_data == user_data)
        {
          *link = callback->next;
          if (callback->notify != NULL)
            callback->notify (callback->user_data);
          g_free (callback);
          removed++;
          continue;
        }
      last = callback;
      link = &callback->next;
    }
  priv->callbacks_tail = last;
  return removed;
}

void
coasync_future_set_ticks_once (CoasyncFuture *self)
{
  GET_PRIV (self)->ticks_once = TRUE;
}

/* Lets @callback run in the very tick @self completes (see the header);
 * FALSE when @self does not allow it or already has such a waiter. */
gboolean
coasync_future_set_tick_waiter (CoasyncFuture   *self,
                                CoasyncCallback *callback)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);

  if (!priv->ticks_once || priv->tick_waiter != NULL
      || state_is_done (g_atomic_int_get (&priv->state)))
    return FALSE;
  priv->tick_waiter = callback;
  return TRUE;
}

/* Runs the tick waiter, if any; the caller holds a reference to @self. */
void
coasync_future_run_tick_waiter (CoasyncFuture *self)
{
  CoasyncFuturePrivate *priv = GET_PRIV (self);
  CoasyncCallback *callback = priv->tick_waiter;

  if (callback == NULL)
    return;
  priv->tick_waiter = NULL;
  callback->func (self, callback->user_data);
}

/* --- waiting from outside a task ------------------------------------------ */

typedef struct
{
  GTask  *task;
  gulong  cancelled_id;
  gint    returned;  /* atomic: the GTask has its outcome */
} AsyncWait;

static void
async_wait_free (gpointer data)
{
  AsyncWait *wait = data;

  /* The future may go away without completing: the handler must not
   * outlive @wait. */
  g_cancellable_disconnect (g_task_get_cancellable (wait->task), wait->cancelled_id);
  g_object_unref (wait->task);
  g_free (wait);
}

static void
free_value (gpointer data)
{
  GValue *value = data;

  if (COASYNC_VALUE_IS_SET (value))
    g_value_unset (value);
  g_free (value);
}

static void
async_wait_done (CoasyncFuture *future,
                 gpointer       user_data)
{
  AsyncWait *wait = user_data;
  GError *error = NULL;
  GValue *value = g_new0 (GValue, 1);

  if (!g_atomic_int_compare_and_exchange (&wait->returned, 0, 1))
    {
      g_free (value);
      return;
    }
  if (coasync_future_get_result (future, value, &error))
    g_task_return_pointer (wait->task, value, free_value);
  else
    {
      free_value (value);
      g_task_return_error (wait->task, error);
    }
}

static void
async_wait_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  AsyncWait *wait = user_data;

  if (g_atomic_int_compare_and_exchange (&wait->returned, 0, 1))
    g_task_return_error_if_cancelled (wait->task);
}

/**
 * coasync_future_wait_async:
 * @self: a #CoasyncFuture
 * @cancellable: (nullable): cancels the wait (not the future)
 * @callback: (scope async): called when @self is done
 * @user_data: data for @callback
 *
 * Waits for @self without a task, GIO style: @callback runs in the
 * thread-default context of the caller, where coasync_future_wait_finish()
 * gives the outcome. Call it from the thread that runs the future's context.
 */
void
coasync_future_wait_async (CoasyncFuture       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  AsyncWait *wait;

  g_return_if_fail (COASYNC_IS_FUTURE_FAST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  wait = g_new0 (AsyncWait, 1);
  wait->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (wait->task, coasync_future_wait_async);
  g_task_set_name (wait->task, "[coasync] future wait");
  if (cancellable != NULL)
    wait->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (async_wait_cancelled),
                                                wait, NULL);
  coasync_future_add_done_callback (self, async_wait_done, wait, async_wait_free);
}

/**
 * coasync_future_wait_finish:
 * @self: a #CoasyncFuture
 * @result: the #GAsyncResult given to the callback
 * @error: return location for the future's error
 *
 * Finishes coasync_future_wait_async().
 *
 * Returns: (transfer full) (nullable): the result (a %NULL pointer value
 *   when it is none), or %NULL with @error set
 */
GValue *
coasync_future_wait_finish (CoasyncFuture  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == coasync_future_wait_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gint            ref_count;   /* atomic */
  GMutex          lock;
  GCond           cond;
  gboolean        done;
} SyncWait;

/* How long coasync_future_wait_sync() watches before it sleeps: some tens
 * of microseconds, about one round trip through another thread's loop. */
#define SYNC_WAIT_SPINS 2000

typedef struct
{
  CoasyncCall    call;
  CoasyncFuture *future;
  SyncWait      *wait;
} SyncWaitCall;

static SyncWait *
sync_wait_ref (SyncWait *wait)
{
  g_atomic_int_inc (&wait->ref_count);
  return wait;
}

static void
sync_wait_unref (gpointer data)
{
  SyncWait *wait = data;

  if (!g_atomic_int_dec_and_test (&wait->ref_count))
    return;
  g_mutex_clear (&wait->lock);
  g_cond_clear (&wait->cond);
  g_free (wait);
}

static void
sync_wait_done (CoasyncFuture *future,
                gpointer       user_data)
{
  SyncWait *wait = user_data;

  coasync_mutex_lock (&wait->lock);
  wait->done = TRUE;
  g_cond_broadcast (&wait->cond);
  coasync_mutex_unlock (&wait->lock);
}

/* Runs on the owner thread: only it may touch the callback list. */
static void
sync_wait_call_run (CoasyncCall *call)
{
  SyncWaitCall *swc = (SyncWaitCall *) call;

  coasync_future_add_done_callback (swc->future, sync_wait_done, swc->wait, sync_wait_unref);
  g_object_unref (swc->future);
  g_free (swc);
}

/**
 * coasync_future_wait_sync:
 * @self: a #CoasyncFuture
 * @timeout: the longest wait in seconds, `INFINITY` for no limit
 * @value: (out caller-allocates) (optional): an unset #GValue that receives
 *   the result
 * @error: return location for the future's error, %G_IO_ERROR_TIMED_OUT,
 *   or %COASYNC_ERROR_RUNNING
 *
 * Blocks the calling thread until @self is done, as
 * `concurrent.futures.Future.result(timeout)` does. It is meant for threads
 * other than the one running the future's context; there it would deadlock
 * and fails with %COASYNC_ERROR_RUNNING instead, unless @self is done.
 * A timeout leaves @self untouched.
 *
 * Returns: %TRUE if @self finished with a result
 */
gboolean
coasync_future_wait_sync (CoasyncFuture  *self,
                          gdouble         timeout,
                          GValue         *value,
                          GError        **error)
{
  CoasyncFuturePrivate *priv;
  SyncWait *wait;
  SyncWaitCall *swc;
  gint64 end_time = G_MAXINT64;
  gboolean done;

  g_return_val_if_fail (COASYNC_IS_FUTURE_FAST (self), FALSE);
  g_return_val_if_fail (!isnan (timeout), FALSE);

  priv = GET_PRIV (self);
  if (coasync_future_done (self))
    return coasync_future_get_result (self, value, error);
  if (coasync_scheduler_is_owner (priv->scheduler))
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_RUNNING,
                           "Cannot block the thread that runs the future's context");
      if (value != NULL)
        g_value_init (value, G_TYPE_POINTER);  /* as coasync_future_get_result() */
      return FALSE;
    }

  if (timeout < (gdouble) (G_MAXINT64 / G_USEC_PER_SEC / 2))
    end_time = g_get_monotonic_time () + (gint64) (MAX (timeout, 0) * G_USEC_PER_SEC);

  wait = g_new0 (SyncWait, 1);
  wait->ref_count = 1;
  g_mutex_init (&wait->lock);
  g_cond_init (&wait->cond);

  swc = g_new (SyncWaitCall, 1);
  swc->call.func = sync_wait_call_run;
  swc->future = g_object_ref (self);
  swc->wait = sync_wait_ref (wait);
  coasync_scheduler_post (priv->scheduler, &swc->call);

  /* With another core running the loop, the outcome often comes within a
   * few microseconds: watch for it a little before sleeping, which costs a
   * futex wait and a wake-up on each side (and the done callback that
   * wakes us runs a tick after the completion). */
  if (g_get_num_processors () > 1)
    for (guint spin = 0; spin < SYNC_WAIT_SPINS && !coasync_future_done (self); spin++)
      coasync_cpu_relax ();

  coasync_mutex_lock (&wait->lock);
  while (!wait->done && !coasync_future_done (self))
    if (!coasync_cond_wait_until (&wait->cond, &wait->lock, end_time))
      break;
  done = wait->done;
  coasync_mutex_unlock (&wait->lock);
  sync_wait_unref (wait);

  if (!done && !coasync_future_done (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out waiting for the future");
      if (value != NULL)
        g_value_init (value, G_TYPE_POINTER);
      return FALSE;
    }
  return coasync_future_get_result (self, value, error);
}
