/* coasync-fiber-aarch64.S: context switch for the AAPCS64 ABI
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * void coasync_fiber_switch (void **save_sp, void *load_sp);
 *
 * Saves x19-x30 and d8-d15 (the callee-saved registers) in a 176-byte frame
 * on the current stack, stores sp in *save_sp, loads load_sp and restores
 * the same frame from there.  A new fiber's frame holds x19 = argument,
 * x20 = entry function and x30 = coasync_fiber_trampoline.
 */

        .text
        .globl  coasync_fiber_switch
        .hidden coasync_fiber_switch
        .type   coasync_fiber_switch, %function
        .p2align 4
coasync_fiber_switch:
        sub     sp, sp, #176
        stp     x19, x20, [sp, #0]
        stp     x21, x22, [sp, #16]
        stp     x23, x24, [sp, #32]
        stp     x25, x26, [sp, #48]
        stp     x27, x28, [sp, #64]
        stp     x29, x30, [sp, #80]
        stp     d8,  d9,  [sp, #96]
        stp     d10, d11, [sp, #112]
        stp     d12, d13, [sp, #128]
        stp     d14, d15, [sp, #144]
        mov     x2, sp
        str     x2, [x0]
        mov     sp, x1
        ldp     x19, x20, [sp, #0]
        ldp     x21, x22, [sp, #16]
        ldp     x23, x24, [sp, #32]
        ldp     x25, x26, [sp, #48]
        ldp     x27, x28, [sp, #64]
        ldp     x29, x30, [sp, #80]
        ldp     d8,  d9,  [sp, #96]
        ldp     d10, d11, [sp, #112]
        ldp     d12, d13, [sp, #128]
        ldp     d14, d15, [sp, #144]
        add     sp, sp, #176
        ret
        .size   coasync_fiber_switch, .-coasync_fiber_switch

        .globl  coasync_fiber_trampoline
        .hidden coasync_fiber_trampoline
        .type   coasync_fiber_trampoline, %function
        .p2align 4
coasync_fiber_trampoline:
        mov     x0, x19
        mov     x29, #0
        blr     x20
        brk     #0
        .size   coasync_fiber_trampoline, .-coasync_fiber_trampoline

        .section .note.GNU-stack,"",%progbits
