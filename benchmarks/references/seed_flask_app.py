# The FC document's own sample app for the custom runtime's lifecycle hooks, vendored so the
# benchmarks run on a clean clone. Source: Alibaba Cloud Function Compute, "函数实例生命周期回调"
# (instance lifecycle callbacks), the Python 3.10 custom-runtime example; copied verbatim except
# for one change: the port is read from FC_CUSTOM_LISTEN_PORT (default 9000) instead of the
# fixed 9000, so the benchmarks can start it on a free port. Kept unformatted on purpose
# (excluded from ruff in pyproject.toml).
import os
from flask import Flask
from flask import request

app = Flask(__name__)

@app.route('/initialize', methods=['POST'])
def init_invoke():
    rid = request.headers.get('x-fc-request-id')
    print("FC Initialize Start RequestId: " + rid)
    # do your things
    print("FC Initialize End RequestId: " + rid)
    return "OK"

@app.route('/', defaults={'path': ''})
@app.route('/<path:path>', methods=['GET', 'POST', 'PUT', 'DELETE'])
def hello_world(path):
    rid = request.headers.get('x-fc-request-id')
    print("FC invoke Start RequestId: " + rid)
    # do your things
    print("FC invoke End RequestId: " + rid)
    return "Hello, World!", 200, [('Function-Name', os.getenv('FC_FUNCTION_NAME'))]


@app.route('/pre-stop', methods=['GET'])
def prestop_invoke():
    rid = request.headers.get('x-fc-request-id')
    print("FC PreStop Start RequestId: " + rid)
    # do your things
    print("FC PreStop End RequestId: " + rid)
    return "OK"


if __name__ == '__main__':
    app.run(host='0.0.0.0', port=int(os.environ.get("FC_CUSTOM_LISTEN_PORT", 9000)))
