# The Python runtime for local execution environments: imports the handler, then loops on the
# Lambda Runtime API, as Lambda's own Python runtime does. Standard library only.
import http.client
import importlib
import json
import os
import sys
import time
import traceback

HOST, PORT = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
CONNECTION = http.client.HTTPConnection(HOST, int(PORT))


def call(method, route, body=None, headers=None):
    CONNECTION.request(method, "/2018-06-01/runtime/" + route, body=body, headers=headers or {})
    response = CONNECTION.getresponse()
    return response, response.read()


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


def error_body(error_type, message, stack=None, request_id=None):
    body = {"errorMessage": message, "errorType": error_type, "stackTrace": stack or []}
    if request_id:
        body["requestId"] = request_id
    return json.dumps(body)


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_name, _, function_name = spec.rpartition(".")
    if not module_name or not function_name:
        return None, ("Runtime.MalformedHandlerName", "Bad handler '%s': expected MODULE.FUNCTION" % spec)
    module_name = module_name.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        return None, ("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, error))
    except SyntaxError as error:
        return None, ("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, error))
    except Exception as error:  # the module's own top-level code failed
        return None, (type(error).__name__, str(error))
    handler = getattr(module, function_name, None)
    if handler is None:
        return None, ("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler, None


def main():
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    handler, failure = load_handler()
    if failure:
        error_type, message = failure
        body = error_body(error_type, message)
        print("[ERROR] %s: %s" % (error_type, message), flush=True)
        call("POST", "init/error", body, {"Lambda-Runtime-Function-Error-Type": error_type, "Content-Type": "application/json"})
        sys.exit(1)
    while True:
        response, payload = call("GET", "invocation/next")
        headers = {k.lower(): v for k, v in response.getheaders()}
        request_id = headers["lambda-runtime-aws-request-id"]
        os.environ["_X_AMZN_TRACE_ID"] = headers.get("lambda-runtime-trace-id", "")
        try:
            event = json.loads(payload) if payload else {}
            result = handler(event, LambdaContext(headers))
            try:
                body = json.dumps(result)
            except (TypeError, ValueError) as error:
                body = error_body("Runtime.MarshalError", "Unable to marshal response: %s" % error, request_id=request_id)
                call("POST", "invocation/%s/error" % request_id, body, {"Lambda-Runtime-Function-Error-Type": "Runtime.MarshalError"})
                continue
            call("POST", "invocation/%s/response" % request_id, body, {"Content-Type": "application/json"})
        except Exception as error:
            stack = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
            body = error_body(type(error).__name__, str(error), stack, request_id)
            print("[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (type(error).__name__, error, "".join(stack)), end="", flush=True)
            call("POST", "invocation/%s/error" % request_id, body, {"Lambda-Runtime-Function-Error-Type": type(error).__name__})


main()
