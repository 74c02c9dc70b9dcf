/* gather.vala: asyncio's gather() example in Vala, awaiting coasync futures
 * from an `async` method that runs on a GLib.MainLoop.
 *
 *     async def factorial(name, number):
 *         f = 1
 *         for i in range(2, number + 1):
 *             print(f"Task {name}: Compute factorial({number}), currently i={i}...")
 *             await asyncio.sleep(1)
 *             f *= i
 *         print(f"Task {name}: factorial({number}) = {f}")
 *         return f
 *
 *     async def main():
 *         # Schedule three calls *concurrently*:
 *         L = await asyncio.gather(
 *             factorial("A", 2),
 *             factorial("B", 3),
 *             factorial("C", 4),
 *         )
 *         print(L)
 *
 * Before that, main waits for a start signal: a plain future that a GLib
 * timeout source completes, the way callback-based code hands a result to
 * async code. The expected output is in gather.expected.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Every delay is multiplied by $COASYNC_EXAMPLE_SCALE (default 1), so that
 * the test suite can run the example quickly. */
double scaled (double seconds) {
	unowned string? scale = Environment.get_variable ("COASYNC_EXAMPLE_SCALE");
	return scale != null ? seconds * double.parse (scale) : seconds;
}

/* asyncio's `factorial(name, number)` as a stepped task. The step runs the
 * body up to its next await and returns the future awaited there; it is
 * called again once that future is done. The closure keeps the coroutine's
 * locals between steps. */
Coasync.Task factorial (string name, int number) {
	int f = 1;
	int i = 2;

	return Coasync.create_stepped_task ((task, awaited) => {
		if (awaited != null) {
			/* Back from `await asyncio.sleep(1)`: a cancellation would
			 * arrive here as the sleep's error, and end the task. */
			try {
				Value none;
				awaited.get_result (out none);
			} catch (Error e) {
				task.return_error (e);
				return null;
			}
			f *= i;
			i++;
		}
		if (i <= number) {
			print ("Task %s: Compute factorial(%d), currently i=%d...\n", name, number, i);
			return Coasync.sleep (scaled (1));
		}
		print ("Task %s: factorial(%d) = %d\n", name, number, f);
		task.return_int (f);
		return null;
	});
}

async void main_async () throws Error {
	/* A future completed from a GLib timeout source. */
	var start = new Coasync.Future ();
	Timeout.add ((uint) (scaled (0.5) * 1000), () => {
		try {
			start.set_string ("go");
		} catch (Error e) {
			critical ("cannot complete the start signal: %s", e.message);
		}
		return Source.REMOVE;
	});
	Value? message = yield start.wait_async ();
	print ("Start signal: %s\n", message.get_string ());

	/* Schedule three calls *concurrently*. */
	Coasync.Future[] tasks = { factorial ("A", 2), factorial ("B", 3), factorial ("C", 4) };
	Value? gathered = yield Coasync.gather (tasks, false).wait_async ();

	/* The results, in the order of the tasks: a GPtrArray of GValues. */
	unowned GenericArray<Value?> results = (GenericArray<Value?>) gathered.get_boxed ();
	var list = new StringBuilder ("[");
	for (uint k = 0; k < results.length; k++) {
		list.append_printf ("%s%d", k > 0 ? ", " : "", results[k].get_int ());
	}
	list.append ("]");
	print ("%s\n", list.str);
}

int main () {
	var loop = new MainLoop ();
	int status = 0;

	main_async.begin ((obj, res) => {
		try {
			main_async.end (res);
		} catch (Error e) {
			printerr ("%s\n", e.message);
			status = 1;
		}
		loop.quit ();
	});
	loop.run ();
	return status;
}
