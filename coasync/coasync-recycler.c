/* coasync-recycler.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-macros-private.h"
#include "coasync-recycler-private.h"

#define RECYCLER_TYPES 8
#define RECYCLER_DEPTH 256

typedef struct
{
  GType            type;
  CoasyncResetFunc reset;
} Recycler;

typedef struct
{
  guint    len;
  gpointer objects[RECYCLER_DEPTH];
} RecycleBin;

static Recycler recyclers[RECYCLER_TYPES];
static gint n_recyclers;                       /* atomic; set by class_init functions */
static COASYNC_THREAD_LOCAL RecycleBin *bins;  /* one per recycler */

static void
free_bins (gpointer data)
{
  RecycleBin *thread_bins = data;

  for (guint i = 0; i < RECYCLER_TYPES; i++)
    for (guint j = 0; j < thread_bins[i].len; j++)
      g_object_unref (thread_bins[i].objects[j]);
  g_free (thread_bins);
}

static GPrivate bins_key = G_PRIVATE_INIT (free_bins);

/* Declares that objects of exactly @type can be recycled, @reset bringing
 * one back to the state of a new instance.  Called from class_init, which
 * GLib runs once, under its type lock. */
void
coasync_recycler_register (GType            type,
                           CoasyncResetFunc reset)
{
  gint n = g_atomic_int_get (&n_recyclers);

  /* The count is published last, for readers on other threads. */
  g_assert (n < RECYCLER_TYPES);
  recyclers[n].type = type;
  recyclers[n].reset = reset;
  g_atomic_int_set (&n_recyclers, n + 1);
}

static inline gint
recycler_index (GType type)
{
  for (gint i = 0; i < g_atomic_int_get (&n_recyclers); i++)
    if (recyclers[i].type == type)
      return i;
  return -1;
}

/* A recycled instance of @type, or NULL when there is none. */
gpointer
coasync_recycler_obtain (GType type)
{
  gint i = recycler_index (type);

  if (i < 0 || bins == NULL || bins[i].len == 0)
    return NULL;
  return bins[i].objects[--bins[i].len];
}

/* Drops a reference the runtime holds on @object, recycling it if it was
 * the last one and nothing else can have seen it. */
void
coasync_recycler_release (gpointer object)
{
  GObject *gobject = object;
  gint i;

  if (g_atomic_int_get (&gobject->ref_count) != 1 || gobject->qdata != NULL
      || (i = recycler_index (G_OBJECT_TYPE (gobject))) < 0)
    {
      g_object_unref (gobject);
      return;
    }
  if (G_UNLIKELY (bins == NULL))
    {
      bins = g_new0 (RecycleBin, RECYCLER_TYPES);
      g_private_set (&bins_key, bins);
    }
  if (bins[i].len == RECYCLER_DEPTH)
    {
      g_object_unref (gobject);
      return;
    }
  recyclers[i].reset (object);
  bins[i].objects[bins[i].len++] = object;
}
