# The Python runtime for local execution environments: imports the handler, then loops on the
# Lambda Runtime API, as Lambda's own Python runtime does (awslambdaric: the same error documents,
# error log lines and logging setup). Standard library only.
import datetime
import decimal
import importlib
import json
import logging
import os
import socket
import struct
import sys
import time
import traceback

try:
    import resource
except ImportError:  # not on this OS (Windows): the endpoint measures memory itself where it can
    resource = None

RUNTIME_PATH = "/2018-06-01/runtime/"
# The endpoint gives our bootstraps the Runtime API over a socket pair as well (not Lambda's: the
# function's code should not see the variable); without it, HTTP on AWS_LAMBDA_RUNTIME_API.
CHANNEL_FD = os.environ.pop("LAMBDA_LENS_RUNTIME_CHANNEL_FD", None)
# Set in a debug environment only: the port debugpy listens on.
DEBUG_PORT = os.environ.pop("LAMBDA_LENS_DEBUG_PORT", None)
JSON_LOGS = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
LOG_LEVEL = {None: "", "TRACE": "DEBUG"}.get(os.environ.get("AWS_LAMBDA_LOG_LEVEL"), os.environ.get("AWS_LAMBDA_LOG_LEVEL", "")).upper()
ERROR_LOG_IDENT = "\u00a0"  # Lambda indents traceback lines with no-break spaces
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, "
    "a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates "
    "can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, "
    "check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, "
    "you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html"
)

_request_id = None


class ChannelClient:
    """Runtime API requests as frames (src/local/runtime/runtimeFrames.ts): u32 head length, u32 body
    length, JSON head, body. Answers come back in the order of the requests."""

    def __init__(self, fd):
        self.socket = socket.socket(fileno=fd)
        self.socket.set_inheritable(False)  # not for the function's child processes
        self.reader = self.socket.makefile("rb")
        self.last_id = 0

    def frame(self, method, route, body, headers):
        self.last_id += 1
        data = body.encode() if isinstance(body, str) else (body or b"")
        head = json.dumps({"id": self.last_id, "method": method, "path": RUNTIME_PATH + route, "headers": headers}).encode()
        return struct.pack(">II", len(head), len(data)) + head + data

    def call(self, method, route, body, headers):
        self.socket.sendall(self.frame(method, route, body, headers))
        return self.answer_to(self.last_id)

    def answer_and_next(self, method, route, body, headers):
        """Posts an answer and asks for the next invocation in one write; returns the invocation."""
        self.socket.sendall(self.frame(method, route, body, headers) + self.frame("GET", "invocation/next", None, {}))
        return self.answer_to(self.last_id)

    def answer_to(self, request_id):
        while True:  # earlier answers (the 202 to a posted result) are read and dropped
            prefix = self.reader.read(8)
            if len(prefix) < 8:
                raise ConnectionError("the Runtime API channel closed")
            head_length, body_length = struct.unpack(">II", prefix)
            answer = json.loads(self.reader.read(head_length))
            payload = self.reader.read(body_length)
            if answer.get("id") == request_id:
                return answer["status"], {k.lower(): v for k, v in answer["headers"].items()}, payload


class HttpClient:
    def __init__(self, address):
        import http.client

        host, port = address.split(":")
        self.connection = http.client.HTTPConnection(host, int(port))

    def call(self, method, route, body, headers):
        # http.client sends a str body as Latin-1, which cannot hold most of Unicode.
        data = body.encode() if isinstance(body, str) else body
        self.connection.request(method, RUNTIME_PATH + route, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, payload

    def answer_and_next(self, method, route, body, headers):
        self.call(method, route, body, headers)
        return self.call("GET", "invocation/next", None, {})


CLIENT = ChannelClient(int(CHANNEL_FD)) if CHANNEL_FD else HttpClient(os.environ["AWS_LAMBDA_RUNTIME_API"])


def call(method, route, body=None, headers=None):
    """(status, headers with lower-case names, body) of a Runtime API request."""
    return CLIENT.call(method, route, body, headers or {})


class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


class LambdaContext:
    def __init__(self, headers):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = headers.get("lambda-runtime-invoked-function-arn")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = headers.get("lambda-runtime-aws-request-id")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = int(headers.get("lambda-runtime-deadline-ms", "0"))
        context = headers.get("lambda-runtime-client-context")
        self.client_context = json.loads(context) if context else None
        identity = headers.get("lambda-runtime-cognito-identity")
        self.identity = json.loads(identity) if identity else None

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))

    def log(self, msg):
        sys.stdout.write(str(msg))


# ---- logs ---------------------------------------------------------------------------------------


def write_event(text):
    """One log event: newlines inside it become "\r" (Lambda keeps a logging record or an error in one event)."""
    sys.stdout.write(text.rstrip("\n").replace("\n", "\r") + "\n")
    sys.stdout.flush()


class LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        write_event(self.format(record))


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        return True


_RESERVED = {
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "taskName",
}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        level = min(50, max(0, record.levelno)) // 10 * 10
        exc = record.exc_info
        result = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "level": logging.getLevelName(level),
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": "%s:%s:%s" % (record.pathname, record.funcName, record.lineno) if exc else None,
        }
        result.update((k, v) for k, v in record.__dict__.items() if k not in _RESERVED and k not in result)
        return json.dumps({k: v for k, v in result.items() if v is not None}, ensure_ascii=False, default=str)


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    if JSON_LOGS:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    if LOG_LEVEL in logging._nameToLevel:
        logging.getLogger().setLevel(LOG_LEVEL)
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def log_error(error):
    """The error line Lambda writes: "[ERROR] Type: message" and the traceback, as one event."""
    if JSON_LOGS:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
        write_event(json.dumps({"timestamp": stamp, "level": "ERROR", **error}))
        return
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        description += (":" if error.get("errorType") else "") + " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error.get("stackTrace") or []:
        if element == "":
            lines.append("")
        for line in element.splitlines():
            stripped = line.lstrip(" ")
            lines.append(ERROR_LOG_IDENT * (len(line) - len(stripped)) + stripped)
    write_event("\n".join(lines))


# ---- errors and responses -------------------------------------------------------------------------


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def user_frames(tb):
    """The traceback without this bootstrap's own frames."""
    frames = traceback.extract_tb(tb)
    this_file = os.path.abspath(__file__)
    for i, frame in enumerate(frames):
        if os.path.abspath(frame.filename) != this_file:
            return frames[i:]
    return frames


def fault_result(exc_info, request_id=None):
    error_type, value, tb = exc_info
    return make_error(str(value), error_type.__name__, traceback.format_list(user_frames(tb)), request_id)


class Encoder(json.JSONEncoder):
    """As Lambda's marshaller: Decimal values are numbers."""

    def default(self, o):
        if isinstance(o, decimal.Decimal):
            if o.is_nan():
                return float("nan")
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def marshal(response):
    if isinstance(response, bytes):
        return response, "application/unknown"
    try:
        # Only python3.12's runtime writes non-ASCII characters as they are.
        ensure_ascii = os.environ.get("AWS_EXECUTION_ENV") != "AWS_Lambda_python3.12"
        return json.dumps(response, cls=Encoder, ensure_ascii=ensure_ascii), "application/json"
    except Exception as error:
        raise FaultException("Runtime.MarshalError", "Unable to marshal response: %s" % error)


def load_handler(spec):
    try:
        module_name, function_name = spec.rsplit(".", 1)
    except ValueError as error:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (spec, error))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise FaultException("Runtime.BuiltInModuleConflict", "Cannot use built-in module %s as a handler module" % module_name)
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, error))
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s' % (error.filename, error.lineno, error.text)]
        raise FaultException("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, error), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))


# ---- debugging ----------------------------------------------------------------------------------


def debugpy_missing(error):
    """How to get debugpy for the interpreter that runs this function, said exactly."""
    message = "debugpy cannot be imported by the Python that runs this function, %s (%s). " % (sys.executable, error)
    # The system's own Python (not a virtual environment of it) gets debugpy from the distribution.
    if sys.prefix == sys.base_prefix and os.path.realpath(sys.executable).startswith("/usr/bin/"):
        return message + (
            "On Debian or Ubuntu: sudo apt install python3-debugpy. Otherwise: %s -m pip install debugpy. "
            "LAMBDA_LENS_PYTHON chooses the interpreter the local endpoint runs Python functions with." % sys.executable
        )
    return message + (
        "Install it into that interpreter: %s -m pip install debugpy. Or, on Debian or Ubuntu, "
        "sudo apt install python3-debugpy and start the local endpoint with LAMBDA_LENS_PYTHON=/usr/bin/python3 "
        "(LAMBDA_LENS_PYTHON chooses the interpreter it runs Python functions with)." % sys.executable
    )


def wait_for_debugger(port):
    """A debug environment: debugpy listens on 127.0.0.1 only, and the handler module is imported
    once a debugger attached and finished configuring (its breakpoints then bind in init code too).
    "Debugger attached." on stderr, as Node says it, tells the endpoint to stop waiting for one."""
    try:
        import debugpy
    except ImportError as error:
        raise FaultException("Runtime.DebuggerUnavailable", debugpy_missing(error))
    try:
        debugpy.listen(("127.0.0.1", int(port)))
    except Exception as error:
        raise FaultException("Runtime.DebuggerUnavailable", "debugpy could not listen on 127.0.0.1:%s: %s" % (port, error))
    sys.stderr.write("debugpy listening on 127.0.0.1:%s\n" % port)
    sys.stderr.flush()
    debugpy.wait_for_client()
    sys.stderr.write("Debugger attached.\n")
    sys.stderr.flush()


def handle(handler, request_id, payload, headers):
    """Runs one invocation; returns the answer to post: (route, body, headers)."""
    try:
        event = json.loads(payload) if payload else {}
        result = handler(event, LambdaContext(headers))
        body, content_type = marshal(result)
    except FaultException as fault:
        error = make_error(fault.msg, fault.exception_type, fault.trace, request_id)
    except Exception:
        error = fault_result(sys.exc_info(), request_id)
    else:
        return "invocation/%s/response" % request_id, body, {"Content-Type": content_type}
    log_error(error)
    return "invocation/%s/error" % request_id, json.dumps(error), {"Lambda-Runtime-Function-Error-Type": error["errorType"], "Content-Type": "application/json"}


# Not Lambda's: this process's peak resident set in KiB (getrusage's maxrss), sent with each result
# so that the endpoint need not read it from /proc (src/local/runtime/memory.ts).
PEAK_RSS_HEADER = "X-Lambda-Lens-Peak-Rss-Kb"


def peak_rss_kb():
    if resource is None:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def main():
    global _request_id
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    setup_logging()
    if DEBUG_PORT:
        try:
            wait_for_debugger(DEBUG_PORT)
        except FaultException as fault:
            error = make_error(fault.msg, fault.exception_type, fault.trace)
            log_error(error)
            call("POST", "init/error", json.dumps(error), {"Lambda-Runtime-Function-Error-Type": error["errorType"], "Content-Type": "application/json"})
            sys.exit(1)
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as fault:
        error = make_error(fault.msg, fault.exception_type, fault.trace)
    except Exception:  # the module's own top-level code failed
        error = fault_result(sys.exc_info())
    else:
        error = None
    if error:
        logging.warning(UNHANDLED_WARNING)
        log_error(error)
        call("POST", "init/error", json.dumps(error), {"Lambda-Runtime-Function-Error-Type": error["errorType"], "Content-Type": "application/json"})
        sys.exit(1)
    _, headers, payload = call("GET", "invocation/next")
    while True:
        _request_id = headers["lambda-runtime-aws-request-id"]
        os.environ["_X_AMZN_TRACE_ID"] = headers.get("lambda-runtime-trace-id", "")
        route, body, answer_headers = handle(handler, _request_id, payload, headers)
        peak = peak_rss_kb()
        if peak is not None:
            answer_headers[PEAK_RSS_HEADER] = str(peak)
        # The answer, and with it the request for the next invocation.
        _, headers, payload = CLIENT.answer_and_next("POST", route, body, answer_headers)


main()
