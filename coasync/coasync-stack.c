/* coasync-stack.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-macros-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gio/gio.h>

#if HAVE_VALGRIND
# include <valgrind/valgrind.h>
#endif

#include "coasync-error.h"
#include "coasync-stack-private.h"

#define SLAB_SLOTS 64
/* Bytes at the top of every stack that its own fiber never uses: in a slab
 * they hold the canary of the slot above. */
#define TOP_RESERVE 64
#define CANARY_WORDS 4
#define CANARY_VALUE G_GUINT64_CONSTANT (0xC0A5C0A5DEADF1BE)
/* Maps left for the rest of the process (libraries, malloc arenas, ...). */
#define MAP_RESERVE 8192
#define POOL_MAX 1024

typedef struct
{
  guint8  *mapping;
  gsize    mapping_size;
  gsize    slot_size;
  guint64  free_slots;   /* bit i set: slot i is free */
} Slab;

/* The most fully free slabs kept mapped for the next burst. */
#define SPARE_SLABS 1

/* Stacks of the default size are kept in a per-thread pool for reuse. */
typedef struct
{
  CoasyncStack *head;
  guint         len;
} Pool;

static gsize page_size;
static gsize default_size;
static gint guarded_budget;
static gint guarded_in_use;     /* atomic */

static GMutex slabs_lock;
static GPtrArray *open_slabs;   /* Slab*, those with a free slot */

static void pool_free (gpointer data);
static GPrivate pool_key = G_PRIVATE_INIT (pool_free);

static void
stack_init_once (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      const char *env;
      gint64 max_maps = 65530;
      g_autofree char *contents = NULL;

      page_size = (gsize) sysconf (_SC_PAGESIZE);

      default_size = 256 * 1024;
      env = g_getenv ("COASYNC_STACK_SIZE");
      if (env != NULL && g_ascii_strtoull (env, NULL, 10) >= 16 * 1024)
        default_size = g_ascii_strtoull (env, NULL, 10);
      default_size = (default_size + page_size - 1) & ~(page_size - 1);

      if (g_file_get_contents ("/proc/sys/vm/max_map_count", &contents, NULL, NULL))
        max_maps = g_ascii_strtoll (contents, NULL, 10);
      guarded_budget = (gint) MAX (0, (max_maps - MAP_RESERVE) / 2);
      env = g_getenv ("COASYNC_GUARDED_STACKS");
      if (env != NULL)
        guarded_budget = (gint) g_ascii_strtoll (env, NULL, 10);

      g_once_init_leave (&initialized, 1);
    }
}

gsize
coasync_stack_default_size (void)
{
  stack_init_once ();
  return default_size;
}

guint
coasync_stack_guarded_in_use (void)
{
  return (guint) g_atomic_int_get (&guarded_in_use);
}

static gsize
round_size (gsize size)
{
  if (size == 0)
    return default_size;
  if (size > G_MAXSIZE / 2)
    return 0;
  size = MAX (size, 16 * 1024);
  return (size + page_size - 1) & ~(page_size - 1);
}

static guint8 *
map_region (gsize    size,
            GError **error)
{
  void *mapping = mmap (NULL, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);

  if (mapping == MAP_FAILED)
    {
      int saved_errno = errno;

      g_set_error (error, COASYNC_ERROR, COASYNC_ERROR_NO_STACK,
                   "Cannot allocate a fiber stack of %" G_GSIZE_FORMAT " bytes: %s",
                   size, g_strerror (saved_errno));
      return NULL;
    }
#if HAVE_MADV_NOHUGEPAGE
  /* A huge page would turn one touched stack page into 2 MiB of memory. */
  madvise (mapping, size, MADV_NOHUGEPAGE);
#endif
  return mapping;
}

/* Builds the descriptor of the stack whose memory ends at @end (below the
 * top reserve) and starts at @base. */
static CoasyncStack *
stack_new (guint8 *base,
           guint8 *end,
           gsize   size)
{
  CoasyncStack *stack = (CoasyncStack *) GSIZE_TO_POINTER (
    (GPOINTER_TO_SIZE (end) - TOP_RESERVE - sizeof (CoasyncStack)) & ~(gsize) 15);

  memset (stack, 0, sizeof *stack);
  stack->base = base;
  stack->size = size;
  return stack;
}

static void
stack_register (CoasyncStack *stack)
{
#if HAVE_VALGRIND
  stack->valgrind_id = VALGRIND_STACK_REGISTER (stack->base, (guint8 *) stack);
#endif
}

static CoasyncStack *
acquire_guarded (gsize    size,
                 GError **error)
{
  CoasyncStack *stack;
  guint8 *mapping;

  if (g_atomic_int_add (&guarded_in_use, 1) >= guarded_budget)
    {
      g_atomic_int_add (&guarded_in_use, -1);
      return NULL;
    }

  mapping = map_region (size + page_size, error);
  if (mapping == NULL)
    {
      g_atomic_int_add (&guarded_in_use, -1);
      return NULL;
    }
  if (mprotect (mapping, page_size, PROT_NONE) != 0)
    {
      int saved_errno = errno;

      munmap (mapping, size + page_size);
      g_atomic_int_add (&guarded_in_use, -1);
      g_set_error (error, COASYNC_ERROR, COASYNC_ERROR_NO_STACK,
                   "Cannot protect a fiber stack guard page: %s", g_strerror (saved_errno));
      return NULL;
    }

  stack = stack_new (mapping + page_size, mapping + page_size + size, size);
  stack->guard = mapping;
  stack_register (stack);
  return stack;
}

static void
write_canary (guint64 *canary)
{
  for (guint i = 0; i < CANARY_WORDS; i++)
    canary[i] = CANARY_VALUE;
}

static CoasyncStack *
acquire_slab_slot (gsize    size,
                   GError **error)
{
  CoasyncStack *stack;
  Slab *slab = NULL;
  guint slot;

  coasync_mutex_lock (&slabs_lock);
  if (open_slabs == NULL)
    open_slabs = g_ptr_array_new ();
  /* Newest first: it is the one most likely to have warm pages. */
  for (guint i = open_slabs->len; i > 0; i--)
    {
      Slab *candidate = g_ptr_array_index (open_slabs, i - 1);

      if (candidate->slot_size == size)
        {
          slab = candidate;
          break;
        }
    }
  if (slab == NULL)
    {
      guint8 *mapping;
      gsize mapping_size = page_size + (gsize) SLAB_SLOTS * size;

      mapping = map_region (mapping_size, error);
      if (mapping == NULL || mprotect (mapping, page_size, PROT_NONE) != 0)
        {
          if (mapping != NULL)
            {
              munmap (mapping, mapping_size);
              g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_NO_STACK,
                                   "Cannot protect a fiber stack slab");
            }
          coasync_mutex_unlock (&slabs_lock);
          return NULL;
        }
      slab = g_new0 (Slab, 1);
      slab->mapping = mapping;
      slab->mapping_size = mapping_size;
      slab->slot_size = size;
      slab->free_slots = G_MAXUINT64;
      g_ptr_array_add (open_slabs, slab);
    }

  slot = (guint) __builtin_ctzll (slab->free_slots);
  slab->free_slots &= ~(G_GUINT64_CONSTANT (1) << slot);
  if (slab->free_slots == 0)
    g_ptr_array_remove_fast (open_slabs, slab);
  coasync_mutex_unlock (&slabs_lock);

  {
    guint8 *base = slab->mapping + page_size + (gsize) slot * size;

    stack = stack_new (base, base + size, size);
  }
  stack->slab = slab;
  stack->slot = slot;
  if (slot == 0)
    stack->guard = slab->mapping;
  else
    {
      /* The top reserve of the slot below. */
      stack->canary = (guint64 *) (stack->base - TOP_RESERVE);
      write_canary (stack->canary);
    }
  stack_register (stack);
  return stack;
}

/* A released slot keeps its touched pages, so that the next stack cut from
 * it starts without page faults; the memory goes back to the system when
 * the whole slab is free. */
static void
release_slab_slot (CoasyncStack *stack)
{
  Slab *slab = stack->slab;
  guint slot = stack->slot;
  guint spare = 0;

  coasync_mutex_lock (&slabs_lock);
  if (slab->free_slots == 0)
    g_ptr_array_add (open_slabs, slab);
  slab->free_slots |= G_GUINT64_CONSTANT (1) << slot;
  if (slab->free_slots == G_MAXUINT64)
    {
      for (guint i = 0; i < open_slabs->len; i++)
        if (((Slab *) g_ptr_array_index (open_slabs, i))->free_slots == G_MAXUINT64)
          spare++;
      if (spare > SPARE_SLABS)
        {
          g_ptr_array_remove_fast (open_slabs, slab);
          munmap (slab->mapping, slab->mapping_size);
          g_free (slab);
        }
    }
  coasync_mutex_unlock (&slabs_lock);
}

static void
stack_destroy (CoasyncStack *stack)
{
#if HAVE_VALGRIND
  VALGRIND_STACK_DEREGISTER (stack->valgrind_id);
#endif
  if (stack->slab != NULL)
    release_slab_slot (stack);
  else
    {
      munmap (stack->guard, stack->size + page_size);  /* the descriptor too */
      g_atomic_int_add (&guarded_in_use, -1);
    }
}

static void
pool_free (gpointer data)
{
  Pool *pool = data;

  while (pool->head != NULL)
    {
      CoasyncStack *stack = pool->head;

      pool->head = stack->next;
      stack_destroy (stack);
    }
  g_free (pool);
}

/**
 * coasync_stack_acquire:
 * @size: the stack size in bytes, 0 for the default
 * @error: return location for a %COASYNC_ERROR_NO_STACK error
 *
 * Returns: (transfer full): a stack, or %NULL with @error set
 */
CoasyncStack *
coasync_stack_acquire (gsize    size,
                       GError **error)
{
  CoasyncStack *stack;
  Pool *pool;

  stack_init_once ();
  size = round_size (size);
  if (size == 0)
    {
      g_set_error_literal (error, COASYNC_ERROR, COASYNC_ERROR_NO_STACK,
                           "Cannot allocate a fiber stack: size too large");
      return NULL;
    }

  if (size == default_size && (pool = g_private_get (&pool_key)) != NULL && pool->head != NULL)
    {
      stack = pool->head;
      pool->head = stack->next;
      pool->len--;
      stack->next = NULL;
      return stack;
    }

  stack = acquire_guarded (size, error);
  if (stack == NULL && (error == NULL || *error == NULL))
    stack = acquire_slab_slot (size, error);
  return stack;
}

void
coasync_stack_release (CoasyncStack *stack)
{
  Pool *pool;

  if (stack->size == default_size && stack->slab == NULL)
    {
      pool = g_private_get (&pool_key);
      if (pool == NULL)
        {
          pool = g_new0 (Pool, 1);
          g_private_set (&pool_key, pool);
        }
      if (pool->len < POOL_MAX)
        {
          stack->next = pool->head;
          pool->head = stack;
          pool->len++;
          return;
        }
    }
  stack_destroy (stack);
}

gboolean
coasync_stack_canary_ok (CoasyncStack *stack)
{
  if (stack->canary == NULL)
    return TRUE;
  for (guint i = 0; i < CANARY_WORDS; i++)
    if (stack->canary[i] != CANARY_VALUE)
      return FALSE;
  return TRUE;
}

gboolean
coasync_stack_in_guard (CoasyncStack  *stack,
                        gconstpointer  address)
{
  const guint8 *a = address;

  return stack->guard != NULL && a >= stack->guard && a < stack->guard + page_size;
}
