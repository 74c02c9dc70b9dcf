/* coasync-timer-heap.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include <string.h>

#include "coasync-timer-heap-private.h"

static inline gboolean
entry_before (const CoasyncTimerEntry *a,
              const CoasyncTimerEntry *b)
{
  if (a->deadline != b->deadline)
    return a->deadline < b->deadline;
  return a->seq < b->seq;
}

static inline void
place (CoasyncTimerHeap        *heap,
       const CoasyncTimerEntry *entry,
       guint                    pos)
{
  heap->entries[pos] = *entry;
  entry->node->index = pos + 1;
}

static void
sift_up (CoasyncTimerHeap *heap,
         guint             pos)
{
  CoasyncTimerEntry entry = heap->entries[pos];

  while (pos > 0)
    {
      guint parent = (pos - 1) / 2;

      if (!entry_before (&entry, &heap->entries[parent]))
        break;
      place (heap, &heap->entries[parent], pos);
      pos = parent;
    }
  place (heap, &entry, pos);
}

static void
sift_down (CoasyncTimerHeap *heap,
           guint             pos)
{
  CoasyncTimerEntry entry = heap->entries[pos];

  for (;;)
    {
      guint child = 2 * pos + 1;

      if (child >= heap->len)
        break;
      if (child + 1 < heap->len && entry_before (&heap->entries[child + 1], &heap->entries[child]))
        child++;
      if (!entry_before (&heap->entries[child], &entry))
        break;
      place (heap, &heap->entries[child], pos);
      pos = child;
    }
  place (heap, &entry, pos);
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
    heap->entries[i].node->index = 0;
  g_free (heap->entries);
  memset (heap, 0, sizeof *heap);
}

void
coasync_timer_heap_push (CoasyncTimerHeap *heap,
                         CoasyncTimerNode *node,
                         gint64            deadline)
{
  CoasyncTimerEntry *entry;

  g_assert (node->index == 0);

  if (heap->len == heap->alloc)
    {
      heap->alloc = MAX (64, heap->alloc * 2);
      heap->entries = g_renew (CoasyncTimerEntry, heap->entries, heap->alloc);
    }
  node->deadline = deadline;
  entry = &heap->entries[heap->len];
  entry->deadline = deadline;
  entry->seq = heap->next_seq++;
  entry->node = node;
  heap->len++;
  sift_up (heap, heap->len - 1);
}

void
coasync_timer_heap_remove (CoasyncTimerHeap *heap,
                           CoasyncTimerNode *node)
{
  guint pos;

  if (node->index == 0)
    return;

  pos = node->index - 1;
  node->index = 0;
  heap->len--;
  if (pos == heap->len)
    return;

  /* Move the last entry into the hole and restore the order around it. */
  place (heap, &heap->entries[heap->len], pos);
  if (pos > 0 && entry_before (&heap->entries[pos], &heap->entries[(pos - 1) / 2]))
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
