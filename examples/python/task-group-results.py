# task-group-results.py: "Coroutines and Tasks", section "Task Groups": the
# tasks of a group are all done when the `async with` block is exited.
#
# The documentation leaves both coroutines to the reader (and passes them
# `...`): here they return after 1 and 2 seconds.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def some_coro(arg):
    await asyncio.sleep(1)
    return 'some_coro'

async def another_coro(arg):
    await asyncio.sleep(2)
    return 'another_coro'

async def main():
    async with asyncio.TaskGroup() as tg:
        task1 = tg.create_task(some_coro(...))
        task2 = tg.create_task(another_coro(...))
    print(f"Both tasks have completed now: {task1.result()}, {task2.result()}")

asyncio.run(main())
