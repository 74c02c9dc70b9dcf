/* coasync-timer-heap-private.h: a binary min-heap of timers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A node embedded in whatever owns the timer. Timers are ordered by
 * (deadline, seq): equal deadlines fire in the order they were added, as
 * asyncio's heap of TimerHandles does. */
typedef struct _CoasyncTimerNode
{
  gint64  deadline;  /* monotonic microseconds */
  guint   index;     /* position in the heap + 1; 0 while not queued */
} CoasyncTimerNode;

/* The heap keeps each node's key next to its pointer, so that sifting
 * compares keys in one array instead of chasing nodes spread over memory. */
typedef struct _CoasyncTimerEntry
{
  gint64            deadline;
  guint64           seq;
  CoasyncTimerNode *node;
} CoasyncTimerEntry;

typedef struct _CoasyncTimerHeap
{
  CoasyncTimerEntry *entries;
  guint              len;
  guint              alloc;
  guint64            next_seq;
} CoasyncTimerHeap;

void              coasync_timer_heap_init   (CoasyncTimerHeap *heap);
void              coasync_timer_heap_clear  (CoasyncTimerHeap *heap);
void              coasync_timer_heap_push   (CoasyncTimerHeap *heap,
                                             CoasyncTimerNode *node,
                                             gint64            deadline);
void              coasync_timer_heap_remove (CoasyncTimerHeap *heap,
                                             CoasyncTimerNode *node);
CoasyncTimerNode *coasync_timer_heap_pop    (CoasyncTimerHeap *heap);

static inline CoasyncTimerNode *
coasync_timer_heap_peek (const CoasyncTimerHeap *heap)
{
  return heap->len > 0 ? heap->entries[0].node : NULL;
}

static inline gboolean
coasync_timer_node_is_queued (const CoasyncTimerNode *node)
{
  return node->index != 0;
}

G_END_DECLS
