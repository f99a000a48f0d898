#!/usr/bin/env python3
"""Checks the OpenAPI document of `lmis serve` against the server's real answers.

Every documented operation is called, in success and error cases, and every answer is checked
against the document: its status must be listed for that path and method, its Content-Type
must be a documented media type, its documented headers must be there, and its JSON body must
validate against the documented schema (JSON Schema 2020-12, $refs resolved into components).
Then every path and method of the document must have been called at least once, methods a
path does not list must answer 405, and paths the document does not list must answer 404.

Needs a running server over a database holding the synthetic workers of test/cli/openapi.sh
and its users (see --help). Python standard library and python3-jsonschema only.
Exit status 0 when everything matches, 1 with every mismatch listed otherwise.
"""
import argparse
import csv
import http.client
import io
import json
import random
import sys
import time
import urllib.parse

import jsonschema
from jsonschema import Draft202012Validator

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (lower-case name, value)
        self.body = body
        self.json = None

    def header(self, name):
        for k, v in self.headers:
            if k == name.lower():
                return v
        return None

    def content_type(self):
        t = self.header("content-type")
        return t.split(";")[0].strip().lower() if t else None


class Checker:
    def __init__(self, host, port, doc):
        self.host, self.port, self.doc = host, port, doc
        self.prefix = doc["servers"][0]["url"].rstrip("/")
        self.components = doc["components"]
        self.failures = []
        self.requests = 0
        self.validated_bodies = 0
        self.exercised = set()  # (template, method)
        self.statuses = set()  # (template, method, status)
        self.format_checker = jsonschema.FormatChecker()
        self._validators = {}
        self.templates = [(t, [s for s in t.split("/") if s]) for t in doc["paths"]]

    # ---- the document

    def resolve(self, node):
        """Follows a $ref to components (one level at a time, until a non-ref)."""
        while isinstance(node, dict) and "$ref" in node and len(node) == 1:
            pointer = node["$ref"]
            if not pointer.startswith("#/"):
                raise ValueError(f"external $ref {pointer}")
            target = self.doc
            for part in pointer[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def validator(self, schema):
        key = id(schema)
        if key not in self._validators:
            # The components ride along so that "#/components/schemas/…" resolves against the
            # root of the schema being applied.
            root = dict(schema)
            root["components"] = self.components
            self._validators[key] = (schema, Draft202012Validator(
                root, format_checker=self.format_checker))
        return self._validators[key][1]

    def check_document(self):
        if self.doc.get("openapi") != "3.1.0":
            self.fail(f"document: openapi is {self.doc.get('openapi')!r}, expected 3.1.0")
        for name, schema in self.components.get("schemas", {}).items():
            try:
                Draft202012Validator.check_schema(schema)
            except jsonschema.SchemaError as e:
                self.fail(f"document: components.schemas.{name} is not valid JSON Schema: "
                          f"{e.message}")
        # Every $ref resolves.
        def walk(node, where):
            if isinstance(node, dict):
                if "$ref" in node:
                    try:
                        self.resolve({"$ref": node["$ref"]})
                    except (KeyError, ValueError) as e:
                        self.fail(f"document: {where}: $ref {node['$ref']} does not resolve ({e})")
                for k, v in node.items():
                    walk(v, f"{where}/{k}")
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, f"{where}/{i}")
        walk(self.doc, "#")
        schemes = self.components.get("securitySchemes", {})
        if schemes.get("bearerAuth", {}).get("scheme") != "bearer":
            self.fail("document: bearerAuth is not an http bearer scheme")
        if (schemes.get("cookieAuth", {}).get("in"), schemes.get("cookieAuth", {}).get("name")) != (
                "cookie", "lmis_session"):
            self.fail("document: cookieAuth is not the lmis_session cookie")
        public = {("/health", "get"), ("/ready", "get"), ("/openapi.json", "get"),
                  ("/session", "post")}
        for template, method, operation in self.operations():
            where = f"{method.upper()} {template}"
            for key in ("operationId", "summary", "description", "responses"):
                if not operation.get(key):
                    self.fail(f"document: {where} has no {key}")
            security = operation.get("security", self.doc.get("security"))
            if ((template, method) in public) != (security == []):
                self.fail(f"document: {where} security is {security}")

    def operations(self):
        for template, item in self.doc["paths"].items():
            for method in METHODS:
                if method in item:
                    yield template, method, item[method]

    def match(self, path):
        """The documented template for a request path (without /api), or None."""
        segments = [s for s in path.split("/") if s]
        best, best_literals = None, -1
        for template, parts in self.templates:
            if len(parts) != len(segments):
                continue
            literals = 0
            for p, s in zip(parts, segments):
                if p.startswith("{") and p.endswith("}"):
                    continue
                if p != s:
                    break
                literals += 1
            else:
                if literals > best_literals:
                    best, best_literals = template, literals
        return best

    # ---- requests

    def fail(self, message):
        self.failures.append(message)

    def send(self, method, path, *, query=None, token=None, cookie=None, json_body=None,
             raw=None, content_type=None, source=None):
        url = self.prefix + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        headers = {}
        data = None
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        elif raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode()
        if content_type is not None:
            headers["Content-Type"] = content_type
        if token:
            headers["Authorization"] = "Bearer " + token
        if cookie:
            headers["Cookie"] = "lmis_session=" + cookie
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60,
                                          source_address=(source, 0) if source else None)
        try:
            conn.request(method, url, body=data, headers=headers)
            r = conn.getresponse()
            body = r.read()
            response = Response(r.status, [(k.lower(), v) for k, v in r.getheaders()], body)
        finally:
            conn.close()
        self.requests += 1
        return response

    def call(self, method, path, expect, label, **kw):
        """Sends a request, checks the answer against the document and `expect`."""
        r = self.send(method, path, **kw)
        where = f"{method} {path}" + (f" ({label})" if label else "")
        expected = expect if isinstance(expect, (tuple, list, set)) else (expect,)
        reported = self.check_against_document(method, path, r, where)
        if r.status not in expected:
            if not reported:
                self.fail(f"{where}: status {r.status}, expected "
                          f"{'/'.join(map(str, expected))}; body {r.body[:200]!r}")
            r.json = None  # the scenario's own checks look at expected answers only
        return r

    def check_against_document(self, method, path, r, where):
        """Checks an answer against the document; True when its status was reported wrong."""
        template = self.match(path)
        if template is None:
            if r.status != 404:
                self.fail(f"{where}: a path the document does not list answered {r.status}, "
                          f"not 404; body {r.body[:120]!r}")
                return True
            self.check_response(self.resolve({"$ref": "#/components/responses/NotFound"}), r,
                                where)
            return False
        item = self.doc["paths"][template]
        operation = item.get(method.lower())
        if operation is None:
            if r.status != 405:
                self.fail(f"{where}: {method} is not documented for {template}, yet it answered "
                          f"{r.status}, not 405; body {r.body[:120]!r}")
                return True
            self.check_response(
                self.resolve({"$ref": "#/components/responses/MethodNotAllowed"}), r, where)
            return False
        self.exercised.add((template, method.lower()))
        spec = operation["responses"].get(str(r.status))
        if spec is None:
            self.fail(f"{where}: status {r.status} is not documented for {method} {template} "
                      f"(documented: {', '.join(operation['responses'])}); body {r.body[:120]!r}")
            return True
        self.statuses.add((template, method.lower(), str(r.status)))
        self.check_response(self.resolve(spec), r, where)
        return False

    def check_response(self, spec, r, where):
        for name, header in spec.get("headers", {}).items():
            header = self.resolve(header)
            value = r.header(name)
            if value is None:
                if header.get("required"):
                    self.fail(f"{where}: documented header {name} is missing")
                continue
            schema = header.get("schema")
            if schema:
                instance = value
                if schema.get("type") == "integer":
                    try:
                        instance = int(value)
                    except ValueError:
                        pass
                self.validate(instance, schema, f"{where}: header {name}")
        content = spec.get("content")
        if not content:
            if r.body:
                self.fail(f"{where}: status {r.status} is documented without a body, got "
                          f"{r.body[:200]!r}")
            return
        media = r.content_type()
        if media not in content:
            self.fail(f"{where}: Content-Type {r.header('content-type')!r} is not documented "
                      f"(documented: {', '.join(content)})")
            return
        schema = content[media].get("schema")
        if media == "application/json":
            try:
                r.json = json.loads(r.body)
            except ValueError as e:
                self.fail(f"{where}: the body is not JSON ({e}): {r.body[:200]!r}")
                return
            instance = r.json
        else:
            try:
                instance = r.body.decode("utf-8")
            except UnicodeDecodeError:
                self.fail(f"{where}: the body is not UTF-8")
                return
        if schema is not None:
            self.validate(instance, schema, where)
            self.validated_bodies += 1

    def validate(self, instance, schema, where):
        errors = sorted(self.validator(schema).iter_errors(instance),
                        key=lambda e: list(e.absolute_path))
        for e in errors[:5]:
            at = "/".join(str(p) for p in e.absolute_path) or "(root)"
            message = e.message
            if e.context:  # oneOf/anyOf: why each alternative fails
                why = {}
                for sub in e.context:
                    inner = "/".join(str(p) for p in sub.absolute_path) or "(root)"
                    why.setdefault(sub.relative_schema_path[0], f"at {inner}: {sub.message}")
                message = "no alternative matches: " + "; ".join(
                    f"#{k}: {v[:120]}" for k, v in sorted(why.items()))
            self.fail(f"{where}: the body does not match the schema at {at}: {message[:300]}")

    # ---- summary

    def report(self):
        operations = [(t, m) for t, m, _ in self.operations()]
        missing = [f"{m.upper()} {t}" for t, m in operations if (t, m) not in self.exercised]
        for m in missing:
            self.fail(f"documented operation {m} was never exercised (does the server have it?)")
        documented = {(t, m, s) for t, m, o in self.operations() for s in o["responses"]}
        unseen = sorted(documented - self.statuses)
        print(f"openapi check: {self.requests} requests, {self.validated_bodies} bodies validated; "
              f"{len(self.exercised)}/{len(operations)} operations exercised; "
              f"{len(self.statuses)}/{len(documented)} documented (operation, status) pairs "
              f"observed")
        if unseen:
            print("  documented but not provoked here: " +
                  ", ".join(f"{m.upper()} {t} {s}" for t, m, s in unseen))
        if self.failures:
            print(f"openapi check: FAILED, {len(self.failures)} mismatch(es):", file=sys.stderr)
            for f in self.failures:
                print("  - " + f, file=sys.stderr)
            return 1
        print("openapi check: ok")
        return 0


# ---------------------------------------------------------------- the scenario

def error_code(r):
    try:
        return r.json["error"]["code"]
    except (TypeError, KeyError):
        return None


def cccd_for(birth_date, sex, rng, taken):
    """A fresh, well-formed CCCD born in Hà Nội, matching sex and birth year."""
    year = int(birth_date[:4])
    digit = (0 if sex == "male" else 1) + 2 * (year // 100 - 19)
    while True:
        cccd = f"001{digit}{year % 100:02d}{rng.randrange(10**6):06d}"
        if cccd not in taken:
            taken.add(cccd)
            return cccd


def run(c, args):
    P = args.password
    rng = random.Random(20260115)
    workers = list(csv.DictReader(open(args.workers_csv, encoding="utf-8")))
    taken = {w["cccd"] for w in workers}
    residence = lambda w: w["current_unit"] or w["permanent_unit"]
    inside = [w for w in workers if residence(w) == args.commune]
    outside = [w for w in workers if residence(w) != args.commune]
    own = args.person
    other_inside = next(w["cccd"] for w in inside if w["cccd"] != own)
    far = outside[0]["cccd"]
    unknown = cccd_for("1980-01-01", "male", rng, taken)

    # System and the document itself.
    c.call("GET", "/health", 200, "public")
    c.call("GET", "/ready", 200, "public")
    c.call("GET", "/openapi.json", 200, "the served document")

    # Sessions: every sign-in first, because failures are throttled per address too.
    tokens = {}
    for user in ("officer", "province", "minister", "auditor", "worker1"):
        r = c.call("POST", "/session", 200, f"sign in {user}",
                   json_body={"username": user, "password": P})
        tokens[user] = (r.json or {}).get("token")
        if not tokens[user]:
            print(f"cannot sign in as {user}; stopping", file=sys.stderr)
            return
    r = c.call("POST", "/session", 200, "a second session to sign out",
               json_body={"username": "officer", "password": P})
    spare = (r.json or {}).get("token")
    officer, province, minister, auditor, worker = (
        tokens[u] for u in ("officer", "province", "minister", "auditor", "worker1"))
    c.call("POST", "/session", 400, "malformed JSON", raw="{\"username\": ",
           content_type="application/json")
    c.call("POST", "/session", 400, "wrong shape", json_body={"username": 7, "password": P})
    r = c.call("POST", "/session", 401, "wrong password",
               json_body={"username": "no.such.user", "password": "a wrong password"})
    if error_code(r) != "bad_credentials":
        c.fail(f"wrong password: error code {error_code(r)}")
    c.call("POST", "/session", 413, "body over 1 MiB", raw=b"x" * ((1 << 20) + 1),
           content_type="application/json")

    c.call("GET", "/session", 401, "no token")
    c.call("GET", "/session", 401, "unknown token", token="not-a-session-token")
    r = c.call("GET", "/session", 200, "bearer", token=worker)
    if r.json and r.json["user"]["person"] != own:
        c.fail(f"GET /session: worker1's person is {r.json['user']['person']}, expected {own}")
    c.call("GET", "/session", 200, "cookie", cookie=officer)
    c.call("DELETE", "/session", 401, "no token")
    c.call("DELETE", "/session", 204, "sign out", token=spare)
    c.call("GET", "/session", 401, "after sign-out", token=spare)

    # Reference data.
    c.call("GET", "/units", 401, "no token")
    r = c.call("GET", "/units", 200, "provinces", token=officer)
    if r.json and len(r.json["units"]) != 34:
        c.fail(f"GET /units: {len(r.json['units'])} provinces in the 2025 tree, expected 34")
    c.call("GET", "/units", 200, "communes of 01", token=officer, query={"parent": "01"})
    r = c.call("GET", "/units", 200, "pre-2025 tree", token=officer,
               query={"tree": "pre2025", "parent": "01"})
    if r.json and r.json["tree"] != "pre2025":
        c.fail("GET /units?tree=pre2025 did not answer the pre-2025 tree")
    c.call("GET", "/units", 200, "as_of", token=officer, query={"as_of": "2025-01-01"})
    c.call("GET", "/units", 404, "unknown parent", token=officer, query={"parent": "99999"})
    c.call("GET", "/units", 422, "bad as_of", token=officer, query={"as_of": "2025-13-45"})
    c.call("GET", "/codes", 401, "no token")
    r = c.call("GET", "/codes", 200, None, token=worker)
    names = c.doc["paths"]["/codes/{name}"]["get"]["parameters"][0]["schema"]["enum"]
    for name in names:
        c.call("GET", f"/codes/{name}", 200, None, token=worker)
    if r.json and sorted(l["name"] for l in r.json["lists"]) != sorted(
            n for n in names if n not in ("occupation", "ethnicity", "industry")):
        c.fail("GET /codes: the lists differ from the names documented for /codes/{name}")
    c.call("GET", "/codes/industry", 200, "as_of", token=worker, query={"as_of": "2020-01-01"})
    c.call("GET", "/codes/no_such_list", 404, None, token=worker)
    c.call("GET", "/codes/sex", 401, "no token")

    # Search.
    W = "/workers"
    c.call("GET", W, 401, "no token")
    c.call("GET", W, 200, "default", token=province)
    r = c.call("GET", W, 200, "every parameter", token=province, query={
        "unit": args.commune, "tree": "2025", "status": "employed", "sex": "male",
        "age_min": "15", "age_max": "90", "name": "n", "include_closed": "true", "limit": "5"})
    seen, cursor, pages = [], None, 0
    while True:
        query = {"unit": args.commune, "limit": "3"}
        if cursor:
            query["cursor"] = cursor
        r = c.call("GET", W, 200, "paging", token=officer, query=query)
        if not r.json:
            break
        seen += [w["cccd"] for w in r.json["items"]]
        cursor, pages = r.json["next_cursor"], pages + 1
        if not cursor or pages > 100:
            break
    if sorted(seen) != sorted(w["cccd"] for w in inside) or len(set(seen)) != len(seen):
        c.fail(f"paging through {args.commune}: {len(seen)} records, expected {len(inside)}")
    c.call("GET", W, 200, "pre-2025 unit", token=province, query={"unit": "001", "tree": "pre2025"})
    c.call("GET", W, 422, "bad tree", token=province, query={"tree": "1999"})
    c.call("GET", W, 422, "age not a number", token=province, query={"age_min": "old"})
    c.call("GET", W, 422, "age out of range", token=province, query={"age_max": "200"})
    c.call("GET", W, 422, "unknown status", token=province, query={"status": "sleeping"})
    c.call("GET", W, 422, "unknown sex", token=province, query={"sex": "x"})
    c.call("GET", W, 422, "unknown unit", token=province, query={"unit": "99999"})
    c.call("GET", W, 422, "bad cursor", token=province, query={"cursor": "abc"})
    r = c.call("GET", W, 403, "unit outside the jurisdiction", token=officer,
               query={"unit": residence(outside[0])})
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"search outside: error code {error_code(r)}")
    r = c.call("GET", W, 403, "a worker may not search", token=worker)
    if error_code(r) != "forbidden_role":
        c.fail(f"search by a worker: error code {error_code(r)}")
    c.call("GET", W, 403, "an admin may not search", token=auditor)

    # Read and history.
    c.call("GET", f"{W}/{own}", 401, "no token")
    r = c.call("GET", f"{W}/{own}", 200, "officer reads", token=officer)
    c.call("GET", f"{W}/{own}", 200, "the worker reads their own", token=worker)
    c.call("GET", f"{W}/{own}", 200, "the ministry reads", token=minister)
    r = c.call("GET", f"{W}/{other_inside}", 403, "a worker reads another", token=worker)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a worker reading another: error code {error_code(r)}")
    c.call("GET", f"{W}/{far}", 403, "outside the commune", token=officer)
    r = c.call("GET", f"{W}/{own}", 403, "an admin reads", token=auditor)
    if error_code(r) != "forbidden_role":
        c.fail(f"an admin reading: error code {error_code(r)}")
    c.call("GET", f"{W}/{unknown}", 404, "no such person", token=officer)
    c.call("GET", f"{W}/12345", 422, "not a CCCD", token=officer)
    c.call("GET", f"{W}/{own}/history", 401, "no token")
    c.call("GET", f"{W}/{own}/history", 200, None, token=officer)
    c.call("GET", f"{W}/{far}/history", 403, "outside the commune", token=officer)
    c.call("GET", f"{W}/{unknown}/history", 404, None, token=officer)
    c.call("GET", f"{W}/abc/history", 422, None, token=officer)

    # Create.
    template = dict(next(w for w in inside if w["cccd"] != own))
    for k in ("bhxh", "household_id", "relation_to_head"):
        template.pop(k, None)
    record = {k: v for k, v in template.items() if v}
    record["cccd"] = cccd_for(record["birth_date"], record["sex"], rng, taken)
    record["full_name"] = "Thử Nghiệm Tài Liệu"
    new_id = record["cccd"]
    c.call("POST", W, 401, "no token", json_body=record)
    r = c.call("POST", W, 201, "create", token=officer,
               json_body=dict(record, version={"seq": 99}))
    if r.json and r.json.get("outcome") != "created":
        c.fail(f"create: outcome {r.json.get('outcome')}")
    r = c.call("POST", W, 409, "create again", token=officer, json_body=record)
    bad = dict(record, cccd=cccd_for(record["birth_date"], record["sex"], rng, taken),
               sex="female" if record["sex"] == "male" else "male")
    r = c.call("POST", W, 422, "CCCD sex digit disagrees with sex", token=officer, json_body=bad)
    if r.json and "cccd_sex_century" not in {v["code"] for v in r.json.get("violations", [])}:
        c.fail(f"create with a wrong sex digit: violations {r.json.get('violations')}")
    c.call("POST", W, 422, "unknown field", token=officer,
           json_body=dict(record, favourite_colour="blue"))
    c.call("POST", W, 422, "a value of the wrong type", token=officer,
           json_body=dict(record, full_name={"given": "An"}))
    c.call("POST", W, 422, "not an object", token=officer, json_body=[1, 2])
    c.call("POST", W, 400, "malformed JSON", token=officer, raw="{\"cccd\": \"0",
           content_type="application/json")
    c.call("POST", W, 400, "nested too deep", token=officer, raw="[" * 40 + "]" * 40,
           content_type="application/json")
    elsewhere = dict(outside[0])
    elsewhere = {k: v for k, v in elsewhere.items() if v and k != "bhxh"}
    elsewhere["cccd"] = cccd_for(elsewhere["birth_date"], elsewhere["sex"], rng, taken)
    r = c.call("POST", W, 403, "outside the jurisdiction", token=officer, json_body=elsewhere)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"create outside: error code {error_code(r)}")
    r = c.call("POST", W, 403, "a role that does not write", token=province, json_body=elsewhere)
    if error_code(r) != "forbidden_role":
        c.fail(f"create by a province officer: error code {error_code(r)}")
    c.call("POST", W, 413, "body over 1 MiB", token=officer, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", W, 415, "cookie with a form content type", cookie=officer,
           raw="cccd=1", content_type="application/x-www-form-urlencoded")
    by_cookie = dict(record, cccd=cccd_for(record["birth_date"], record["sex"], rng, taken))
    c.call("POST", W, 201, "create with the cookie and JSON", cookie=officer, json_body=by_cookie)
    # A person known by a legacy CMND only, then created with a CCCD: the record moves on.
    legacy = dict(record, cccd=cccd_for(record["birth_date"], record["sex"], rng, taken),
                  cmnd=f"{rng.randrange(10**9):09d}")
    c.call("POST", W, 201, "known by a CMND only", token=officer,
           json_body={k: v for k, v in legacy.items() if k != "cccd"})
    r = c.call("POST", W, 200, "the CMND holder gets a CCCD", token=officer, json_body=legacy)
    if r.json and r.json.get("outcome") != "new_version":
        c.fail(f"create of a CMND holder with a CCCD: outcome {r.json.get('outcome')}")

    # Update.
    one = f"{W}/{new_id}"
    changed = dict(record, current_address="Số 1 phố Thử Nghiệm", current_unit=args.commune)
    c.call("PUT", one, 401, "no token", json_body=changed)
    r = c.call("PUT", one, 200, "a change", token=officer, json_body=changed)
    if r.json and r.json.get("outcome") != "new_version":
        c.fail(f"update: outcome {r.json.get('outcome')}")
    without_id = {k: v for k, v in changed.items() if k != "cccd"}
    r = c.call("PUT", one, 200, "the same again, cccd from the path", token=officer,
               json_body=without_id)
    if r.json and r.json.get("outcome") != "unchanged":
        c.fail(f"update with the same record: outcome {r.json.get('outcome')}")
    c.call("PUT", one, 422, "cccd differs from the path", token=officer,
           json_body=dict(changed, cccd=other_inside))
    c.call("PUT", one, 422, "invalid record", token=officer,
           json_body=dict(changed, birth_date="2030-01-01"))
    c.call("PUT", one, 400, "malformed JSON", token=officer, raw="{",
           content_type="application/json")
    c.call("PUT", f"{W}/{unknown}", 404, "no such person", token=officer,
           json_body=dict(changed, cccd=unknown))
    c.call("PUT", f"{W}/{far}", 403, "outside the jurisdiction", token=officer,
           json_body={k: v for k, v in outside[0].items() if v})
    c.call("PUT", one, 403, "a role that does not write", token=province, json_body=changed)
    c.call("PUT", one, 413, "body over 1 MiB", token=officer, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("PUT", one, 415, "cookie without a content type", cookie=officer,
           raw=json.dumps(changed))

    # Close.
    close = f"{one}/close"
    c.call("POST", close, 401, "no token", json_body={"reason": "deceased"})
    c.call("POST", close, 422, "unknown reason", token=officer, json_body={"reason": "bored"})
    c.call("POST", close, 422, "future date", token=officer,
           json_body={"reason": "deceased", "date": "2027-01-01"})
    c.call("POST", close, 400, "malformed JSON", token=officer, raw="{",
           content_type="application/json")
    c.call("POST", close, 400, "not an object", token=officer, json_body=["deceased"])
    c.call("POST", close, 403, "a role that does not write", token=province,
           json_body={"reason": "deceased"})
    c.call("POST", f"{W}/{far}/close", 403, "outside the jurisdiction", token=officer,
           json_body={"reason": "deceased"})
    c.call("POST", f"{W}/{unknown}/close", 404, None, token=officer,
           json_body={"reason": "deceased"})
    c.call("POST", close, 413, "body over 1 MiB", token=officer, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", close, 415, "cookie with text/plain", cookie=officer,
           raw='{"reason": "deceased"}', content_type="text/plain")
    r = c.call("POST", close, 200, "close", token=officer,
               json_body={"reason": "emigrated", "date": "2026-01-10", "source": "register_sync"})
    if r.json and r.json["worker"]["version"]["closed"] != "emigrated":
        c.fail(f"close: version {r.json['worker']['version']}")
    c.call("POST", close, 409, "close again", token=officer, json_body={"reason": "deceased"})
    c.call("PUT", one, 409, "update a closed record", token=officer, json_body=changed)
    r = c.call("GET", f"{one}/history", 200, "created, changed, closed", token=officer)
    if r.json and [v["version"]["seq"] for v in r.json["versions"]] != [1, 2, 3]:
        c.fail(f"history of the new record: {[v['version'] for v in r.json['versions']]}")
    r = c.call("GET", W, 200, "closed records included", token=officer,
               query={"name": "thu nghiem tai lieu", "include_closed": "true"})
    if r.json and new_id not in [w["cccd"] for w in r.json["items"]]:
        c.fail("search with include_closed=true does not find the closed record")

    # Who read my record; the audit log.
    c.call("GET", "/me/readers", 401, "no token")
    r = c.call("GET", "/me/readers", 200, None, token=worker)
    if r.json and not any(i["username"] == "officer" and i["action"] == "read"
                          for i in r.json["items"]):
        c.fail(f"GET /me/readers: the officer's read is missing: {r.json['items'][:3]}")
    c.call("GET", "/me/readers", 403, "not a worker", token=officer)
    c.call("GET", "/audit", 401, "no token")
    c.call("GET", "/audit", 403, "not an admin", token=officer)
    c.call("GET", "/audit", 200, None, token=auditor)
    c.call("GET", "/audit", 200, "every parameter", token=auditor, query={
        "person": own, "user": "officer", "action": "read", "since": "2000-01-01T00:00:00Z",
        "until": "2100-01-01T00:00:00Z", "limit": "5"})
    r = c.call("GET", "/audit", 200, "page 1", token=auditor, query={"limit": "2"})
    if r.json and r.json["next_cursor"]:
        c.call("GET", "/audit", 200, "page 2", token=auditor,
               query={"limit": "2", "cursor": r.json["next_cursor"]})
    else:
        c.fail("GET /audit?limit=2 gave no next_cursor")
    c.call("GET", "/audit", 422, "bad person", token=auditor, query={"person": "12"})
    c.call("GET", "/audit", 422, "bad cursor", token=auditor, query={"cursor": "x"})

    # Imports: rows of the commune (unchanged), one changed, rows elsewhere (rejected).
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(workers[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(inside[:5])
    writer.writerow(dict(inside[5], current_address="Số 2 phố Thử Nghiệm",
                         current_unit=args.commune))
    writer.writerows(outside[:3])
    upload = out.getvalue()
    c.call("POST", "/imports", 401, "no token", raw=upload, content_type="text/csv")
    r = c.call("POST", "/imports", 403, "a role that does not write", token=province,
               raw=upload, content_type="text/csv")
    c.call("POST", "/imports", 415, "cookie with text/plain", cookie=officer, raw=upload,
           content_type="text/plain")
    r = c.call("POST", "/imports", 202, "CSV", token=officer, raw=upload, content_type="text/csv",
               query={"name": "openapi-check.csv"})
    job = (r.json or {}).get("id")
    if r.header("location") != f"/api/imports/{job}":
        c.fail(f"POST /imports: Location {r.header('location')!r}")
    lines = "".join(json.dumps({k: v for k, v in w.items() if v}, ensure_ascii=False) + "\n"
                    for w in inside[:2])
    r = c.call("POST", "/imports", 202, "JSON Lines", token=officer, raw=lines,
               content_type="application/x-ndjson")
    jsonl_job = (r.json or {}).get("id")
    if job:
        status = None
        for _ in range(300):
            r = c.call("GET", f"/imports/{job}", 200, "progress", token=officer)
            status = r.json
            if not status or status["state"] != "running":
                break
            time.sleep(0.1)
        if status and (status["state"], status["rows"], status["new_versions"],
                       status["unchanged"], status["rejected_rows"]) != ("done", 9, 1, 5, 3):
            c.fail(f"the CSV import ended as {status}, expected done with 9 rows: 1 new "
                   f"version, 5 unchanged, 3 rejected")
        r = c.call("GET", f"/imports/{job}/rejects", 200, None, token=officer)
        rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8", "replace"))))
        if len(rows) != 3 or {x["code"] for x in rows} != {"outside_jurisdiction"}:
            c.fail(f"rejects of the CSV import: {rows}")
        c.call("GET", f"/imports/{job}", 404, "another user's job", token=minister)
        c.call("GET", f"/imports/{job}/rejects", 404, "another user's job", token=minister)
        c.call("GET", f"/imports/{job}", 401, "no token")
        c.call("GET", f"/imports/{job}/rejects", 401, "no token")
    if jsonl_job:
        for _ in range(300):
            r = c.call("GET", f"/imports/{jsonl_job}", 200, "progress", token=officer)
            if not r.json or r.json["state"] != "running":
                break
            time.sleep(0.1)
        if r.json and (r.json["state"], r.json["rows"], r.json["unchanged"]) != ("done", 2, 2):
            c.fail(f"the JSON Lines import ended as {r.json}")
    c.call("GET", "/imports/999999", 404, "no such job", token=officer)
    c.call("GET", "/imports/abc", 404, "not a job id", token=officer)
    c.call("GET", "/imports/999999/rejects", 404, "no such job", token=officer)

    # Methods a path does not list: 405 (asked with a token, so that 401 does not come first).
    for template, item in c.doc["paths"].items():
        job_id = str(job or 1)
        path = template.replace("{name}", "sex").replace(
            "{id}", job_id if template.startswith("/imports") else own)
        unlisted = [m for m in ("DELETE", "PUT", "POST") if m.lower() not in item][:1]
        for method in ["PATCH"] + unlisted:
            c.call(method, path, 405, "method not listed", token=officer,
                   json_body={} if method != "DELETE" else None)

    # Paths the document does not list: 404.
    for path in ("", "/", "/nothing", f"/workers/{own}/extra", f"/workers/{own}/close/x",
                 "/codes/sex/extra", "/me", "/me/other", "/audit/1", "/units/01",
                 "/imports/1/rejects/x", "/session/x", "/health/x", "/ready/x",
                 "/openapi.json/x"):
        c.call("GET", path, 404, "undocumented", token=officer)

    # Throttling, last: five failures for one name, then 429 (from a loopback address of its
    # own, so that the address's count starts at zero too).
    source = "127.0.0.2"
    try:
        c.send("GET", "/health", source=source)
    except OSError:
        source = None  # the address already counts one failure: the limit may come sooner
    probe = {"username": "throttle.probe", "password": "not the password"}
    for i in range(5):
        c.call("POST", "/session", 401 if source else (401, 429), f"failure {i + 1}",
               json_body=probe, source=source)
    r = c.call("POST", "/session", 429, "sixth attempt", json_body=probe, source=source)
    retry = r.header("retry-after")
    if not retry or not retry.isdigit() or not 0 < int(retry) <= 900:
        c.fail(f"429: Retry-After {retry!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    ap.add_argument("--document", help="src/http/openapi.json: the served document must equal it")
    ap.add_argument("--workers-csv", required=True, help="the file imported into the database")
    ap.add_argument("--commune", required=True, help="the commune of user 'officer'")
    ap.add_argument("--person", required=True, help="the CCCD of user 'worker1'")
    ap.add_argument("--password", required=True, help="the password of every user")
    args = ap.parse_args()
    url = urllib.parse.urlsplit(args.url)
    host, port = url.hostname, url.port or 80

    # The document as the server serves it.
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", "/api/openapi.json")
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    if r.status != 200:
        sys.exit(f"openapi check: GET /api/openapi.json answered {r.status}")
    try:
        doc = json.loads(raw)
    except ValueError as e:
        sys.exit(f"openapi check: the served document is not JSON: {e}")
    c = Checker(host, port, doc)
    if args.document:
        with open(args.document, encoding="utf-8") as f:
            if json.load(f) != doc:
                c.fail(f"the served document differs from {args.document}: rebuild lmis")
    c.check_document()
    run(c, args)
    return c.report()


if __name__ == "__main__":
    sys.exit(main())
