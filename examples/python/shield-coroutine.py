# shield-coroutine.py: "Coroutines and Tasks", section "Shielding From
# Cancellation", as in the documentation of Python 3.7 to 3.10: shield()
# given a coroutine schedules it as a task, which the cancellation of the
# caller does not cancel.
#
# The section has no complete program.  This one cancels the caller while
# it waits, then leaves something() the time to finish.  The documentation
# uses shield() and CancelledError unqualified, as if imported from the
# module.
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

async def caller():
    try:
        res = await shield(something())
    except CancelledError:
        res = None
    print(f'caller(): res = {res}')

async def main():
    waiter = asyncio.create_task(caller())
    await asyncio.sleep(1)
    waiter.cancel()
    await waiter
    await asyncio.sleep(2)

asyncio.run(main())
