"""Entry point for gunicorn and `flask --app wsgi`."""

import gc

# Building the app makes hundreds of thousands of objects that live as long as the process
# (modules, classes, the models' mappings) and next to no garbage, yet the collector would
# walk them all again and again: at every full collection and once more at exit, about a
# quarter of a command's start-up. So it collects nothing while the app is built, and then
# sets everything built so far aside for good (`gc.freeze`): no later collection walks it.
gc.disable()
try:
    from portal import create_app

    app = create_app()
finally:
    gc.freeze()
    gc.enable()
