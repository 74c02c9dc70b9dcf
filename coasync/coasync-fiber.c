/* coasync-fiber.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "coasync-config.h"

#include "coasync-macros-private.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if !COASYNC_FIBER_ASM
# include <ucontext.h>
#endif

#include "coasync-fiber-private.h"

/* Sanitizers must be told about every switch between stacks. */
#if defined(__SANITIZE_ADDRESS__)
# define FIBER_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define FIBER_ASAN 1
# endif
#endif
#if defined(__SANITIZE_THREAD__)
# define FIBER_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define FIBER_TSAN 1
# endif
#endif

#ifdef FIBER_ASAN
void __sanitizer_start_switch_fiber (void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber (void *fake_stack_save, const void **bottom_old, size_t *size_old);
#endif
#ifdef FIBER_TSAN
void *__tsan_get_current_fiber (void);
void *__tsan_create_fiber (unsigned flags);
void __tsan_destroy_fiber (void *fiber);
void __tsan_switch_to_fiber (void *fiber, unsigned flags);
#endif

struct _CoasyncFiber
{
#if COASYNC_FIBER_ASM
  void            *sp;          /* the fiber's stack pointer while suspended */
  void            *caller_sp;   /* the resumer's, while the fiber runs */
#else
  ucontext_t       context;
  ucontext_t       caller_context;
#endif
  CoasyncFiber    *caller;      /* the fiber that resumed us, NULL for a thread stack */
  CoasyncStack    *stack;
  CoasyncFiberFunc func;
  gpointer         user_data;
  gboolean         finished;
#ifdef FIBER_ASAN
  void            *fake_stack;
  const void      *caller_bottom;
  size_t           caller_size;
#endif
#ifdef FIBER_TSAN
  void            *tsan_fiber;
  void            *tsan_caller;
#endif
  char             label[48];   /* the task name, if it has its own */
  guint64          number;      /* ...else "Task-<number>" */
};

static COASYNC_THREAD_LOCAL CoasyncFiber *current_fiber;

#if COASYNC_FIBER_ASM
void coasync_fiber_switch (void **save_sp, void *load_sp);
void coasync_fiber_trampoline (void);
#endif

static G_NORETURN void fiber_entry (CoasyncFiber *fiber);

/* --- reporting overflows ------------------------------------------------ */

static void
write_str (const char *s)
{
  ssize_t r = write (STDERR_FILENO, s, strlen (s));
  (void) r;
}

/* Async-signal-safe formatting of a number into @buffer[32]. */
static const char *
format_number (char    *buffer,
               guint64  n)
{
  int i = 31;

  buffer[i] = '\0';
  do
    {
      buffer[--i] = (char) ('0' + n % 10);
      n /= 10;
    }
  while (n > 0 && i > 0);
  return buffer + i;
}

static G_NORETURN void
report_overflow (CoasyncFiber *fiber,
                 const char   *how)
{
  char number[32];

  write_str ("coasync: stack overflow (");
  write_str (how);
  write_str (") in task '");
  if (fiber->label[0] != '\0')
    write_str (fiber->label);
  else
    {
      write_str ("Task-");
      write_str (format_number (number, fiber->number));
    }
  write_str ("' with a stack of ");
  write_str (format_number (number, fiber->stack->size));
  write_str (" bytes; give it a bigger stack with coasync_create_task_full() or COASYNC_STACK_SIZE\n");
  abort ();
}

#ifndef FIBER_ASAN
static struct sigaction previous_segv;

static void
segv_handler (int        sig,
              siginfo_t *info,
              void      *ucontext)
{
  CoasyncFiber *fiber = current_fiber;

  if (fiber != NULL && coasync_stack_in_guard (fiber->stack, info->si_addr))
    report_overflow (fiber, "guard page hit");

  /* Not ours: hand the fault to whoever handled it before. */
  if (previous_segv.sa_flags & SA_SIGINFO)
    previous_segv.sa_sigaction (sig, info, ucontext);
  else if (previous_segv.sa_handler != SIG_DFL && previous_segv.sa_handler != SIG_IGN)
    previous_segv.sa_handler (sig);
  else
    sigaction (SIGSEGV, &previous_segv, NULL);  /* the fault repeats, unhandled */
}

static void
free_alt_stack (gpointer data)
{
  stack_t disable = { .ss_flags = SS_DISABLE };

  sigaltstack (&disable, NULL);
  g_free (data);
}

/* The handler must run on an alternate stack: the fiber's one is exhausted. */
static void
install_overflow_handler (void)
{
  static gsize installed;
  static GPrivate alt_stack_key = G_PRIVATE_INIT (free_alt_stack);
  static COASYNC_THREAD_LOCAL gboolean thread_ready;
  stack_t current;

  if (thread_ready)
    return;
  thread_ready = TRUE;

  if (sigaltstack (NULL, &current) == 0 && (current.ss_flags & SS_DISABLE))
    {
      stack_t alt;

      alt.ss_size = MAX (SIGSTKSZ, 64 * 1024);
      alt.ss_sp = g_malloc (alt.ss_size);
      alt.ss_flags = 0;
      if (sigaltstack (&alt, NULL) == 0)
        g_private_set (&alt_stack_key, alt.ss_sp);  /* freed when the thread ends */
      else
        g_free (alt.ss_sp);
    }

  if (g_once_init_enter (&installed))
    {
      struct sigaction action;

      memset (&action, 0, sizeof action);
      action.sa_sigaction = segv_handler;
      action.sa_flags = SA_SIGINFO | SA_ONSTACK;
      sigemptyset (&action.sa_mask);
      sigaction (SIGSEGV, &action, &previous_segv);
      g_once_init_leave (&installed, 1);
    }
}
#else
static void
install_overflow_handler (void)
{
  /* AddressSanitizer reports stack overflows itself. */
}
#endif

/* --- switching ---------------------------------------------------------- */

#if !COASYNC_FIBER_ASM
static void
ucontext_entry (unsigned int hi,
                unsigned int lo)
{
  fiber_entry ((CoasyncFiber *) (((guintptr) hi << 32) | (guintptr) lo));
}
#endif

/* Switches from the resumer's stack into @fiber. */
static inline void
switch_into (CoasyncFiber *fiber)
{
#ifdef FIBER_ASAN
  void *fake_stack = NULL;

  __sanitizer_start_switch_fiber (&fake_stack, fiber->stack->base,
                                  (guint8 *) fiber - fiber->stack->base);
#endif
#ifdef FIBER_TSAN
  fiber->tsan_caller = __tsan_get_current_fiber ();
  __tsan_switch_to_fiber (fiber->tsan_fiber, 0);
#endif
#if COASYNC_FIBER_ASM
  coasync_fiber_switch (&fiber->caller_sp, fiber->sp);
#else
  swapcontext (&fiber->caller_context, &fiber->context);
#endif
#ifdef FIBER_ASAN
  __sanitizer_finish_switch_fiber (fake_stack, NULL, NULL);
#endif
}

/* Switches from @fiber back to its resumer; @exiting when it will never be
 * resumed again. */
static inline void
switch_out (CoasyncFiber *fiber,
            gboolean      exiting)
{
#ifdef FIBER_ASAN
  __sanitizer_start_switch_fiber (exiting ? NULL : &fiber->fake_stack,
                                  fiber->caller_bottom, fiber->caller_size);
#endif
#ifdef FIBER_TSAN
  __tsan_switch_to_fiber (fiber->tsan_caller, 0);
#endif
#if COASYNC_FIBER_ASM
  coasync_fiber_switch (&fiber->sp, fiber->caller_sp);
#else
  swapcontext (&fiber->context, &fiber->caller_context);
#endif
#ifdef FIBER_ASAN
  __sanitizer_finish_switch_fiber (fiber->fake_stack, &fiber->caller_bottom, &fiber->caller_size);
#endif
}

static G_NORETURN void
fiber_entry (CoasyncFiber *fiber)
{
#ifdef FIBER_ASAN
  __sanitizer_finish_switch_fiber (NULL, &fiber->caller_bottom, &fiber->caller_size);
#endif
  fiber->func (fiber->user_data);
  fiber->finished = TRUE;
  current_fiber = fiber->caller;
  switch_out (fiber, TRUE);
  g_assert_not_reached ();
}

static void
prepare_stack (CoasyncFiber *fiber)
{
#if COASYNC_FIBER_ASM
  guintptr top = GPOINTER_TO_SIZE (fiber) & ~(guintptr) 15;  /* frames go below the fiber */
  void **frame;

# if defined(__x86_64__)
  /* The frame coasync_fiber_switch pops, lowest address first:
   * control words, r15, r14, r13, r12, rbx, rbp, return address.  After the
   * ret, rsp is 16-byte aligned as the trampoline's call expects. */
  frame = (void **) (top - 16 - 8 * 8);
  frame[0] = GSIZE_TO_POINTER ((gsize) 0x037F << 32 | 0x1F80);
  frame[1] = NULL;                                   /* r15 */
  frame[2] = NULL;                                   /* r14 */
  frame[3] = (void *) fiber_entry;                   /* r13 */
  frame[4] = fiber;                                  /* r12 */
  frame[5] = NULL;                                   /* rbx */
  frame[6] = NULL;                                   /* rbp */
  frame[7] = (void *) coasync_fiber_trampoline;      /* return address */
# elif defined(__aarch64__)
  /* x19..x30 then d8..d15, as coasync_fiber_switch restores them. */
  frame = (void **) (top - 176);
  memset (frame, 0, 176);
  frame[0] = fiber;                                  /* x19 */
  frame[1] = (void *) fiber_entry;                   /* x20 */
  frame[11] = (void *) coasync_fiber_trampoline;     /* x30 */
# else
#  error "No assembly context switch for this CPU"
# endif
  fiber->sp = frame;
#else
  guintptr address = GPOINTER_TO_SIZE (fiber);

  getcontext (&fiber->context);
  fiber->context.uc_stack.ss_sp = fiber->stack->base;
  fiber->context.uc_stack.ss_size = (guint8 *) fiber - fiber->stack->base;
  fiber->context.uc_link = NULL;
  makecontext (&fiber->context, (void (*) (void)) ucontext_entry, 2,
               (unsigned int) (address >> 32), (unsigned int) (address & 0xffffffffu));
#endif
}

/**
 * coasync_fiber_new:
 * @func: the function the fiber runs
 * @user_data: its argument
 * @stack_size: the stack size in bytes, 0 for the default
 * @error: return location for a %COASYNC_ERROR_NO_STACK error
 *
 * Creates a suspended fiber; the first coasync_fiber_resume() calls @func.
 *
 * Returns: (transfer full): the fiber, or %NULL if no stack was available
 */
CoasyncFiber *
coasync_fiber_new (CoasyncFiberFunc   func,
                   gpointer           user_data,
                   gsize              stack_size,
                   GError           **error)
{
  CoasyncStack *stack;
  CoasyncFiber *fiber;

  stack = coasync_stack_acquire (stack_size, error);
  if (stack == NULL)
    return NULL;

  install_overflow_handler ();

  /* The fiber lives at the top of its own stack, in the page its first
   * frames touch anyway. */
  fiber = (CoasyncFiber *) GSIZE_TO_POINTER (
    (GPOINTER_TO_SIZE (coasync_stack_top (stack)) - sizeof (CoasyncFiber)) & ~(gsize) 15);
  memset (fiber, 0, sizeof *fiber);
  fiber->stack = stack;
  fiber->func = func;
  fiber->user_data = user_data;
#ifdef FIBER_TSAN
  fiber->tsan_fiber = __tsan_create_fiber (0);
#endif
  prepare_stack (fiber);
  return fiber;
}

/* Frees a fiber that has finished or never ran; its stack goes back to the
 * pool.  A fiber suspended in the middle of its function cannot be freed:
 * the frames on its stack would never be unwound. */
void
coasync_fiber_free (CoasyncFiber *fiber)
{
  g_return_if_fail (fiber != current_fiber);

#ifdef FIBER_TSAN
  __tsan_destroy_fiber (fiber->tsan_fiber);
#endif
  coasync_stack_release (fiber->stack);  /* the fiber's memory goes with it */
}

/* The name printed if the fiber overflows its stack: @label, or when it
 * is %NULL, "Task-@number" (formatted only if it is ever printed). */
void
coasync_fiber_set_label (CoasyncFiber *fiber,
                         const char   *label,
                         guint64       number)
{
  g_strlcpy (fiber->label, label != NULL ? label : "", sizeof fiber->label);
  fiber->number = number;
}

/* Runs @fiber until it suspends or finishes. */
void
coasync_fiber_resume (CoasyncFiber *fiber)
{
  g_return_if_fail (!fiber->finished);

  fiber->caller = current_fiber;
  current_fiber = fiber;
  switch_into (fiber);

  if (!coasync_stack_canary_ok (fiber->stack))
    report_overflow (fiber, "canary overwritten");
}

/* Suspends the running fiber; its resumer carries on. */
void
coasync_fiber_suspend (void)
{
  CoasyncFiber *fiber = current_fiber;

  g_return_if_fail (fiber != NULL);

  current_fiber = fiber->caller;
  switch_out (fiber, FALSE);
}

gboolean
coasync_fiber_is_finished (CoasyncFiber *fiber)
{
  return fiber->finished;
}

CoasyncFiber *
coasync_fiber_current (void)
{
  return current_fiber;
}

gsize
coasync_fiber_stack_size (CoasyncFiber *fiber)
{
  return fiber->stack->size;
}
