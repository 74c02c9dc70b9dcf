# wait.py: "Coroutines and Tasks", section "Waiting Primitives": waiting
# for a set of tasks with asyncio.wait(), and finding a task in the done
# set.
#
# The documentation gives the usage, `done, pending = await
# asyncio.wait(aws)`, and the snippet that finds a task in the done set,
# in main() here.  The rest of main() goes through the three return_when
# constants and the timeout, which returns the tasks not done yet in the
# second set instead of raising or cancelling them.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def foo():
    return 42

async def say(delay, what):
    await asyncio.sleep(delay)
    return what

async def fail(delay, message):
    await asyncio.sleep(delay)
    raise ValueError(message)

async def main():
    task = asyncio.create_task(foo())
    done, pending = await asyncio.wait({task})

    if task in done:
        # Everything will work as expected now.
        print(f"foo() is done: {task.result()}")

    fast = asyncio.create_task(say(1, 'fast'))
    slow = asyncio.create_task(say(5, 'slow'))
    done, pending = await asyncio.wait({fast, slow},
                                       return_when=asyncio.FIRST_COMPLETED)
    print(f"first completed: {[t.result() for t in done]}, {len(pending)} pending")

    done, pending = await asyncio.wait(pending, timeout=1)
    print(f"timed out: {len(done)} done, {len(pending)} pending, "
          f"slow cancelled: {slow.cancelled()}")

    failing = asyncio.create_task(fail(1, 'boom'))
    done, pending = await asyncio.wait({slow, failing},
                                       return_when=asyncio.FIRST_EXCEPTION)
    print(f"first exception: {failing.exception()!r}, {len(pending)} pending")

    done, pending = await asyncio.wait(pending)
    print(f"all completed: {[t.result() for t in done]}, {len(pending)} pending")

asyncio.run(main())
