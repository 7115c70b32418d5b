#!/usr/bin/env python3
"""A misbehaving snapshot server on 127.0.0.1 for tests/capture.sh.

Usage: http-server.py IMAGE; prints the port it listens on, serves until
killed.  /ok the image, /auth the image behind basic auth cam:secret,
/404, /stall (headers, then silence), /loop (redirects to itself),
/huge (claims and sends 100 MiB), /chunked (100 MiB without a length),
/mjpeg (a multipart MJPEG stream that never ends)."""
import base64
import http.server
import sys
import time

IMAGE = open(sys.argv[1], "rb").read()
BIG = 100 * 1024 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write(fmt % args + "\n")

    def image(self):
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(IMAGE)))
        self.end_headers()
        self.wfile.write(IMAGE)

    def do_GET(self):
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self):
        p = self.path
        if p == "/ok":
            self.image()
        elif p == "/auth":
            want = "Basic " + base64.b64encode(b"cam:secret").decode()
            if self.headers.get("Authorization") == want:
                self.image()
            else:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="cam"')
                self.send_header("Content-Length", "0")
                self.end_headers()
        elif p == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", str(len(IMAGE)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
        elif p == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif p == "/huge":
            self.send_response(200)
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            self.send_zeros(BIG)
        elif p == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"\0" * 65536
            for _ in range(BIG // len(chunk)):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif p == "/mjpeg":
            self.send_response(200)
            self.send_header("Content-Type",
                             "multipart/x-mixed-replace; boundary=frame")
            self.end_headers()
            while True:
                self.wfile.write(b"--frame\r\nContent-Type: image/jpeg\r\n"
                                 b"Content-Length: %d\r\n\r\n" % len(IMAGE))
                self.wfile.write(IMAGE + b"\r\n")
                self.wfile.flush()
                time.sleep(0.05)
        else:
            self.send_error(404)

    def send_zeros(self, n):
        chunk = b"\0" * 65536
        while n > 0:
            self.wfile.write(chunk[:n])
            n -= len(chunk)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
