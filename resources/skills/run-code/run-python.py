# run_python: reads {"code", "timeout_ms"} on stdin, runs the code, prints its output.
import json
import subprocess
import sys

request = json.load(sys.stdin)
timeout_s = request.get("timeout_ms", 60000) / 1000
try:
    done = subprocess.run([sys.executable, "-c", request["code"]], capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL)
except subprocess.TimeoutExpired:
    sys.stderr.write(f"the code did not finish within {timeout_s:g} s and was stopped\n")
    sys.exit(1)
sys.stdout.write(f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}\nexit code: {done.returncode}\n")
