# background-tasks.py: "Coroutines and Tasks", section "Creating Tasks":
# keeping references to "fire-and-forget" background tasks in a set, which
# each task leaves once it is done.
#
# The documentation leaves some_coro() to the reader, and shows only the
# statements that create the tasks: here they run in main(), which shows
# the set filled, then emptied once the tasks are done.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def some_coro(param):
    await asyncio.sleep(1)
    print(f'some_coro(param={param}) done')

async def main():
    background_tasks = set()

    for i in range(10):
        task = asyncio.create_task(some_coro(param=i))

        # Add task to the set. This creates a strong reference.
        background_tasks.add(task)

        # To prevent keeping references to finished tasks forever,
        # make each task remove its own reference from the set after
        # completion:
        task.add_done_callback(background_tasks.discard)

    print(f'{len(background_tasks)} tasks in the background')
    await asyncio.sleep(2)
    print(f'{len(background_tasks)} tasks in the background')

asyncio.run(main())
