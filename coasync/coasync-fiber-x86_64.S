/* coasync-fiber-x86_64.S: context switch for the System V x86-64 ABI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * void coasync_fiber_switch (void **save_sp, void *load_sp);
 *
 * Pushes the callee-saved registers and the SSE/x87 control words on the
 * current stack, stores the stack pointer in *save_sp, loads load_sp and
 * pops the same frame from there.  A new fiber's frame is laid out by
 * coasync-fiber.c so that the final ret lands in coasync_fiber_trampoline
 * with r12 = argument and r13 = entry function.
 */

        .text
        .globl  coasync_fiber_switch
        .hidden coasync_fiber_switch
        .type   coasync_fiber_switch, @function
        .p2align 4
coasync_fiber_switch:
        .cfi_startproc
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        subq    $8, %rsp
        stmxcsr (%rsp)
        fnstcw  4(%rsp)
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        ldmxcsr (%rsp)
        fldcw   4(%rsp)
        addq    $8, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
        .cfi_endproc
        .size   coasync_fiber_switch, .-coasync_fiber_switch

        .globl  coasync_fiber_trampoline
        .hidden coasync_fiber_trampoline
        .type   coasync_fiber_trampoline, @function
        .p2align 4
coasync_fiber_trampoline:
        .cfi_startproc
        .cfi_undefined rip
        movq    %r12, %rdi
        xorl    %ebp, %ebp
        callq   *%r13
        ud2
        .cfi_endproc
        .size   coasync_fiber_trampoline, .-coasync_fiber_trampoline

        .section .note.GNU-stack,"",@progbits
