/* coasync-recycler-private.h: reuse of the runtime's own objects
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* On GLib 2.74 creating a GObject and dropping its last reference cost over
 * half a microsecond (datalist and signal locks), more than everything else
 * a step does.  So when the runtime itself drops the last reference of one
 * of its own objects (futures, tasks, timeouts) that nothing else can see
 * (no qdata: no weak or toggle references, no binding wrapper), it resets
 * the object and keeps it for the next one of the same type, per thread.
 *
 * A recycled object never had signal handlers that matter: these classes
 * have no signals and no properties, so "notify" is never emitted. */
typedef void (*CoasyncResetFunc) (gpointer object);

void     coasync_recycler_register (GType            type,
                                    CoasyncResetFunc reset);
gpointer coasync_recycler_obtain   (GType            type);
void     coasync_recycler_release  (gpointer         object);

G_END_DECLS
