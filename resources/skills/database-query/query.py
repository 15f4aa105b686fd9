# query_database: reads {"database", "sql", "params", "access", "max_rows"} on stdin and runs
# the statement with Python's sqlite3. A read opens the file read-only (mode=ro), sets
# query_only, and its authorizer refuses ATTACH (which would create the file it names) and
# turning query_only off.
import json
import os
import sqlite3
import sys
from urllib.parse import quote


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)


def read_only(action, arg1, arg2, _db, _trigger):
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH) or (action == sqlite3.SQLITE_PRAGMA and arg1 == "query_only" and arg2 is not None):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def cell(value):
    return {"hex": value.hex()} if isinstance(value, bytes) else value


request = json.load(sys.stdin)
path = os.path.abspath(request["database"])
write = request.get("access", "read") == "write"
max_rows = request.get("max_rows", 200)
if not write and not os.path.isfile(path):
    fail(f"no database file at {path}")
try:
    db = sqlite3.connect(f"file:{quote(path)}?mode={'rwc' if write else 'ro'}", uri=True, isolation_level=None)
except sqlite3.Error as err:
    fail(f"cannot open {path}: {err}")
try:
    if not write:
        db.execute("PRAGMA query_only = ON")
        db.set_authorizer(read_only)
    cursor = db.execute(request["sql"], request.get("params", []))
    if cursor.description is not None:
        rows = cursor.fetchmany(max_rows + 1)
        print(json.dumps({
            "columns": [column[0] for column in cursor.description],
            "rows": [[cell(v) for v in row] for row in rows[:max_rows]],
            "truncated": len(rows) > max_rows,
        }))
    else:
        print(json.dumps({"changes": db.total_changes, "last_row_id": cursor.lastrowid}))
except sqlite3.Error as err:
    message = str(err)
    if "one statement at a time" in message:
        fail(f"{message} Send one statement per call.")
    if not write and ("readonly" in message or "not authorized" in message):
        fail(f"the database is open read-only ({message}): use access \"write\" to change it")
    fail(message)
finally:
    db.close()
