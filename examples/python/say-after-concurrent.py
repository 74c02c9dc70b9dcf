# say-after-concurrent.py: "Coroutines and Tasks", section "Coroutines":
# the two say_after() coroutines run concurrently with
# asyncio.create_task().
#
# The documentation shows only main(): the imports, say_after() and the
# call of asyncio.run() are those of the example before it, say-after.py.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio
import time

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    task1 = asyncio.create_task(
        say_after(1, 'hello'))

    task2 = asyncio.create_task(
        say_after(2, 'world'))

    print(f"started at {time.strftime('%X')}")

    # Wait until both tasks are completed (should take
    # around 2 seconds.)
    await task1
    await task2

    print(f"finished at {time.strftime('%X')}")

asyncio.run(main())
