# asyncio-run.py: "Coroutines and Tasks", section "Running an asyncio
# Program": the example of asyncio.run() (documentation of Python 3.7 to
# 3.10), with the import it leaves out.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi
gi.require_version("Coasync", "1.0")
from gi.repository import Coasync as asyncio

async def main():
    await asyncio.sleep(1)
    print('hello')

asyncio.run(main())
