/* Coasync-1.0-custom.vala: declarations vapigen merges into coasync-1.vapi.
 *
 * Vala's glib-2.0.vapi has no GSourceOnceFunc (GLib 2.74), which the
 * call_soon functions take: it is declared here and Coasync-1.0.metadata
 * points those parameters at it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

namespace Coasync {
	[CCode (cname = "GSourceOnceFunc", instance_pos = 0.9)]
	public delegate void SourceOnceFunc ();
}
