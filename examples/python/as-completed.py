# as-completed.py: "Coroutines and Tasks", section "Waiting Primitives":
# results in the order they come, with asyncio.as_completed().
#
# The documentation's example is the loop over as_completed(aws), which
# "raises TimeoutError if the timeout occurs before all Futures are done".
# This program runs the loop over three tasks, then once more with a
# timeout, which cancels nothing.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def say(delay, what):
    await asyncio.sleep(delay)
    return what

async def main():
    aws = [asyncio.create_task(say(3, 'three')),
           asyncio.create_task(say(1, 'one')),
           asyncio.create_task(say(2, 'two'))]
    for coro in asyncio.as_completed(aws):
        earliest_result = await coro
        print(earliest_result)

    eternity = asyncio.create_task(say(3600, 'eternity'))
    try:
        for coro in asyncio.as_completed([eternity, say(1, 'fast')], timeout=2):
            print(await coro)
    except TimeoutError:
        print('timeout!')
    print(f"eternity cancelled: {eternity.cancelled()}")

asyncio.run(main())
