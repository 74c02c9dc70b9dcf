/* coasync-stack-private.h: stacks for fibers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fiber stack.  Stacks are mapped lazily (only touched pages cost memory)
 * and come in two kinds:
 *
 *  - guarded: a mapping of its own with a PROT_NONE guard page below it, so
 *    an overflow faults at once.  Each costs two kernel memory maps, and
 *    Linux allows about 65k maps per process (vm.max_map_count).
 *  - slab: once the guarded budget is spent, stacks are cut from slabs of
 *    SLAB_SLOTS stacks sharing one mapping.  The lowest slot sits on a guard
 *    page; every other slot is watched by a canary written into the top
 *    bytes of the slot below, which the slot below never uses and which are
 *    in a page that is resident anyway while that slot is busy. */
typedef struct _CoasyncStack CoasyncStack;

/* The descriptor lives at the top of the stack's own memory, in the page the
 * fiber touches first anyway, so a stack costs no heap and no extra page.
 * The usable stack runs from base up to the descriptor. */
struct _CoasyncStack
{
  guint8       *base;        /* lowest usable byte */
  gsize         size;        /* the stack size asked for, page-rounded */
  guint8       *guard;       /* guard page below base, or NULL */
  guint64      *canary;      /* canary below base (slab stacks), or NULL */
  gpointer      slab;        /* the slab of a slab stack, or NULL */
  guint         slot;
  guint         valgrind_id;
  CoasyncStack *next;        /* in the free pool */
};

gsize         coasync_stack_default_size (void);
CoasyncStack *coasync_stack_acquire      (gsize          size,
                                          GError       **error);
void          coasync_stack_release      (CoasyncStack  *stack);
gboolean      coasync_stack_canary_ok    (CoasyncStack  *stack);
gboolean      coasync_stack_in_guard     (CoasyncStack  *stack,
                                          gconstpointer  address);
guint         coasync_stack_guarded_in_use (void);

/* The end of the usable stack: it grows down from here. */
static inline gpointer
coasync_stack_top (CoasyncStack *stack)
{
  return stack;
}

G_END_DECLS
