# wait-coroutine.py: "Coroutines and Tasks", section "Waiting Primitives":
# the code that "won't work as expected", passing a coroutine to
# asyncio.wait() (documentation of Python 3.8 to 3.10).  Since Python 3.11
# asyncio.wait() refuses coroutines with a TypeError, which ends the
# program.
#
# The snippet runs in main(); the branch that "will never be run" needs a
# statement, which says so.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def foo():
    return 42

async def main():
    coro = foo()
    done, pending = await asyncio.wait({coro})

    if coro in done:
        # This branch will never be run!
        print('coro is in done')

asyncio.run(main())
