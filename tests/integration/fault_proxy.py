"""A small HTTP/1.1 fault proxy for the fault suite and the benches (issue #11): it sits on
loopback in front of one S3 backend and, per request, passes it on or injects a fault chosen at
run time:

    pass     forward unchanged
    hang     read the request head and never answer (as a stalled NAS); healed, the held
             requests go on to the backend, as a SIGCONTed process answers its queue
    status   answer STATUS with an S3 error body without asking the backend (500
             InternalError; 503 SlowDown with `retry_after` as Retry-After)
    reset    forward, then after `after` bytes of the response BODY reset the client side
             (RST: SO_LINGER 0), as a backend dying in the middle of a download
    trickle  forward the response (head included) `chunk` bytes every `interval` seconds
    drop     read the request head, close the connection without a word
    truncate forward, but cut the body after `after` bytes and say so in Content-Length: a
             backend that LIES (a short object presented as complete); the fault suite uses it
             to show that its own checks can fail

A fault applies to the requests whose "METHOD target" matches `match` (a regex; default: all),
for `times` requests (default: until the next fault()), the others pass. Probes of active health
(HeadBucket) can so be spared while object GETs fail, or not.

Stdlib only, threads (one per connection, at most `max_connections`), every wait bounded (idle
and hang limits), loopback only: it listens on 127.0.0.1 and refuses another upstream.

In-process use (tests, benches):
    proxy = FaultProxy(("127.0.0.1", backend_port)).start()
    proxy.fault("reset", match=r"^GET /bucket/big", after=65536, times=1)
    proxy.heal(); proxy.stop()

Stand-alone, with a JSON-lines control socket:
    python3 fault_proxy.py --upstream 127.0.0.1:9000 [--port 0] [--control-port 0]
    echo '{"mode": "status", "status": 503, "retry_after": 2}' | nc -q1 127.0.0.1 CONTROL
    echo '{"stats": true}' | nc -q1 127.0.0.1 CONTROL
"""

import argparse
import collections
import json
import re
import select
import socket
import struct
import sys
import threading
import time

MAX_HEAD = 64 * 1024
MODES = ("pass", "hang", "status", "reset", "trickle", "drop", "truncate")
STATUS_CODES = {404: ("NoSuchKey", "The specified key does not exist."),
                500: ("InternalError", "We encountered an internal error. Please try again."),
                503: ("SlowDown", "Please reduce your request rate."),
                502: ("BadGateway", "Bad gateway."),
                504: ("GatewayTimeout", "Gateway timeout.")}


class Closed(Exception):
    """The peer went away (EOF, reset, timeout) or the proxy is stopping."""


class Rule:
    def __init__(self, mode="pass", match=None, times=None, status=500, retry_after=None,
                 after=0, chunk=64, interval=0.05, headers=None):
        if mode not in MODES:
            raise ValueError("mode must be one of {}".format(", ".join(MODES)))
        self.mode = mode
        self.match = re.compile(match) if isinstance(match, str) else match
        self.times = times
        self.status = int(status)
        self.retry_after = retry_after
        self.after = int(after)
        self.chunk = max(1, int(chunk))
        self.interval = float(interval)
        self.headers = dict(headers or {})  # status: extra headers (a fake 200 needs an ETag)

    def describe(self):
        return {"mode": self.mode, "match": self.match.pattern if self.match else None,
                "times": self.times, "status": self.status, "retry_after": self.retry_after,
                "after": self.after, "chunk": self.chunk, "interval": self.interval}


class Request:
    def __init__(self, head):
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3:
            raise Closed("bad request line {!r}".format(lines[0][:100]))
        self.method = parts[0].decode("latin-1")
        self.target = parts[1].decode("latin-1")
        self.head = head
        self.headers = parse_headers(lines[1:])

    @property
    def line(self):
        return "{} {}".format(self.method, self.target)


def parse_headers(lines):
    headers = {}
    for line in lines:
        name, sep, value = line.partition(b":")
        if sep:
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return headers


class Conn:
    """A socket with a read buffer; every read is bounded by the socket timeout."""

    def __init__(self, sock, proxy):
        self.sock = sock
        self.buf = b""
        self.proxy = proxy

    def fill(self):
        if self.proxy.stopping.is_set():
            raise Closed("stopping")
        try:
            data = self.sock.recv(65536)
        except (OSError, socket.timeout) as e:
            raise Closed(str(e))
        if not data:
            raise Closed("eof")
        self.buf += data

    def read_head(self):
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > MAX_HEAD:
                raise Closed("head too large")
            self.fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        return head

    def read_some(self, limit):
        if not self.buf:
            self.fill()
        data, self.buf = self.buf[:limit], self.buf[limit:]
        return data

    def read_line(self):
        while b"\r\n" not in self.buf:
            if len(self.buf) > MAX_HEAD:
                raise Closed("line too long")
            self.fill()
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise Closed(str(e))

    def closed_by_peer(self):
        """True when the peer closed (readable and EOF); data it sent stays buffered."""
        try:
            ready, _, _ = select.select([self.sock], [], [], 0)
            if not ready:
                return False
            data = self.sock.recv(65536)
        except OSError:
            return True
        if not data:
            return True
        self.buf += data
        return False


def body_framing(headers, method=None, status=None):
    """('length', N), ('chunked', None), ('close', None) or ('none', None) (RFC 9112 6.3)."""
    if method == "HEAD" or (status is not None and (status < 200 or status in (204, 304))):
        return "none", None
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return "chunked", None
    if "content-length" in headers:
        return "length", int(headers["content-length"])
    return ("none", None) if status is None else ("close", None)


def copy_body(src, framing, emit):
    """Reads a body framed as `framing` from src, passing the raw bytes (chunk framing included)
    to emit(raw, payload_bytes)."""
    kind, length = framing
    if kind == "none":
        return
    if kind == "length":
        left = length
        while left > 0:
            data = src.read_some(min(left, 65536))
            left -= len(data)
            emit(data, len(data))
        return
    if kind == "close":
        while True:
            try:
                data = src.read_some(65536)
            except Closed:
                return
            emit(data, len(data))
    while True:  # chunked
        line = src.read_line()
        size = int(line.split(b";")[0].strip() or b"0", 16)
        emit(line + b"\r\n", 0)
        if size == 0:
            while True:  # trailers, then the empty line
                t = src.read_line()
                emit(t + b"\r\n", 0)
                if not t:
                    return
        left = size
        while left > 0:
            data = src.read_some(min(left, 65536))
            left -= len(data)
            emit(data, len(data))
        if src.read_line() != b"":
            raise Closed("bad chunk end")
        emit(b"\r\n", 0)


def reset(sock):
    """Close with RST instead of FIN: the peer sees ECONNRESET, as from a crashed server."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class FaultProxy:
    def __init__(self, upstream, port=0, max_connections=512, idle_timeout=60.0,
                 max_hang=120.0):
        host, uport = upstream
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("loopback upstreams only, got {!r}".format(host))
        self.upstream = ("127.0.0.1" if host == "localhost" else host, int(uport))
        self.port = port
        self.idle_timeout = idle_timeout
        self.max_hang = max_hang
        self.slots = threading.BoundedSemaphore(max_connections)
        self.stopping = threading.Event()
        self.lock = threading.Condition()
        self.rule = Rule()
        self.generation = 0  # bumped by every fault(): hung requests look at it
        self.counts = collections.Counter()  # (method, path without query, mode) -> requests
        self.applied = collections.Counter()  # mode -> requests it was applied to
        self.recent = collections.deque(maxlen=2000)  # (monotonic time, "METHOD target", mode)
        self.refused = 0
        self.listener = None
        self.threads = set()

    # --- control ---------------------------------------------------------------------------
    def start(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        t = threading.Thread(target=self._accept_loop, name="fault-proxy-accept", daemon=True)
        t.start()
        self.threads.add(t)
        return self

    @property
    def endpoint(self):
        return "http://127.0.0.1:{}".format(self.port)

    def fault(self, mode, **params):
        with self.lock:
            self.rule = Rule(mode, **params)
            self.generation += 1
            self.lock.notify_all()

    def heal(self):
        self.fault("pass")

    def set_upstream(self, upstream):
        """Points new exchanges at another port (a restarted backend); loopback only."""
        host, port = upstream
        if host not in ("127.0.0.1", "::1"):
            raise ValueError("loopback upstreams only")
        with self.lock:
            self.upstream = (host, int(port))

    def count(self, method=None, path=None, mode=None):
        """Requests seen whose method/path(without query)/mode match the given ones."""
        with self.lock:
            return sum(n for (m, p, md), n in self.counts.items()
                       if (method is None or m == method) and (path is None or p == path)
                       and (mode is None or md == mode))

    def stats(self):
        with self.lock:
            return {"rule": self.rule.describe(), "applied": dict(self.applied),
                    "requests": sum(self.counts.values()), "refused": self.refused,
                    "connections": len(self.threads) - 1}

    def stop(self):
        self.stopping.set()
        with self.lock:
            self.lock.notify_all()
        if self.listener:
            try:
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
        for t in list(self.threads):
            t.join(timeout=5)

    # --- data path -------------------------------------------------------------------------
    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            if not self.slots.acquire(blocking=False):
                with self.lock:
                    self.refused += 1
                reset(sock)
                continue
            t = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            with self.lock:
                self.threads.add(t)
            t.start()

    def _decide(self, request):
        with self.lock:
            rule = self.rule
            applies = rule.mode != "pass" and (rule.match is None
                                               or rule.match.search(request.line))
            if applies and rule.times is not None:
                if rule.times <= 0:
                    applies = False
                else:
                    rule.times -= 1
            mode = rule.mode if applies else "pass"
            path = request.target.split("?", 1)[0]
            self.counts[(request.method, path, mode)] += 1
            self.applied[mode] += 1
            self.recent.append((time.monotonic(), request.line, mode))
            return (rule if applies else Rule()), self.generation

    def _serve(self, sock):
        sock.settimeout(self.idle_timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        client = Conn(sock, self)
        upstream = None
        try:
            while not self.stopping.is_set():
                try:
                    request = Request(client.read_head())
                except Closed:
                    return
                rule, generation = self._decide(request)
                if rule.mode == "hang":
                    if not self._hang(client, generation):
                        return
                    rule = Rule()
                if rule.mode == "drop":
                    return
                if rule.mode == "status":
                    copy_body(client, body_framing(request.headers), lambda raw, n: None)
                    client.send(self._status_response(rule, request))
                    continue
                if upstream is None:
                    upstream = self._connect()
                keep = self._exchange(client, upstream, request, rule)
                if not keep:
                    return
        except Closed:
            return
        finally:
            if upstream is not None:
                upstream.sock.close()
            try:
                sock.close()
            except OSError:
                pass
            self.slots.release()
            with self.lock:
                self.threads.discard(threading.current_thread())

    def _connect(self):
        with self.lock:
            target = self.upstream
        try:
            s = socket.create_connection(target, timeout=self.idle_timeout)
        except OSError as e:
            raise Closed("upstream: {}".format(e))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return Conn(s, self)

    def _hang(self, client, generation):
        """Holds a request until the fault changes (True: go on) or the client leaves."""
        end = time.monotonic() + self.max_hang
        while time.monotonic() < end and not self.stopping.is_set():
            with self.lock:
                if self.generation != generation and self.rule.mode != "hang":
                    return True
                self.lock.wait(0.05)
            if client.closed_by_peer():
                return False
        return False

    def _status_response(self, rule, request):
        code, message = STATUS_CODES.get(rule.status, ("InternalError", "Injected fault."))
        body = b""
        head = "HTTP/1.1 {} Injected\r\n".format(rule.status)
        if rule.status >= 300:
            body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code>"
                    "<Message>{}</Message><Resource>{}</Resource><RequestId>fault-proxy"
                    "</RequestId></Error>".format(code, message,
                                                  request.target.split("?", 1)[0])).encode()
            head += "Content-Type: application/xml\r\n"
        if rule.retry_after is not None:
            head += "Retry-After: {}\r\n".format(rule.retry_after)
        for name, value in rule.headers.items():
            head += "{}: {}\r\n".format(name, value)
        head += "Content-Length: {}\r\n\r\n".format(len(body))
        return head.encode() + (b"" if request.method == "HEAD" else body)

    def _exchange(self, client, upstream, request, rule):
        """One request and its response; False when a connection cannot be reused."""
        upstream.send(request.head + b"\r\n\r\n")
        copy_body(client, body_framing(request.headers), lambda raw, n: upstream.send(raw))
        while True:
            head = upstream.read_head()
            lines = head.split(b"\r\n")
            status = int(lines[0].split(b" ")[1])
            headers = parse_headers(lines[1:])
            framing = body_framing(headers, request.method, status)
            if rule.mode == "truncate" and framing[0] == "length" and framing[1] > rule.after:
                head = re.sub(rb"(?im)^(content-length:[ \t]*)\d+",
                              lambda m: m.group(1) + str(rule.after).encode(), head)
            if rule.mode == "trickle":
                self._trickle(client, head + b"\r\n\r\n", rule)
            else:
                client.send(head + b"\r\n\r\n")
            if 100 <= status < 200 and status != 101:
                continue  # an interim answer; the final one follows
            break
        sent = [0]

        def emit(raw, payload):
            if rule.mode == "truncate" and sent[0] + payload > rule.after:
                client.send(raw[:max(0, rule.after - sent[0])])
                raise Closed("truncated")  # the rest of the upstream answer is unread: close
            if rule.mode == "reset" and sent[0] + payload > rule.after:
                keep = rule.after - sent[0]
                if keep > 0:
                    client.send(raw[:keep])
                reset(client.sock)
                raise Closed("reset injected")
            sent[0] += payload
            if rule.mode == "trickle":
                self._trickle(client, raw, rule)
            else:
                client.send(raw)

        copy_body(upstream, framing, emit)
        if framing[0] == "close":
            return False
        conn = headers.get("connection", "").lower() + request.headers.get("connection", "").lower()
        return "close" not in conn

    def _trickle(self, client, data, rule):
        for i in range(0, len(data), rule.chunk):
            client.send(data[i:i + rule.chunk])
            if self.stopping.wait(rule.interval):
                raise Closed("stopping")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Loopback HTTP fault proxy (see module doc).")
    parser.add_argument("--upstream", required=True, help="HOST:PORT of the backend (loopback)")
    parser.add_argument("--port", type=int, default=0, help="listen port (default: a free one)")
    parser.add_argument("--control-port", type=int, default=0,
                        help="JSON-lines control port (default: a free one)")
    args = parser.parse_args(argv)
    host, port = args.upstream.rsplit(":", 1)
    proxy = FaultProxy((host, int(port)), port=args.port).start()
    control = socket.socket()
    control.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    control.bind(("127.0.0.1", args.control_port))
    control.listen(8)
    print("proxy: {}".format(proxy.endpoint), flush=True)
    print("control: 127.0.0.1:{}".format(control.getsockname()[1]), flush=True)
    try:
        while True:
            conn, _ = control.accept()
            with conn:
                conn.settimeout(10)
                try:
                    line = conn.makefile("rb").readline(4096)
                    cmd = json.loads(line or b"{}")
                    if cmd.pop("stats", False):
                        answer = proxy.stats()
                    else:
                        proxy.fault(cmd.pop("mode", "pass"), **cmd)
                        answer = proxy.stats()
                except (ValueError, TypeError, OSError) as e:
                    answer = {"error": str(e)}
                try:
                    conn.sendall((json.dumps(answer) + "\n").encode())
                except OSError:
                    pass
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
