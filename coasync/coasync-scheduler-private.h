/* coasync-scheduler-private.h: the per-GMainContext runtime
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

#include "coasync-timer-heap-private.h"

G_BEGIN_DECLS

/* One scheduler per GMainContext, attached to it as a single GSource.  It
 * owns asyncio's ready queue (a FIFO of CoasyncCall), the timer heap and an
 * inbox that other threads post to.  It knows nothing of futures or tasks:
 * upper layers embed CoasyncCall and CoasyncTimer nodes in their objects. */
typedef struct _CoasyncScheduler CoasyncScheduler;

typedef struct _CoasyncCall CoasyncCall;
typedef void (*CoasyncCallFunc) (CoasyncCall *call);

/* An entry of the ready queue.  It is embedded in its owner, so queuing
 * allocates nothing; a call is in at most one queue at a time. */
struct _CoasyncCall
{
  CoasyncCall     *next;
  CoasyncCallFunc  func;
};

/* A timer: when its deadline passes, its call joins the ready queue at the
 * next tick boundary. */
typedef struct _CoasyncTimer
{
  CoasyncTimerNode node;
  CoasyncCall      call;
} CoasyncTimer;

CoasyncScheduler *coasync_scheduler_get               (GMainContext     *context);
CoasyncScheduler *coasync_scheduler_ref               (CoasyncScheduler *self);
void              coasync_scheduler_unref             (CoasyncScheduler *self);
void              coasync_scheduler_shutdown          (CoasyncScheduler *self);
GMainContext     *coasync_scheduler_get_context       (CoasyncScheduler *self);
gboolean          coasync_scheduler_is_owner          (CoasyncScheduler *self);
CoasyncScheduler *coasync_scheduler_get_running       (void);
gboolean          coasync_scheduler_is_idle           (CoasyncScheduler *self);
gint64            coasync_scheduler_now_upper_bound   (void);

void              coasync_scheduler_call_soon         (CoasyncScheduler *self,
                                                       CoasyncCall      *call);
void              coasync_scheduler_post              (CoasyncScheduler *self,
                                                       CoasyncCall      *call);
void              coasync_scheduler_schedule          (CoasyncScheduler *self,
                                                       CoasyncCall      *call);
void              coasync_scheduler_call_soon_func    (CoasyncScheduler *self,
                                                       GSourceOnceFunc   func,
                                                       gpointer          user_data,
                                                       GDestroyNotify    notify,
                                                       gboolean          threadsafe);

void              coasync_scheduler_add_timer         (CoasyncScheduler *self,
                                                       CoasyncTimer     *timer,
                                                       gint64            deadline);
void              coasync_scheduler_remove_timer      (CoasyncScheduler *self,
                                                       CoasyncTimer     *timer);

void              coasync_scheduler_hold              (CoasyncScheduler *self);
void              coasync_scheduler_release           (CoasyncScheduler *self);
gboolean          coasync_scheduler_is_held           (CoasyncScheduler *self);

/* The scheduler keeps its live objects (pending tasks) alive and listed, in
 * creation order.  The link is embedded in the object. */
void              coasync_scheduler_add_live          (CoasyncScheduler *self,
                                                       GList            *link);
void              coasync_scheduler_remove_live       (CoasyncScheduler *self,
                                                       GList            *link);
GList            *coasync_scheduler_peek_live         (CoasyncScheduler *self);

G_END_DECLS
