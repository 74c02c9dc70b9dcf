/* coasync-macros-private.h
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Thread-local state read on every step and await.  The initial-exec model
 * makes each access one instruction instead of a __tls_get_addr() call; the
 * few bytes fit in the static TLS that glibc keeps for libraries loaded
 * later with dlopen(), as language bindings do. */
#define COASYNC_THREAD_LOCAL __thread __attribute__ ((tls_model ("initial-exec")))
