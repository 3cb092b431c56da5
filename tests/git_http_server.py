#!/usr/bin/env python3
"""Smart HTTP for git on loopback, for the tests: every request is handed to
`git http-backend` as CGI, as a web server in front of a real hub would.
Usage: git_http_server.py ROOT PORT [--stall-push] [--auth USER:PASSWORD] (prints
"ready" when it listens). With --auth, every request needs those credentials (HTTP Basic).
With --stall-push, a push is received and then never answered: the test stops
the server in the middle of it."""
import base64
import http.server
import os
import socketserver
import subprocess
import sys
import time

root, port = sys.argv[1], int(sys.argv[2])
stall_push = '--stall-push' in sys.argv
auth = sys.argv[sys.argv.index('--auth') + 1] if '--auth' in sys.argv else None


class Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            data = b''
            while True:
                size = int(self.rfile.readline().strip().split(b';')[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get('Content-Length', 0)))

    def serve(self):
        if auth and self.headers.get('Authorization') != 'Basic ' + base64.b64encode(auth.encode()).decode():
            self.body()
            self.send_response(401)
            self.send_header('WWW-Authenticate', 'Basic realm="hub"')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        path, _, query = self.path.partition('?')
        data = self.body() if self.command == 'POST' else b''
        if stall_push and path.endswith('/git-receive-pack'):
            time.sleep(3600)
        env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL='1', PATH_INFO=path, QUERY_STRING=query,
                   REQUEST_METHOD=self.command, CONTENT_TYPE=self.headers.get('Content-Type', ''),
                   CONTENT_LENGTH=str(len(data)), REMOTE_USER='tester', REMOTE_ADDR='127.0.0.1',
                   GIT_HTTP_MAX_REQUEST_BUFFER='100M')
        if self.headers.get('Content-Encoding'):
            env['HTTP_CONTENT_ENCODING'] = self.headers['Content-Encoding']
        out = subprocess.run(['git', 'http-backend'], input=data, env=env, capture_output=True).stdout
        head, _, payload = out.partition(b'\r\n\r\n')
        status = 200
        headers = []
        for line in head.split(b'\r\n'):
            name, _, value = line.decode().partition(':')
            if name.lower() == 'status':
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = serve
    do_POST = serve


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(('127.0.0.1', port), Backend)
print('ready', flush=True)
server.serve_forever()
