/* coasync-timer-heap.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <string.h>

#include "coasync-timer-heap-private.h"

static inline gboolean
node_before (const CoasyncTimerNode *a,
             const CoasyncTimerNode *b)
{
  if (a->deadline != b->deadline)
    return a->deadline < b->deadline;
  return a->seq < b->seq;
}

static inline void
place (CoasyncTimerHeap *heap,
       CoasyncTimerNode *node,
       guint             pos)
{
  heap->nodes[pos] = node;
  node->index = pos + 1;
}

static void
sift_up (CoasyncTimerHeap *heap,
         guint             pos)
{
  CoasyncTimerNode *node = heap->nodes[pos];

  while (pos > 0)
    {
      guint parent = (pos - 1) / 2;

      if (!node_before (node, heap->nodes[parent]))
        break;
      place (heap, heap->nodes[parent], pos);
      pos = parent;
    }
  place (heap, node, pos);
}

static void
sift_down (CoasyncTimerHeap *heap,
           guint             pos)
{
  CoasyncTimerNode *node = heap->nodes[pos];

  for (;;)
    {
      guint child = 2 * pos + 1;

      if (child >= heap->len)
        break;
      if (child + 1 < heap->len && node_before (heap->nodes[child + 1], heap->nodes[child]))
        child++;
      if (!node_before (heap->nodes[child], node))
        break;
      place (heap, heap->nodes[child], pos);
      pos = child;
    }
  place (heap, node, pos);
}

void
coasync_timer_heap_init (CoasyncTimerHeap *heap)
{
  memset (heap, 0, sizeof *heap);
}

void
coasync_timer_heap_clear (CoasyncTimerHeap *heap)
{
  for (guint i = 0; i < heap->len; i++)
    heap->nodes[i]->index = 0;
  g_free (heap->nodes);
  memset (heap, 0, sizeof *heap);
}

void
coasync_timer_heap_push (CoasyncTimerHeap *heap,
                         CoasyncTimerNode *node,
                         gint64            deadline)
{
  g_assert (node->index == 0);

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (64, heap->alloc * 2);
      heap->nodes = g_renew (CoasyncTimerNode *, heap->nodes, heap->alloc);
    }
  node->deadline = deadline;
  node->seq = heap->next_seq++;
  heap->nodes[heap->len] = node;
  heap->len++;
  sift_up (heap, heap->len - 1);
}

void
coasync_timer_heap_remove (CoasyncTimerHeap *heap,
                           CoasyncTimerNode *node)
{
  guint pos;
  CoasyncTimerNode *last;

  if (node->index == 0)
    return;

  pos = node->index - 1;
  node->index = 0;
  heap->len--;
  if (pos == heap->len)
    return;

  /* Move the last node into the hole and restore the order around it. */
  last = heap->nodes[heap->len];
  place (heap, last, pos);
  if (pos > 0 && node_before (last, heap->nodes[(pos - 1) / 2]))
    sift_up (heap, pos);
  else
    sift_down (heap, pos);
}

CoasyncTimerNode *
coasync_timer_heap_pop (CoasyncTimerHeap *heap)
{
  CoasyncTimerNode *top = coasync_timer_heap_peek (heap);

  if (top != NULL)
    coasync_timer_heap_remove (heap, top);
  return top;
}
