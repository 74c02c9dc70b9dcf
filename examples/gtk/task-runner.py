# task-runner.py: a GTK 4 application whose buttons start and cancel
# coasync tasks, written with the Python face of coasync, which has asyncio's
# API under asyncio's names.
#
# There is no asyncio.run() here: Gtk.Application.run() iterates GLib's
# default main context, and coasync's tasks run on that same context. A
# signal handler is called while the context is being iterated, so it can
# create tasks directly; each task then advances between GTK's own events,
# and the window stays responsive while any number of them run.
#
#   task-runner.py              opens the window
#   task-runner.py --self-test  clicks through it by itself, checks the
#                               rows' final states, and exits non-zero on
#                               a failure (the test suite runs this)
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys
import time
import traceback

import gi
gi.require_version('Coasync', '1.0')
gi.require_version('Gtk', '4.0')
from gi.repository import Coasync as asyncio
from gi.repository import Gio, Gtk

STEPS = 20            # a job reports its progress in this many steps
STEP_SECONDS = 0.1    # how long one step takes


# -- The jobs ----------------------------------------------------------------
#
# A job is a coroutine function given `report`, which it calls with the
# fraction of its work done so far. Three kinds show three ways of waiting.

async def sleep_steps(report):
    """Waits on the loop's timers: the simplest job."""
    for step in range(1, STEPS + 1):
        await asyncio.sleep(STEP_SECONDS)
        report(step / STEPS)


async def blocking_steps(report):
    """Runs a blocking call in a worker thread for each step: the loop goes
    on with the other tasks and GTK's events while the thread works."""
    for step in range(1, STEPS + 1):
        # time.sleep() stands in for any blocking call: a file copy, a query.
        await asyncio.to_thread(time.sleep, STEP_SECONDS)
        report(step / STEPS)


async def download(report):
    """Fetches parts concurrently with gather(); each finished part moves the
    bar. Cancelling the job cancels gather(), which cancels every part."""
    parts = STEPS // 2
    finished = 0

    async def fetch_part(number):
        nonlocal finished
        # Parts take from one to four steps, so they finish out of order.
        await asyncio.sleep(STEP_SECONDS * (number % 4 + 1))
        finished += 1
        report(finished / parts)

    await asyncio.gather(*(fetch_part(number) for number in range(parts)))


JOBS = [sleep_steps, blocking_steps, download]


# -- One row per task ---------------------------------------------------------

class TaskRow(Gtk.Box):
    """A task's row: its name, a progress bar, its state and a Cancel button."""

    def __init__(self, number, job, on_state_changed):
        super().__init__(spacing=12)
        self.job = job
        self.state = 'running'            # the task starts as soon as it is created
        self.task = None                  # set once the task is created
        self._on_state_changed = on_state_changed

        self.append(Gtk.Label(label=f'#{number} {job.__name__}', width_chars=18, xalign=0))
        self.progress = Gtk.ProgressBar(hexpand=True, valign=Gtk.Align.CENTER)
        self.append(self.progress)
        self.state_label = Gtk.Label(label=self.state, width_chars=10)
        self.append(self.state_label)
        self.cancel_button = Gtk.Button(label='Cancel')
        # Task.cancel() only asks: the task sees CancelledError at its next
        # await, and run() below shows it.
        self.cancel_button.connect('clicked', lambda _button: self.task.cancel())
        self.append(self.cancel_button)

    def _set_state(self, state):
        self.state = state
        self.state_label.set_label(state)
        self._on_state_changed()

    async def run(self):
        """The task's coroutine: runs the job and shows how it ended."""
        try:
            await self.job(self.progress.set_fraction)
        except asyncio.CancelledError:
            self._set_state('cancelled')
            raise                         # a cancelled task must end cancelled
        finally:
            self.cancel_button.set_sensitive(False)
        self._set_state('done')


# -- The window -----------------------------------------------------------------

class TaskWindow(Gtk.ApplicationWindow):
    """Start adds a task and its row; Cancel all cancels every running task.

    The tasks belong to a TaskGroup held open by a supervisor task:
    cancelling the supervisor makes the group cancel all of its tasks and
    wait for them. A new supervisor then opens a new group for the next ones.
    """

    def __init__(self, application):
        super().__init__(application=application, title='coasync tasks',
                         default_width=640, default_height=400)
        self.rows = []
        self.group = None

        self.start_button = Gtk.Button(label='Start', sensitive=False)
        self.start_button.connect('clicked', self.on_start)
        self.cancel_all_button = Gtk.Button(label='Cancel all')
        self.cancel_all_button.connect('clicked', self.on_cancel_all)
        self.status = Gtk.Label(hexpand=True, xalign=1)

        toolbar = Gtk.Box(spacing=6)
        for widget in (self.start_button, self.cancel_all_button, self.status):
            toolbar.append(widget)
        self.row_box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6)
        scrolled = Gtk.ScrolledWindow(vexpand=True, child=self.row_box)
        content = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=12,
                          margin_top=12, margin_bottom=12, margin_start=12, margin_end=12)
        content.append(toolbar)
        content.append(scrolled)
        self.set_child(content)

        self.update_status()
        self.supervisor = asyncio.create_task(self.supervise())
        self.connect('close-request', self.on_close_request)

    async def supervise(self):
        """Holds a TaskGroup open until this task is cancelled."""
        async with asyncio.TaskGroup() as group:
            self.group = group
            self.start_button.set_sensitive(True)
            # A future nobody sets: the group stays open until cancelled.
            await asyncio.get_running_loop().create_future()

    def on_start(self, _button):
        job = JOBS[len(self.rows) % len(JOBS)]
        row = TaskRow(len(self.rows) + 1, job, self.update_status)
        self.rows.append(row)
        self.row_box.append(row)
        # A signal handler runs inside the iteration of the main context, so
        # the task can be created here; it starts at the next iteration.
        row.task = self.group.create_task(row.run())

    def on_cancel_all(self, _button):
        # No new task until the next group is open: this one is closing.
        self.start_button.set_sensitive(False)
        self.group = None
        self.supervisor.cancel()
        self.supervisor = asyncio.create_task(self.supervise())

    def update_status(self):
        counts = {state: 0 for state in ('running', 'done', 'cancelled')}
        for row in self.rows:
            counts[row.state] += 1
        self.status.set_label(', '.join(f'{count} {state}' for state, count in counts.items()))

    def on_close_request(self, _window):
        # Cancel the tasks and keep the application, and so the main loop,
        # alive until they have handled their cancellation.
        application = self.get_application()
        application.hold()
        self.supervisor.cancel()
        self.supervisor.add_done_callback(lambda _task: application.release())
        return False                      # the window closes now


# -- Self-test: drives the window as a user would ---------------------------------

def click_on_progress(row, button):
    """Clicks `button` the moment the row's bar first moves, as a user would
    but without a user's delay, so the jobs are still running."""
    def on_fraction(bar, _pspec):
        bar.disconnect(handler)
        button.emit('clicked')

    handler = row.progress.connect('notify::fraction', on_fraction)


async def wait_for_rows(rows):
    """Returns once the rows' tasks have all ended, however they ended."""
    await asyncio.gather(*(row.task for row in rows), return_exceptions=True)


def check(rows, states, label):
    found = [row.state for row in rows]
    if found != states:
        raise AssertionError(f'{label}: rows ended {found}, expected {states}')
    for row in rows:
        finished = row.progress.get_fraction() == 1.0
        if finished != (row.state == 'done'):
            raise AssertionError(f'{label}: a {row.state} row has its bar at '
                                 f'{row.progress.get_fraction()}')


async def self_test(window):
    async with asyncio.timeout(20):   # fail rather than hang
        # One task of each kind; the download is cancelled by its button.
        for _ in range(3):
            window.start_button.emit('clicked')
        first = window.rows[:3]
        click_on_progress(first[2], first[2].cancel_button)
        await wait_for_rows(first)
        check(first, ['done', 'done', 'cancelled'], 'Cancel')

        # Two step-by-step jobs, both stopped by Cancel all. The group cancels
        # them a few loop iterations after the click, and such a job takes
        # at least one iteration per step: neither can finish first.
        for _ in range(2):
            window.start_button.emit('clicked')
        second = window.rows[3:]
        click_on_progress(second[0], window.cancel_all_button)
        await wait_for_rows(second)
        check(second, ['cancelled', 'cancelled'], 'Cancel all')

        # The next group takes new tasks once it is open.
        while not window.start_button.get_sensitive():
            await asyncio.sleep(STEP_SECONDS)
        window.start_button.emit('clicked')
        await wait_for_rows(window.rows[5:])
        check(window.rows[5:], ['done'], 'Start after Cancel all')
        if window.status.get_label() != '0 running, 3 done, 3 cancelled':
            raise AssertionError(f'status line reads {window.status.get_label()!r}')


def main(argv):
    global STEP_SECONDS
    testing = '--self-test' in argv
    if testing:
        argv = [arg for arg in argv if arg != '--self-test']
        STEP_SECONDS = 0.01               # the test needs no time to watch

    application = Gtk.Application(application_id='org.coasync.TaskRunner',
                                  flags=Gio.ApplicationFlags.NON_UNIQUE)
    failures = []

    def on_activate(application):
        window = TaskWindow(application)
        window.present()
        if testing:
            test = asyncio.create_task(self_test(window))
            test.add_done_callback(lambda task: finish_test(task, window))

    def finish_test(task, window):
        try:
            task.result()
            print('self-test passed')
        except BaseException:
            failures.append(task)
            traceback.print_exc()
        window.close()

    application.connect('activate', on_activate)
    status = application.run(argv)
    return status or len(failures)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
