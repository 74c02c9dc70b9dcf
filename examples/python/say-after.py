# say-after.py: "Coroutines and Tasks", section "Coroutines": awaiting on a
# coroutine.  Prints "hello" after waiting for 1 second, and then "world"
# after waiting for another 2 seconds.
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
    print(f"started at {time.strftime('%X')}")

    await say_after(1, 'hello')
    await say_after(2, 'world')

    print(f"finished at {time.strftime('%X')}")

asyncio.run(main())
