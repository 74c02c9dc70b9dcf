# threadsafe.py: "Coroutines and Tasks", section "Scheduling From Other
# Threads": submitting coroutines to a loop that runs in another thread,
# with asyncio.run_coroutine_threadsafe().
#
# The documentation shows the statements of the thread that submits.  Here
# the loop runs in a thread of its own, and the main thread submits the
# documentation's coroutine, then goes through the three outcomes of the
# second statement: a result, an exception, and a timeout that cancels the
# task in the loop.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio
import queue
import threading

async def run_loop(ready):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    ready.put((loop, stop))
    await stop

async def fail():
    raise ValueError('boom')

async def eternity():
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print('eternity(): cancelled')
        raise

def main():
    ready = queue.Queue()
    thread = threading.Thread(target=asyncio.run, args=(run_loop(ready),))
    thread.start()
    loop, stop = ready.get()
    timeout = 30

    # Create a coroutine
    coro = asyncio.sleep(1, result=3)

    # Submit the coroutine to a given loop
    future = asyncio.run_coroutine_threadsafe(coro, loop)

    # Wait for the result with an optional timeout argument
    assert future.result(timeout) == 3

    for coro, timeout in ((asyncio.sleep(1, result=3), 30),
                          (fail(), 30),
                          (eternity(), 1)):
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            result = future.result(timeout)
        except TimeoutError:
            print('The coroutine took too long, cancelling the task...')
            future.cancel()
        except Exception as exc:
            print(f'The coroutine raised an exception: {exc!r}')
        else:
            print(f'The coroutine returned: {result!r}')

    loop.call_soon_threadsafe(stop.set_result, None)
    thread.join()

main()
