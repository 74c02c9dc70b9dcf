/* coasync-macros-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

/* Thread-local state read on every step and await.  The initial-exec model
 * makes each access one instruction instead of a __tls_get_addr() call; the
 * few bytes fit in the static TLS that glibc keeps for libraries loaded
 * later with dlopen(), as language bindings do. */
#define COASYNC_THREAD_LOCAL __thread __attribute__ ((tls_model ("initial-exec")))

/* ThreadSanitizer does not see GLib's futex-based GMutex, so the mutexes
 * that guard data shared between threads are annotated by hand. */
#if defined(__SANITIZE_THREAD__)
# define COASYNC_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define COASYNC_TSAN 1
# endif
#endif

#ifdef COASYNC_TSAN
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
# define COASYNC_TSAN_ACQUIRE(addr) __tsan_acquire (addr)
# define COASYNC_TSAN_RELEASE(addr) __tsan_release (addr)
#else
# define COASYNC_TSAN_ACQUIRE(addr) ((void) 0)
# define COASYNC_TSAN_RELEASE(addr) ((void) 0)
#endif

/* Tells the CPU that this is a spin-wait loop. */
static inline void
coasync_cpu_relax (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#elif defined(__aarch64__)
  __asm__ __volatile__ ("yield");
#endif
}

static inline void
coasync_mutex_lock (GMutex *mutex)
{
  g_mutex_lock (mutex);
  COASYNC_TSAN_ACQUIRE (mutex);
}

static inline void
coasync_mutex_unlock (GMutex *mutex)
{
  COASYNC_TSAN_RELEASE (mutex);
  g_mutex_unlock (mutex);
}

static inline gboolean
coasync_cond_wait_until (GCond  *cond,
                         GMutex *mutex,
                         gint64  end_time)
{
  gboolean signalled;

  COASYNC_TSAN_RELEASE (mutex);
  signalled = g_cond_wait_until (cond, mutex, end_time);
  COASYNC_TSAN_ACQUIRE (mutex);
  return signalled;
}
