# shield.py: "Coroutines and Tasks", section "Shielding From Cancellation":
# a task protected from the cancellation of its caller, which ignores the
# cancellation with try/except.
#
# The section has no complete program.  This one cancels the caller while
# it waits: its await fails, the task running something() goes on.  The
# documentation uses shield() and CancelledError unqualified, as if
# imported from the module.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

shield = asyncio.shield
CancelledError = asyncio.CancelledError

async def something():
    await asyncio.sleep(2)
    print('something(): finished')
    return 42

async def caller(task):
    try:
        res = await shield(task)
    except CancelledError:
        res = None
    print(f'caller(): res = {res}')

async def main():
    task = asyncio.create_task(something())
    waiter = asyncio.create_task(caller(task))
    await asyncio.sleep(1)
    waiter.cancel()
    await waiter
    print(f'main(): something() cancelled: {task.cancelled()}')
    print(f'main(): res = {await task}')

asyncio.run(main())
