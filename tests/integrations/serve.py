#!/usr/bin/env python3
"""A static file server on 127.0.0.1 for the integration tests: serve.py ROOT PORT_FILE LOG_FILE.

Binds a free port and writes it to PORT_FILE once it listens; appends "PATH STATUS" to LOG_FILE
for every request, so that a test can tell what was downloaded (and what was not).
"""

import functools
import http.server
import os
import sys

root, port_file, log_file = sys.argv[1:4]


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_request(self, code="-", size="-"):
        with open(log_file, "a") as log:
            log.write(f"{self.path} {int(code) if str(code).isdigit() else code}\n")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
