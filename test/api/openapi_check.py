#!/usr/bin/env python3
"""Checks the OpenAPI document of `lmis serve` against the server's real answers.

Every documented operation is called, in success and error cases, and every answer is checked
against the document: its status must be listed for that path and method, its Content-Type
must be a documented media type, its documented headers must be there, and its JSON body must
validate against the documented schema (JSON Schema 2020-12, $refs resolved into components);
binary bodies (PDF, XLSX, PNG) must start as their type does. Then every path and method of the document must have been called at least once, methods a
path does not list must answer 405, and paths the document does not list must answer 404.

Needs a running server over a database holding the synthetic workers of test/cli/openapi.sh
and its users (see --help); the population-register extract is uploaded here, through the API. Python standard library and python3-jsonschema only.
Exit status 0 when everything matches, 1 with every mismatch listed otherwise.
"""
import argparse
import collections
import csv
import hashlib
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The first bytes of the binary media types the server sends.
MAGIC = {"application/pdf": b"%PDF-", XLSX: b"PK\x03\x04", "image/png": b"\x89PNG\r\n\x1a\n"}


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
        elif schema is not None and schema.get("format") == "binary":
            magic = MAGIC.get(media)
            if magic and not r.body.startswith(magic):
                self.fail(f"{where}: a {media} body that does not start with {magic!r}: "
                          f"{r.body[:40]!r}")
            self.validated_bodies += 1
            return
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
    for user in ("officer", "province", "minister", "auditor", "worker1", "police", "officer2",
                 "collector1", "collector2"):
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
    # The communes a commune officer answers for: their own, in the tree asked for.
    r = c.call("GET", "/units", 200, "within=me", token=officer, query={"within": "me"})
    if r.json and (r.json["national"] or len(r.json["units"]) != 1 or
                   any(u["level"] == 1 for u in r.json["units"])):
        c.fail(f"GET /units?within=me for a commune officer: {r.json}")
    r = c.call("GET", "/units", 200, "within=me, national", token=minister, query={"within": "me"})
    if r.json and (not r.json["national"] or r.json["units"]):
        c.fail(f"GET /units?within=me for the ministry: {r.json}")
    c.call("GET", "/units", 422, "within=other", token=officer, query={"within": "all"})
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
    # Who read a record, for whoever may read it.
    R = f"{W}/{own}/readers"
    c.call("GET", R, 401, "no token")
    r = c.call("GET", R, 200, "the ministry sees the officer's read", token=minister)
    if r.json and not any(i["username"] == "officer" and i["action"] == "read"
                          for i in r.json["items"]):
        c.fail(f"GET {R}: the officer's read is missing: {r.json['items'][:3]}")
    c.call("GET", R, 200, "the worker, of their own record", token=worker)
    r = c.call("GET", f"{W}/{far}/readers", 403, "outside the commune", token=officer)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"readers outside the commune: error code {error_code(r)}")
    r = c.call("GET", R, 403, "an admin", token=auditor)
    if error_code(r) != "forbidden_role":
        c.fail(f"readers asked by an admin: error code {error_code(r)}")
    c.call("GET", f"{W}/{unknown}/readers", 404, "no such person", token=officer)
    c.call("GET", f"{W}/12345/readers", 422, "not a CCCD", token=officer)
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
    if job:
        r = c.call("GET", f"/imports/{job}/warnings", 200, "a worker import has none",
                   token=officer)
        if r.body:
            c.fail(f"warnings of a worker import: {r.body[:200]!r}")
        if status and status.get("kind") != "workers":
            c.fail(f"the CSV import's kind is {status.get('kind')!r}, expected workers")

    # The other registers, reconciliation and linkage; collection campaigns.
    run_registers(c, args, tokens, rng, taken)
    run_collection(c, args, tokens, rng, taken)
    # Reports, the reporting calendar and submissions.
    run_reports(c, args, tokens)
    # Accounts, managed by administrators.
    run_users(c, args, tokens)

    # Methods a path does not list: 405 (asked with a token, so that 401 does not come first).
    for template, item in c.doc["paths"].items():
        job_id = str(job or 1)
        path = template.replace("{name}", "sex").replace("{kind}", "pyramid").replace(
            "{username}", "officer").replace(
            "{cccd}", own).replace("{id}", job_id if template.startswith("/imports") else own)
        unlisted = [m for m in ("DELETE", "PUT", "POST") if m.lower() not in item][:1]
        for method in ["PATCH"] + unlisted:
            c.call(method, path, 405, "method not listed", token=officer,
                   json_body={} if method != "DELETE" else None)

    # Paths the document does not list: 404.
    for path in ("", "/", "/nothing", f"/workers/{own}/extra", f"/workers/{own}/close/x",
                 "/codes/sex/extra", "/me", "/me/other", "/audit/1", "/units/01",
                 "/imports/1/rejects/x", "/session/x", "/health/x", "/ready/x",
                 "/openapi.json/x", "/imports/1/warnings/x", "/registers",
                 "/registers/population", f"/registers/insurance/{own}",
                 f"/registers/population/{own}/x", "/reconciliations/1/x",
                 "/reconciliations/1/discrepancies/x", "/linkage", "/linkage/x",
                 "/linkage/proposals/1/x", "/campaigns/1/nothing", "/campaigns/1/forms/x",
                 "/forms", "/forms/1/x", "/handovers", "/handovers/1/x", "/reports",
                 "/reports/x", "/reports/charts", "/reports/charts/pyramid/x",
                 "/reports/labour-supply/x", "/reports/calendar/x", "/reports/submissions/1",
                 "/users/officer/x", f"/workers/{own}/readers/x"):
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


# ------------------------------------------------------------------------- accounts

def run_users(c, args, tokens):
    """Administrators list, create and change the accounts of their jurisdiction: the national
    one every account, an administrator of Hà Nội (made here) those of units inside it."""
    P = args.password
    auditor, officer = tokens["auditor"], tokens["officer"]
    U = "/users"

    def refused(r, code, label):
        if error_code(r) != code:
            c.fail(f"{label}: error code {error_code(r)}, expected {code}")

    def fields(r, want, label):
        got = {v["field"] for v in (r.json or {}).get("violations", [])}
        if got != set(want):
            c.fail(f"{label}: violations of {sorted(got)}, expected {sorted(want)}")

    c.call("GET", U, 401, "no token")
    r = c.call("GET", U, 200, "a national administrator sees every account", token=auditor)
    accounts = {u["username"]: u for u in (r.json or {}).get("items", [])}
    if not {"officer", "auditor", "minister", "worker1", "police"} <= set(accounts):
        c.fail(f"GET {U}: accounts {sorted(accounts)}")
    elif accounts["worker1"]["person"] != args.person or accounts["minister"]["unit_name"] != (
            "Toàn quốc") or accounts["officer"]["unit"] != f"2025:{args.commune}":
        c.fail(f"GET {U}: {accounts['worker1']}, {accounts['minister']}, {accounts['officer']}")
    refused(c.call("GET", U, 403, "not an administrator", token=officer), "forbidden_role",
            f"GET {U} by an officer")

    hanoi_admin = {"username": "admin.hanoi", "role": "admin", "unit": "01", "password": P}
    c.call("POST", U, 401, "no token", json_body=hanoi_admin)
    r = c.call("POST", U, 201, "an administrator of Hà Nội", token=auditor, json_body=hanoi_admin)
    if r.json and (r.json["unit"], r.json["disabled"]) != ("2025:01", False):
        c.fail(f"POST {U}: {r.json}")
    refused(c.call("POST", U, 409, "the name is taken", token=auditor, json_body=hanoi_admin),
            "username_taken", f"POST {U} again")
    r = c.call("POST", U, 422, "every rule broken", token=auditor, json_body={
        "username": "Bad Name", "role": "superuser", "unit": "99999", "password": "short"})
    fields(r, ["username", "role", "unit", "password"], f"POST {U} with every rule broken")
    r = c.call("POST", U, 422, "a worker without a CCCD", token=auditor, json_body={
        "username": "worker.x", "role": "worker", "unit": args.commune, "password": P})
    fields(r, ["person"], f"POST {U} of a worker without person")
    r = c.call("POST", U, 422, "unknown field", token=auditor,
               json_body=dict(hanoi_admin, username="admin.x", colour="blue"))
    fields(r, ["colour"], f"POST {U} with an unknown field")
    c.call("POST", U, 400, "malformed JSON", token=auditor, raw="{",
           content_type="application/json")
    c.call("POST", U, 400, "not an object", token=auditor, json_body=[hanoi_admin])
    c.call("POST", U, 413, "body over 1 MiB", token=auditor, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", U, 415, "cookie with text/plain", cookie=auditor,
           raw=json.dumps(hanoi_admin), content_type="text/plain")
    refused(c.call("POST", U, 403, "not an administrator", token=officer,
                   json_body=dict(hanoi_admin, username="admin.y")),
            "forbidden_role", f"POST {U} by an officer")

    r = c.call("POST", "/session", 200, "sign in admin.hanoi",
               json_body={"username": "admin.hanoi", "password": P})
    hanoi = (r.json or {}).get("token")
    if not hanoi:
        return
    r = c.call("GET", U, 200, "the accounts of Hà Nội", token=hanoi)
    names = {u["username"] for u in (r.json or {}).get("items", [])}
    if not {"officer", "worker1", "police", "admin.hanoi"} <= names or names & {
            "minister", "auditor"}:
        c.fail(f"GET {U} by the administrator of Hà Nội: {sorted(names)}")
    made = [{"username": "collector.new", "role": "collector", "unit": args.commune},
            {"username": "district.old", "role": "district_officer", "unit": "001",
             "tree": "pre2025"},
            {"username": "worker.new", "role": "worker", "unit": args.commune,
             "person": args.person}]
    for account in made:
        r = c.call("POST", U, 201, f"a {account['role']}", token=hanoi,
                   json_body=dict(account, password=P))
        if r.json and r.json["username"] != account["username"]:
            c.fail(f"POST {U}: {r.json}")
    refused(c.call("POST", U, 403, "a national account", token=hanoi, json_body={
        "username": "bo.new", "role": "ministry", "unit": "national", "password": P}),
        "forbidden_jurisdiction", f"POST {U} of a national account by Hà Nội")
    refused(c.call("POST", U, 403, "another province", token=hanoi, json_body={
        "username": "hcm.new", "role": "province_officer", "unit": "79", "password": P}),
        "forbidden_jurisdiction", f"POST {U} in province 79 by Hà Nội")

    one = f"{U}/collector.new"
    c.call("PUT", one, 401, "no token", json_body={"disabled": True})
    r = c.call("PUT", one, 200, "another role", token=hanoi, json_body={"role": "commune_police"})
    if r.json and r.json["role"] != "commune_police":
        c.fail(f"PUT {one}: role {r.json['role']}")
    r = c.call("PUT", one, 200, "disable", token=hanoi, json_body={"disabled": True})
    if r.json and r.json["disabled"] is not True:
        c.fail(f"PUT {one}: not disabled")
    c.call("POST", "/session", 401, "a disabled account",
           json_body={"username": "collector.new", "password": P})
    c.call("PUT", one, 200, "enable with a new password", token=hanoi,
           json_body={"disabled": False, "password": P + " (new)"})
    c.call("POST", "/session", 200, "the new password",
           json_body={"username": "collector.new", "password": P + " (new)"})
    fields(c.call("PUT", one, 422, "a short password", token=hanoi,
                  json_body={"password": "short"}), ["password"], f"PUT {one} short password")
    fields(c.call("PUT", one, 422, "unknown field", token=hanoi, json_body={"colour": "blue"}),
           ["colour"], f"PUT {one} unknown field")
    fields(c.call("PUT", one, 422, "tree without unit", token=hanoi,
                  json_body={"tree": "pre2025"}), ["tree"], f"PUT {one} tree alone")
    fields(c.call("PUT", f"{U}/admin.hanoi", 422, "disable oneself", token=hanoi,
                  json_body={"disabled": True}), ["disabled"], "an administrator disabling self")
    fields(c.call("PUT", f"{U}/admin.hanoi", 422, "demote oneself", token=hanoi,
                  json_body={"role": "province_officer"}), ["role"],
           "an administrator demoting self")
    refused(c.call("PUT", one, 403, "moved out of Hà Nội", token=hanoi, json_body={"unit": "79"}),
            "forbidden_jurisdiction", f"PUT {one} to province 79")
    refused(c.call("PUT", f"{U}/minister", 403, "a national account", token=hanoi,
                   json_body={"disabled": True}),
            "forbidden_jurisdiction", "PUT of the minister by Hà Nội")
    c.call("PUT", f"{U}/no.such.user", 404, "no such account", token=hanoi,
           json_body={"disabled": True})
    refused(c.call("PUT", one, 403, "not an administrator", token=officer,
                   json_body={"disabled": True}), "forbidden_role", f"PUT {one} by an officer")
    c.call("PUT", one, 400, "malformed JSON", token=hanoi, raw="{",
           content_type="application/json")
    c.call("PUT", one, 413, "body over 1 MiB", token=hanoi, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("PUT", one, 415, "cookie without a content type", cookie=hanoi,
           raw=json.dumps({"disabled": False}))
    r = c.call("PUT", one, 200, "by the cookie and JSON", cookie=hanoi,
               json_body={"role": "collector"})

    # Every call is in the audit log.
    r = c.call("GET", "/audit", 200, "account changes are audited", token=auditor,
               query={"action": "user_update", "limit": "100"})
    outcomes = {e["outcome"] for e in (r.json or {}).get("items", [])}
    if not {"allow", "fail", "deny_role", "deny_jurisdiction", "not_found"} <= outcomes:
        c.fail(f"GET /audit?action=user_update: outcomes {sorted(outcomes)}")


# ------------------------------------------------- registers, reconciliation, linkage

def await_job(c, path, token):
    """Polls an import or reconciliation job until it has ended; its last state (or None)."""
    body = None
    for _ in range(600):
        r = c.call("GET", path, 200, "progress", token=token)
        body = r.json
        if not body or body["state"] != "running":
            break
        time.sleep(0.1)
    return body


def csv_text(fieldnames, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def check_file(c, r, where, extension):
    """A download: 200 with Content-Disposition naming a file of `extension`."""
    if r.status != 200:
        return
    disposition = r.header("content-disposition") or ""
    if not disposition.startswith("attachment; filename=") or not disposition.endswith(
            f'.{extension}"'):
        c.fail(f"{where}: Content-Disposition {disposition!r}, expected an attachment "
               f"*.{extension}")


def household_rows(args, templates, rng, taken, extract_date):
    """Synthetic register households of --reg-commune nobody has a worker record of: HTN-0001
    with two members, HTN-0002 and HTN-0003 with one each. Each person takes the birth date
    and sex of a worker record of the commune, so that such a record can be entered for them."""
    people = [("HTN-0001", "Thử Nghiệm Chủ Hộ", "Chủ hộ"),
              ("HTN-0001", "Thử Nghiệm Thành Viên", "Vợ/chồng"),
              ("HTN-0002", "Thử Nghiệm Hộ Hai", "Chủ hộ"),
              ("HTN-0003", "Thử Nghiệm Hộ Ba", "Chủ hộ")]
    rows = []
    for (household, name, relation), template in zip(people, templates):
        rows.append({
            "cccd": cccd_for(template["birth_date"], template["sex"], rng, taken),
            "full_name": name, "birth_date": template["birth_date"], "sex": template["sex"],
            "ethnicity": "01", "permanent_unit": args.reg_commune,
            "permanent_address": "Số 1 ngõ Thử Nghiệm", "current_unit": "", "current_address": "",
            "household_id": household, "relation_to_head": relation, "status": "alive",
            "status_date": "", "extract_date": extract_date})
    return rows


def run_registers(c, args, tokens, rng, taken):
    officer, police, officer2, province, minister, auditor, worker, collector = (
        tokens[u] for u in ("officer", "police", "officer2", "province", "minister", "auditor",
                            "worker1", "collector1"))
    reg_rows = list(csv.DictReader(open(args.register_csv, encoding="utf-8")))
    fields = list(reg_rows[0])
    taken.update(r["cccd"] for r in reg_rows)
    extract_date = max(r["extract_date"] for r in reg_rows)
    reg_workers = list(csv.DictReader(open(args.reg_workers_csv, encoding="utf-8")))
    taken.update(w["cccd"] for w in reg_workers)
    templates = [w for w in reg_workers
                 if w["cccd"] and (w["current_unit"] or w["permanent_unit"]) == args.reg_commune
                 and w["lf_status"] == "employed" and len(w["birth_date"]) == 10]
    if len(templates) < 4:
        c.fail(f"{args.reg_workers_csv}: {len(templates)} employed residents of "
               f"{args.reg_commune} with a full birth date, expected 4 or more")
        return
    args.households = household_rows(args, templates, rng, taken, extract_date)
    args.templates = templates
    # Kept but flagged: the CCCD's sex digit says female, the row says male.
    warned = dict(args.households[0], cccd=cccd_for("1990-05-05", "female", rng, taken),
                  full_name="Thử Cảnh Báo", birth_date="1990-05-05", sex="male",
                  household_id="", relation_to_head="")
    # Rejected: a commune outside the police's jurisdiction.
    elsewhere = dict(warned, cccd=cccd_for("1990-05-05", "male", rng, taken),
                     full_name="Thử Ngoài Xã", permanent_unit=args.commune)
    upload = csv_text(fields, reg_rows + args.households + [warned, elsewhere])
    I = "/imports"

    # Uploads of extracts: who may, and how they end.
    c.call("POST", I, 422, "unknown kind", token=police, raw=upload, content_type="text/csv",
           query={"kind": "martians"})
    for who, label in ((collector, "a collector"), (province, "a province officer")):
        r = c.call("POST", I, 403, f"a population extract from {label}", token=who, raw=upload,
                   content_type="text/csv", query={"kind": "population"})
        if error_code(r) != "forbidden_role":
            c.fail(f"a population extract from {label}: error code {error_code(r)}")
    insurance = (f"bhxh,cccd,si_type,from\n0123456789,{reg_rows[0]['cccd']},compulsory,"
                 f"2020-01-01\n")
    c.call("POST", I, 403, "an insurance extract from the commune police", token=police,
           raw=insurance, content_type="text/csv", query={"kind": "insurance"})
    r = c.call("POST", I, 202, "population extract", token=police, raw=upload,
               content_type="text/csv", query={"kind": "population", "name": "register.csv"})
    job = (r.json or {}).get("id")
    if job and r.header("location") != f"/api/imports/{job}":
        c.fail(f"POST /imports?kind=population: Location {r.header('location')!r}")
    # Lines of the upload: the header is line 1.
    warned_line = str(len(reg_rows) + len(args.households) + 2)
    if job:
        status = await_job(c, f"{I}/{job}", police)
        expected = ("population", "done", len(reg_rows) + len(args.households) + 2,
                    len(reg_rows) + len(args.households) + 1, 1)
        got = status and (status["kind"], status["state"], status["rows"], status["added"],
                          status["rejected_rows"])
        if got != expected or not status["warnings"]:
            c.fail(f"the population extract ended as {status}, expected (kind, state, rows, "
                   f"added, rejected_rows) = {expected} and warnings")
        r = c.call("GET", f"{I}/{job}/rejects", 200, "population extract", token=police)
        rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8", "replace"))))
        if [x["code"] for x in rows] != ["outside_jurisdiction"]:
            c.fail(f"rejects of the population extract: {rows}")
        r = c.call("GET", f"{I}/{job}/warnings", 200, "population extract", token=police)
        rows = list(csv.DictReader(io.StringIO(r.body.decode("utf-8", "replace"))))
        if status and len(rows) != status["warnings"] or (warned_line, "cccd_sex_century") not in {
                (x["line"], x["code"]) for x in rows}:
            c.fail(f"warnings of the population extract: {rows}")
        c.call("GET", f"{I}/{job}/warnings", 404, "another user's job", token=officer)
        c.call("GET", f"{I}/{job}/warnings", 401, "no token")
    c.call("GET", f"{I}/999999/warnings", 404, "no such job", token=police)
    # A newer extract changes one column of a person: the change is kept.
    person = next(p for p in reg_rows if p["permanent_address"] and p["status"] == "alive"
                  and (p["current_unit"] or p["permanent_unit"]) == args.reg_commune)
    moved = dict(person, permanent_address="Số 10 phố Thử Nghiệm")
    r = c.call("POST", I, 202, "one changed row", token=police, raw=csv_text(fields, [moved]),
               content_type="text/csv", query={"kind": "population"})
    if r.json:
        status = await_job(c, f"{I}/{r.json['id']}", police)
        if status and (status["changed"], status["added"]) != (1, 0):
            c.fail(f"the extract with one changed row ended as {status}")
    r = c.call("POST", I, 202, "insurance extract", token=province, raw=insurance,
               content_type="text/csv", query={"kind": "insurance"})
    if r.json:
        status = await_job(c, f"{I}/{r.json['id']}", province)
        if status and (status["kind"], status["state"], status["added"]) != (
                "insurance", "done", 1):
            c.fail(f"the insurance extract ended as {status}")
    r = c.call("POST", I, 202, "enterprise extract", token=minister,
               raw="tax_code,name,status\n0101234567,Công ty TNHH Thử Nghiệm,active\n",
               content_type="text/csv", query={"kind": "enterprises"})
    if r.json:
        status = await_job(c, f"{I}/{r.json['id']}", minister)
        if status and (status["kind"], status["state"], status["added"]) != (
                "enterprises", "done", 1):
            c.fail(f"the enterprise extract ended as {status}")
    r = c.call("POST", I, 202, "an extract with an unknown column", token=minister,
               raw="tax_code,colour\n0101234567,blue\n", content_type="text/csv",
               query={"kind": "enterprises"})
    if r.json:
        status = await_job(c, f"{I}/{r.json['id']}", minister)
        if status and (status["state"] != "failed" or "error" not in status):
            c.fail(f"an extract with an unknown column ended as {status}")

    # A person of the population register.
    RP = "/registers/population"
    cccd = person["cccd"]
    c.call("GET", f"{RP}/{cccd}", 401, "no token")
    r = c.call("GET", f"{RP}/{cccd}", 200, "the commune officer", token=officer2)
    if r.json and (r.json["person"]["cccd"] != cccd or r.json["unit"] != args.reg_commune or [
            (x["field"], x["new_value"]) for x in r.json["changes"]] != [
                ("permanent_address", "Số 10 phố Thử Nghiệm")]):
        c.fail(f"GET {RP}/{cccd}: {r.json}")
    c.call("GET", f"{RP}/{cccd}", 200, "the ministry", token=minister)
    r = c.call("GET", f"{RP}/{cccd}", 403, "outside the jurisdiction", token=officer)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a register person outside: error code {error_code(r)}")
    r = c.call("GET", f"{RP}/{cccd}", 403, "an admin", token=auditor)
    if error_code(r) != "forbidden_role":
        c.fail(f"a register person read by an admin: error code {error_code(r)}")
    c.call("GET", f"{RP}/{cccd}", 403, "a worker reads another", token=worker)
    c.call("GET", f"{RP}/{cccd_for('1980-01-01', 'male', rng, taken)}", 404, "not in the register",
           token=officer2)
    c.call("GET", f"{RP}/12", 422, "not a CCCD", token=officer2)

    # Reconciliations.
    REC = "/reconciliations"
    c.call("POST", REC, 401, "no token", json_body={})
    r = c.call("POST", REC, 403, "a collector", token=collector, json_body={"kind": "population"})
    if error_code(r) != "forbidden_role":
        c.fail(f"a reconciliation by a collector: error code {error_code(r)}")
    c.call("POST", REC, 403, "an admin", token=auditor, json_body={})
    r = c.call("POST", REC, 403, "outside the jurisdiction", token=officer,
               json_body={"unit": args.reg_commune})
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a reconciliation outside: error code {error_code(r)}")
    r = c.call("POST", REC, 422, "unknown kind, tree and date", token=officer2,
               json_body={"kind": "x", "tree": "1999", "as_of": "2025-13-01"})
    if r.json and {v["field"] for v in r.json["violations"]} != {"kind", "tree", "as_of"}:
        c.fail(f"a reconciliation with three mistakes: {r.json['violations']}")
    c.call("POST", REC, 422, "unknown unit", token=officer2, json_body={"unit": "99999"})
    c.call("POST", REC, 400, "malformed JSON", token=officer2, raw="{",
           content_type="application/json")
    c.call("POST", REC, 400, "not an object", token=officer2, json_body=["population"])
    c.call("POST", REC, 413, "body over 1 MiB", token=officer2, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", REC, 415, "cookie with text/plain", cookie=officer2, raw="{}",
           content_type="text/plain")
    r = c.call("POST", REC, 202, "population", token=officer2,
               json_body={"kind": "population", "as_of": "2025-10-01"})
    rid = (r.json or {}).get("id")
    if rid and r.header("location") != f"/api/reconciliations/{rid}":
        c.fail(f"POST {REC}: Location {r.header('location')!r}")
    if rid:
        D = f"{REC}/{rid}/discrepancies"
        c.call("GET", D, (200, 409), "right after the start", token=officer2)
        status = await_job(c, f"{REC}/{rid}", officer2)
        if not status or status["state"] != "done" or "totals" not in status:
            c.fail(f"the population reconciliation ended as {status}")
            status = None
        elif args.reg_commune not in [u["unit"] for u in status["units"]]:
            c.fail(f"the population reconciliation has no line for {args.reg_commune}: "
                   f"{status['units']}")
        c.call("GET", f"{REC}/{rid}", 404, "another user's job", token=police)
        c.call("GET", f"{REC}/{rid}", 401, "no token")
        seen, cursor, pages = [], None, 0
        while True:
            query = {"limit": "7"}
            if cursor:
                query["cursor"] = cursor
            r = c.call("GET", D, 200, "paging", token=officer2, query=query)
            if not r.json:
                break
            seen += r.json["items"]
            cursor, pages = r.json["next_cursor"], pages + 1
            if not cursor or pages > 200:
                break
        if status:
            total = sum(status["totals"][k] for k in (
                "field_mismatch", "not_in_register", "no_worker_record", "closed_in_register"))
            if len(seen) != total or pages < 2:
                c.fail(f"paging through the discrepancies: {len(seen)} in {pages} pages, "
                       f"expected {total} in several")
        r = c.call("GET", D, 200, "one kind", token=officer2,
                   query={"kind": "no_worker_record", "unit": args.reg_commune, "tree": "2025",
                          "limit": "1000"})
        if r.json and not {d["kind"] for d in r.json["items"]} <= {"no_worker_record"}:
            c.fail("discrepancies of kind no_worker_record list other kinds")
        r = c.call("GET", D, 200, "CSV", token=officer2, query={"format": "csv"})
        check_file(c, r, f"GET {D}?format=csv", "csv")
        lines = r.body.decode("utf-8", "replace").splitlines() if r.status == 200 else []
        if lines and (lines[0] != "cccd,kind,field,worker_value,register_value,unit"
                      or len(lines) != len(seen) + 1):
            c.fail(f"the discrepancies as CSV: {len(lines)} lines, header {lines[0]!r}")
        r = c.call("GET", D, 200, "XLSX", token=officer2, query={"format": "xlsx"})
        check_file(c, r, f"GET {D}?format=xlsx", "xlsx")
        for query in ({"format": "doc"}, {"limit": "0"}, {"cursor": "x"}, {"unit": "99999"}):
            c.call("GET", D, 422, f"bad {next(iter(query))}", token=officer2, query=query)
        c.call("GET", D, 404, "another user's job", token=police)
        c.call("GET", D, 401, "no token")
    c.call("GET", f"{REC}/999999", 404, "no such job", token=officer2)
    c.call("GET", f"{REC}/999999/discrepancies", 404, "no such job", token=officer2)
    r = c.call("POST", REC, 202, "insurance, a province", token=province,
               json_body={"kind": "insurance", "unit": "01", "tree": "2025"})
    if r.json:
        status = await_job(c, f"{REC}/{r.json['id']}", province)
        if status and (status["kind"], status["state"], status["unit"]) != ("insurance", "done",
                                                                             "01"):
            c.fail(f"the insurance reconciliation ended as {status}")
    r = c.call("POST", REC, 202, "enterprises, the whole country", token=minister,
               json_body={"kind": "enterprises"})
    if r.json:
        status = await_job(c, f"{REC}/{r.json['id']}", minister)
        if status and (status["state"], status["unit"]) != ("done", ""):
            c.fail(f"the enterprise reconciliation ended as {status}")

    # Linkage proposals made by the population run.
    L = "/linkage/proposals"
    c.call("GET", L, 401, "no token")
    r = c.call("GET", L, 200, "proposed", token=officer2,
               query={"state": "proposed", "limit": "1000"})
    items = (r.json or {}).get("items", [])
    if len(items) < 2:
        c.fail(f"the population reconciliation proposed {len(items)} links, expected 2 or more")
    r = c.call("GET", L, 200, "outside the commune", token=officer)
    if r.json and any(p["unit"] == args.reg_commune for p in r.json["items"]):
        c.fail("an officer of another commune is shown proposals of the register's commune")
    c.call("GET", L, 200, "every parameter", token=province, query={
        "unit": args.reg_commune, "tree": "2025", "state": "proposed", "limit": "5"})
    r = c.call("GET", L, 200, "page 1", token=officer2, query={"limit": "1"})
    if r.json and r.json["next_cursor"]:
        c.call("GET", L, 200, "page 2", token=officer2,
               query={"limit": "1", "cursor": r.json["next_cursor"]})
    elif len(items) >= 2:
        c.fail(f"GET {L}?limit=1 gave no next_cursor")
    r = c.call("GET", L, 403, "a worker", token=worker)
    if error_code(r) != "forbidden_role":
        c.fail(f"proposals listed by a worker: error code {error_code(r)}")
    c.call("GET", L, 403, "an admin", token=auditor)
    r = c.call("GET", L, 403, "a unit outside", token=officer, query={"unit": args.reg_commune})
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"proposals of a unit outside: error code {error_code(r)}")
    for query in ({"unit": "99999"}, {"limit": "0"}, {"cursor": "x"}):
        c.call("GET", L, 422, f"bad {next(iter(query))}", token=officer2, query=query)
    c.call("GET", f"{L}/999999", 404, "no such proposal", token=officer2)
    c.call("GET", f"{L}/999999", 401, "no token")
    c.call("POST", f"{L}/999999/decision", 404, "no such proposal", token=officer2,
           json_body={"decision": "accept"})
    if len(items) < 2:
        return
    first, second = items[0], items[1]
    one = f"{L}/{first['id']}"
    r = c.call("GET", one, 200, "both records", token=officer2)
    if r.json and (r.json.get("register", {}).get("cccd") != first["register_cccd"]
                   or "worker" not in r.json or not r.json["reasons"]):
        c.fail(f"GET {one}: {r.json}")
    r = c.call("GET", one, 403, "outside the jurisdiction", token=officer)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a proposal outside: error code {error_code(r)}")
    c.call("GET", one, 403, "an admin", token=auditor)
    decide = f"{one}/decision"
    c.call("POST", decide, 401, "no token", json_body={"decision": "accept"})
    r = c.call("POST", decide, 403, "a province officer reads only", token=province,
               json_body={"decision": "accept"})
    if error_code(r) != "forbidden_role":
        c.fail(f"a decision by a province officer: error code {error_code(r)}")
    r = c.call("POST", decide, 403, "outside the jurisdiction", token=officer,
               json_body={"decision": "accept"})
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a decision outside: error code {error_code(r)}")
    c.call("POST", decide, 422, "neither accept nor reject", token=officer2,
           json_body={"decision": "maybe"})
    c.call("POST", decide, 422, "a note over 500 characters", token=officer2,
           json_body={"decision": "reject", "note": "x" * 501})
    c.call("POST", decide, 400, "malformed JSON", token=officer2, raw="{",
           content_type="application/json")
    c.call("POST", decide, 413, "body over 1 MiB", token=officer2, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", decide, 415, "cookie with text/plain", cookie=officer2,
           raw='{"decision": "accept"}', content_type="text/plain")
    r = c.call("POST", decide, 200, "accept", token=officer2,
               json_body={"decision": "accept", "note": "Đúng người"})
    if r.json and (r.json["proposal"]["state"] != "accepted"
                   or r.json.get("worker", {}).get("cccd") != first["register_cccd"]
                   or r.json["worker"]["version"]["source"] != "register_sync"):
        c.fail(f"accepting proposal {first['id']}: {r.json}")
    c.call("POST", decide, 409, "decided before", token=officer2, json_body={"decision": "reject"})
    r = c.call("POST", f"{L}/{second['id']}/decision", 200, "reject, by the police", token=police,
               json_body={"decision": "reject"})
    if r.json and (r.json["proposal"]["state"] != "rejected" or "worker" in r.json):
        c.fail(f"rejecting proposal {second['id']}: {r.json}")


# ------------------------------------------------------------------ collection campaigns

def run_collection(c, args, tokens, rng, taken):
    officer, police, officer2, province, minister, auditor, worker, collector1, collector2 = (
        tokens[u] for u in ("officer", "police", "officer2", "province", "minister", "auditor",
                            "worker1", "collector1", "collector2"))
    reg = args.reg_commune
    if not getattr(args, "households", None):
        c.fail("no register households to collect (see the registers above)")
        return
    C = "/campaigns"
    draft = {"name": "Thu thập thông tin người lao động 2025 (thử nghiệm)", "unit": reg,
             "reference_date": "2025-10-01", "window_start": "2025-10-01",
             "window_end": "2025-12-31",
             "waves": [{"number": 1, "name": "Đợt 1", "deadline": "2025-10-31"},
                       {"number": "2", "deadline": "2025-12-31"}]}
    c.call("POST", C, 401, "no token", json_body=draft)
    r = c.call("POST", C, 403, "a commune officer does not manage campaigns", token=officer2,
               json_body=draft)
    if error_code(r) != "forbidden_role":
        c.fail(f"a campaign by a commune officer: error code {error_code(r)}")
    r = c.call("POST", C, 403, "a unit outside the jurisdiction", token=province,
               json_body=dict(draft, unit="79"))
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a campaign outside: error code {error_code(r)}")
    r = c.call("POST", C, 422, "every rule broken", token=province, json_body=dict(
        draft, name="", unit="99999", window_end="2025-09-01",
        waves=[{"number": 2, "deadline": "x"}]))
    if r.json and len(r.json["violations"]) < 4:
        c.fail(f"a campaign breaking every rule: violations {r.json['violations']}")
    c.call("POST", C, 400, "malformed JSON", token=province, raw="{",
           content_type="application/json")
    c.call("POST", C, 400, "not an object", token=province, json_body=[draft])
    c.call("POST", C, 413, "body over 1 MiB", token=province, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", C, 415, "cookie with text/plain", cookie=province, raw=json.dumps(draft),
           content_type="text/plain")
    r = c.call("POST", C, 201, "a commune campaign", token=province, json_body=draft)
    cid = (r.json or {}).get("id")
    if not cid:
        print("cannot create a campaign; skipping the collection routes", file=sys.stderr)
        return
    if r.header("location") != f"/api/campaigns/{cid}":
        c.fail(f"POST {C}: Location {r.header('location')!r}")
    if [w["name"] for w in r.json["waves"]] != ["Đợt 1", "Đợt 2"] or r.json["unit"] != reg:
        c.fail(f"the campaign as created: {r.json}")
    c.call("POST", C, 201, "a national campaign", token=minister,
           json_body=dict(draft, unit="national", name="Thử nghiệm toàn quốc"))
    c.call("GET", C, 401, "no token")
    r = c.call("GET", C, 200, "the commune's campaigns", token=officer2)
    if r.json and cid not in [x["id"] for x in r.json["items"]]:
        c.fail(f"GET {C}: campaign {cid} is not listed for the commune officer")
    r = c.call("GET", C, 403, "an admin", token=auditor)
    if error_code(r) != "forbidden_role":
        c.fail(f"campaigns listed by an admin: error code {error_code(r)}")
    c.call("GET", C, 403, "a worker", token=worker)

    one = f"{C}/{cid}"
    c.call("GET", one, 401, "no token")
    c.call("GET", one, 200, "a collector of the commune", token=collector1)
    r = c.call("GET", one, 403, "an officer of another commune", token=officer)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a campaign elsewhere: error code {error_code(r)}")
    c.call("GET", one, 403, "an admin", token=auditor)
    c.call("GET", f"{C}/999999", 404, "no such campaign", token=officer2)
    renamed = dict(draft, name="Thu thập thông tin người lao động 2025")
    c.call("PUT", one, 401, "no token", json_body=renamed)
    r = c.call("PUT", one, 200, "renamed", token=province, json_body=renamed)
    if r.json and r.json["name"] != renamed["name"]:
        c.fail(f"PUT {one}: name {r.json['name']!r}")
    c.call("PUT", one, 403, "a commune officer", token=officer2, json_body=renamed)
    r = c.call("PUT", one, 403, "moved outside the jurisdiction", token=province,
               json_body=dict(renamed, unit="79"))
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a campaign moved outside: error code {error_code(r)}")
    c.call("PUT", f"{C}/999999", 404, "no such campaign", token=province, json_body=renamed)
    c.call("PUT", one, 422, "the window ends before it starts", token=province,
           json_body=dict(renamed, window_end="2025-09-30"))
    c.call("PUT", one, 400, "malformed JSON", token=province, raw="{",
           content_type="application/json")
    c.call("PUT", one, 413, "body over 1 MiB", token=province, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("PUT", one, 415, "cookie without a content type", cookie=province,
           raw=json.dumps(renamed))

    # Quotas: JSON, a wrapped list, CSV; all or none.
    Q = f"{one}/quotas"
    c.call("PUT", Q, 401, "no token", json_body=[])
    r = c.call("PUT", Q, 200, "a JSON list", token=province, json_body=[
        {"unit": reg, "wave": 1, "quota": 20}, {"unit": reg, "wave": "2", "quota": "10"}])
    if r.json and sorted((q["wave"], q["quota"]) for q in r.json["quotas"]) != [(1, 20), (2, 10)]:
        c.fail(f"PUT {Q}: {r.json['quotas']}")
    c.call("PUT", Q, 200, "a wrapped list", token=province,
           json_body={"quotas": [{"unit": reg, "wave": 1, "quota": 25}]})
    r = c.call("PUT", Q, 200, "CSV", token=province, raw=f"wave,unit,quota\n1,{reg},30\n",
               content_type="text/csv")
    if r.json and sorted((q["wave"], q["quota"]) for q in r.json["quotas"]) != [(1, 30), (2, 10)]:
        c.fail(f"PUT {Q} as CSV: {r.json['quotas']}")
    r = c.call("PUT", Q, 422, "CSV with bad rows", token=province,
               raw=f"unit,wave,quota\n{reg},1,40\n99999,1,5\n{reg},9,x\n", content_type="text/csv")
    if r.json and not {v.get("line") for v in r.json["violations"]} >= {3, 4}:
        c.fail(f"PUT {Q} with bad CSV rows: violations {r.json['violations']}")
    r = c.call("PUT", Q, 422, "JSON with a bad quota", token=province,
               json_body=[{"unit": reg, "wave": 1, "quota": -1}])
    if r.json and any("line" in v for v in r.json["violations"]):
        c.fail(f"PUT {Q} with bad JSON: violations carry lines {r.json['violations']}")
    r = c.call("GET", Q, 200, "nothing saved by the failures", token=officer2)
    if r.json and sorted((q["wave"], q["quota"]) for q in r.json["quotas"]) != [(1, 30), (2, 10)]:
        c.fail(f"GET {Q} after rejected changes: {r.json['quotas']}")
    c.call("PUT", Q, 400, "neither a list nor {quotas}", token=province, json_body={"x": 1})
    c.call("PUT", Q, 400, "malformed JSON", token=province, raw="[",
           content_type="application/json")
    c.call("PUT", Q, 403, "a commune officer", token=officer2, json_body=[])
    c.call("PUT", f"{C}/999999/quotas", 404, "no such campaign", token=province, json_body=[])
    c.call("PUT", Q, 413, "body over 1 MiB", token=province, raw=b" " * ((1 << 20) + 1),
           content_type="text/csv")
    c.call("PUT", Q, 415, "cookie with text/plain", cookie=province, raw="unit,wave,quota\n",
           content_type="text/plain")
    c.call("GET", Q, 401, "no token")
    c.call("GET", Q, 403, "an admin", token=auditor)
    c.call("GET", f"{C}/999999/quotas", 404, "no such campaign", token=officer2)

    # The worklist: the synthetic households of the register are on it.
    WL = f"{one}/worklist"
    r = c.call("GET", WL, 200, "JSON", token=officer2, query={"unit": reg})
    listed = {h["household_id"]: h for h in (r.json or {}).get("households", [])}
    households = ["HTN-0001", "HTN-0002", "HTN-0003"]
    if r.json and (not set(households) <= set(listed)
                   or [m["full_name"] for m in listed["HTN-0001"]["members"]] != [
                       "Thử Nghiệm Chủ Hộ", "Thử Nghiệm Thành Viên"]
                   or r.json["counts"]["people"] < 4):
        c.fail(f"the worklist of {reg} lacks the synthetic households: "
               f"{sorted(h for h in listed if h)[:10]}")
    for fmt, magic in (("csv", b"household_id,cccd,"), ("xlsx", None), ("pdf", None)):
        r = c.call("GET", WL, 200, fmt.upper(), token=officer2, query={"unit": reg, "format": fmt})
        check_file(c, r, f"GET {WL}?format={fmt}", fmt)
        if magic and r.status == 200 and not r.body.startswith(magic):
            c.fail(f"the worklist as {fmt}: {r.body[:60]!r}")
    for query, label in (({"unit": reg, "format": "doc"}, "unknown format"),
                         ({}, "no unit"), ({"unit": "99999"}, "unknown unit")):
        c.call("GET", WL, 422, label, token=officer2, query=query)
    r = c.call("GET", WL, 403, "an officer of another commune", token=officer,
               query={"unit": reg})
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a worklist elsewhere: error code {error_code(r)}")
    c.call("GET", WL, 403, "an admin", token=auditor, query={"unit": reg})
    c.call("GET", f"{C}/999999/worklist", 404, "no such campaign", token=officer2,
           query={"unit": reg})
    c.call("GET", WL, 401, "no token", query={"unit": reg})

    # Assignments.
    A = f"{one}/assignments"
    give = {"unit": reg, "wave": 1, "collector": "collector1", "households": households[:2]}
    c.call("POST", A, 401, "no token", json_body=give)
    r = c.call("POST", A, 403, "a province officer does not assign", token=province,
               json_body=give)
    if error_code(r) != "forbidden_role":
        c.fail(f"an assignment by a province officer: error code {error_code(r)}")
    r = c.call("POST", A, 403, "an officer of another commune", token=officer, json_body=give)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"an assignment elsewhere: error code {error_code(r)}")
    c.call("POST", A, 422, "no such wave nor collector", token=officer2,
           json_body=dict(give, wave=9, collector="officer"))
    c.call("POST", A, 422, "a household not on the worklist", token=officer2,
           json_body=dict(give, households=["HTN-9999"]))
    c.call("POST", A, 422, "no households", token=officer2,
           json_body={k: v for k, v in give.items() if k != "households"})
    c.call("POST", A, 400, "households not a list", token=officer2,
           json_body=dict(give, households="HTN-0001"))
    c.call("POST", A, 400, "malformed JSON", token=officer2, raw="{",
           content_type="application/json")
    c.call("POST", f"{C}/999999/assignments", 404, "no such campaign", token=officer2,
           json_body=give)
    c.call("POST", A, 413, "body over 1 MiB", token=officer2, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", A, 415, "cookie with text/plain", cookie=officer2, raw=json.dumps(give),
           content_type="text/plain")
    r = c.call("POST", A, 201, "two households", token=officer2, json_body=give)
    forms = {f["full_name"]: f for f in (r.json or {}).get("forms", [])}
    if r.json and (r.json["created"], r.json["already_assigned"]) != (3, 0):
        c.fail(f"assigning two households: {r.json['created']} created, "
               f"{r.json['already_assigned']} already assigned; expected 3, 0")
    r = c.call("POST", A, 200, "the same again", token=officer2, json_body=give)
    if r.json and (r.json["created"], r.json["already_assigned"]) != (0, 3):
        c.fail(f"assigning them again: {r.json}")
    r = c.call("POST", A, 201, "one household to another collector", token=officer2,
               json_body={"unit": reg, "wave": "2", "collector": "collector2",
                          "households": households[2:]})
    for f in (r.json or {}).get("forms", []):
        forms[f["full_name"]] = f
    try:
        fa, fb, fc, fd = (forms[n]["id"] for n in (
            "Thử Nghiệm Chủ Hộ", "Thử Nghiệm Thành Viên", "Thử Nghiệm Hộ Hai", "Thử Nghiệm Hộ Ba"))
    except KeyError:
        c.fail(f"the assignments did not make the four forms: {sorted(forms)}")
        return
    r = c.call("GET", WL, 200, "a collector's worklist", token=collector1, query={"unit": reg})
    if r.json and {m["collector"] for h in r.json["households"] for m in h["members"]} != {
            "collector1"}:
        c.fail("a collector's worklist lists people not assigned to them")

    # Forms of the campaign.
    F = f"{one}/forms"
    c.call("GET", F, 401, "no token")
    r = c.call("GET", F, 200, "all", token=officer2)
    if r.json and sorted(f["id"] for f in r.json["items"]) != sorted([fa, fb, fc, fd]):
        c.fail(f"GET {F}: {[f['id'] for f in r.json['items']]}, expected {[fa, fb, fc, fd]}")
    r = c.call("GET", F, 200, "page 1", token=officer2, query={"limit": "3"})
    if r.json and r.json["next_cursor"]:
        c.call("GET", F, 200, "page 2", token=officer2,
               query={"limit": "3", "cursor": r.json["next_cursor"]})
    else:
        c.fail(f"GET {F}?limit=3 gave no next_cursor")
    r = c.call("GET", F, 200, "every parameter", token=officer2, query={
        "unit": reg, "state": "assigned", "collector": "collector1", "wave": "1", "limit": "10"})
    if r.json and len(r.json["items"]) != 3:
        c.fail(f"forms of collector1 in wave 1: {len(r.json['items'])}, expected 3")
    r = c.call("GET", F, 200, "a collector sees their own", token=collector2)
    if r.json and [f["id"] for f in r.json["items"]] != [fd]:
        c.fail(f"collector2's forms: {[f['id'] for f in r.json['items']]}")
    for query in ({"state": "flying"}, {"wave": "abc"}, {"wave": "9"}, {"unit": "99999"}):
        c.call("GET", F, 422, f"bad {next(iter(query))}", token=officer2, query=query)
    c.call("GET", F, 403, "an admin", token=auditor)
    c.call("GET", F, 403, "a unit outside", token=officer, query={"unit": reg})
    c.call("GET", f"{C}/999999/forms", 404, "no such campaign", token=officer2)

    # One form and its collector.
    FR = "/forms"
    c.call("GET", f"{FR}/{fa}", 401, "no token")
    r = c.call("GET", f"{FR}/{fa}", 200, "the commune officer", token=officer2)
    if r.json and ([(e["from"], e["to"]) for e in r.json["events"]] != [(None, "assigned")]
                   or r.json["collector"] != "collector1"):
        c.fail(f"GET {FR}/{fa}: {r.json}")
    c.call("GET", f"{FR}/{fa}", 200, "its collector", token=collector1)
    r = c.call("GET", f"{FR}/{fa}", 403, "another collector", token=collector2)
    if error_code(r) != "forbidden_not_assigned":
        c.fail(f"another collector's form: error code {error_code(r)}")
    r = c.call("GET", f"{FR}/{fa}", 403, "an officer of another commune", token=officer)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a form elsewhere: error code {error_code(r)}")
    r = c.call("GET", f"{FR}/{fa}", 403, "an admin", token=auditor)
    if error_code(r) != "forbidden_role":
        c.fail(f"a form read by an admin: error code {error_code(r)}")
    c.call("GET", f"{FR}/999999", 404, "no such form", token=officer2)
    CO = f"{FR}/{fc}/collector"
    c.call("PUT", CO, 401, "no token", json_body={"collector": "collector2"})
    r = c.call("PUT", CO, 200, "to collector2", token=officer2,
               json_body={"collector": "collector2"})
    if r.json and r.json["collector"] != "collector2":
        c.fail(f"PUT {CO}: collector {r.json['collector']}")
    c.call("PUT", CO, 200, "back to collector1", token=officer2,
           json_body={"collector": "collector1"})
    c.call("PUT", CO, 422, "not a collector", token=officer2, json_body={"collector": "officer2"})
    c.call("PUT", CO, 422, "no collector", token=officer2, json_body={})
    c.call("PUT", CO, 403, "a province officer", token=province,
           json_body={"collector": "collector2"})
    c.call("PUT", CO, 403, "an officer of another commune", token=officer,
           json_body={"collector": "collector2"})
    c.call("PUT", f"{FR}/999999/collector", 404, "no such form", token=officer2,
           json_body={"collector": "collector2"})
    c.call("PUT", CO, 400, "malformed JSON", token=officer2, raw="{",
           content_type="application/json")
    c.call("PUT", CO, 400, "not an object", token=officer2, json_body=["collector2"])
    c.call("PUT", CO, 413, "body over 1 MiB", token=officer2, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("PUT", CO, 415, "cookie with text/plain", cookie=officer2,
           raw='{"collector": "collector2"}', content_type="text/plain")

    # The life cycle of a form.
    def move(form, expect, label, token, to, reason=None, **kw):
        body = {"to": to} if reason is None else {"to": to, "reason": reason}
        r = c.call("POST", f"{FR}/{form}/transitions", expect, label, token=token,
                   json_body=body, **kw)
        if r.status == 200 and r.json and r.json["state"] != to:
            c.fail(f"{label}: the form is {r.json['state']}, expected {to}")
        return r

    def refused(r, code, label):
        if error_code(r) != code:
            c.fail(f"{label}: error code {error_code(r)}, expected {code}")

    move(fa, 401, "no token", None, "collected")
    move(fa, 422, "an unknown target", collector1, "flying")
    refused(move(fa, 403, "another collector", collector2, "collected"), "forbidden_not_assigned",
            "another collector's move")
    refused(move(fa, 403, "a collector does not accept", collector1, "accepted"),
            "forbidden_role", "an acceptance by a collector")
    refused(move(fa, 403, "an officer of another commune", officer, "collected"),
            "forbidden_jurisdiction", "a move elsewhere")
    refused(move(fa, 409, "assigned → accepted", officer2, "accepted"), "wrong_state",
            "assigned → accepted")
    move(999999, 404, "no such form", officer2, "collected")
    c.call("POST", f"{FR}/{fa}/transitions", 400, "malformed JSON", token=officer2, raw="{",
           content_type="application/json")
    c.call("POST", f"{FR}/{fa}/transitions", 413, "body over 1 MiB", token=officer2,
           raw=b" " * ((1 << 20) + 1), content_type="application/json")
    c.call("POST", f"{FR}/{fa}/transitions", 415, "cookie with text/plain", cookie=officer2,
           raw='{"to": "collected"}', content_type="text/plain")
    move(fa, 200, "collected by its collector", collector1, "collected")
    refused(c.call("PUT", f"{FR}/{fa}/collector", 409, "a collected form", token=officer2,
                   json_body={"collector": "collector2"}), "wrong_state",
            "reassigning a collected form")
    move(fa, 422, "a return without a reason", officer2, "returned")
    r = move(fa, 200, "returned", officer2, "returned", "Thiếu chữ ký của người khai")
    if r.json and (r.json["returned"] or {}).get("reason") != "Thiếu chữ ký của người khai":
        c.fail(f"a returned form: {r.json['returned']}")
    move(fa, 200, "collected again", collector1, "collected")
    move(fa, 200, "accepted", officer2, "accepted")
    refused(move(fa, 409, "handed over without a record", officer2, "handed_over"),
            "handover_only", "a direct hand-over")
    refused(move(fa, 409, "accepted → archived", officer2, "archived"), "wrong_state",
            "accepted → archived")
    move(fb, 200, "collected by the officer", officer2, "collected")
    move(fb, 200, "accepted", officer2, "accepted")

    # Hand-over records.
    H = f"{one}/handovers"
    record = {"unit": reg, "to": "police", "forms": [fb, fa], "note": "Bàn giao đợt 1"}
    c.call("POST", H, 401, "no token", json_body=record)
    r = c.call("POST", H, 403, "a province officer", token=province, json_body=record)
    if error_code(r) != "forbidden_role":
        c.fail(f"a hand-over by a province officer: error code {error_code(r)}")
    r = c.call("POST", H, 403, "an officer of another commune", token=officer, json_body=record)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"a hand-over elsewhere: error code {error_code(r)}")
    c.call("POST", H, 422, "no forms", token=officer2, json_body=dict(record, forms=[]))
    c.call("POST", H, 422, "not to the police", token=officer2,
           json_body=dict(record, to="officer2"))
    c.call("POST", H, 422, "a form twice", token=officer2, json_body=dict(record, forms=[fa, fa]))
    c.call("POST", H, 422, "a form of no campaign", token=officer2,
           json_body=dict(record, forms=[999999]))
    r = c.call("POST", H, 409, "a form not accepted", token=officer2,
               json_body=dict(record, forms=[fa, fc]))
    refused(r, "wrong_state", "a hand-over with a form not accepted")
    c.call("POST", H, 400, "forms not a list", token=officer2, json_body=dict(record, forms=fa))
    c.call("POST", H, 400, "a form id not a number", token=officer2,
           json_body=dict(record, forms=["abc"]))
    c.call("POST", H, 400, "malformed JSON", token=officer2, raw="{",
           content_type="application/json")
    c.call("POST", f"{C}/999999/handovers", 404, "no such campaign", token=officer2,
           json_body=record)
    c.call("POST", H, 413, "body over 1 MiB", token=officer2, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", H, 415, "cookie with text/plain", cookie=officer2, raw=json.dumps(record),
           content_type="text/plain")
    r = c.call("POST", H, 201, "two accepted forms", token=officer2, json_body=record)
    hid = (r.json or {}).get("id")
    if hid:
        if r.header("location") != f"/api/handovers/{hid}":
            c.fail(f"POST {H}: Location {r.header('location')!r}")
        by_id = {f["id"]: f["cccd"] for f in r.json["forms"]}
        check = hashlib.sha256("".join(f"{i}:{by_id[i]}\n" for i in sorted(by_id)).encode())
        if ([f["id"] for f in r.json["forms"]] != [fb, fa] or r.json["count"] != 2
                or r.json["check_code"] != check.hexdigest()
                or {f["state"] for f in r.json["forms"]} != {"handed_over"}):
            c.fail(f"the hand-over record: {r.json}")
    c.call("GET", H, 401, "no token")
    r = c.call("GET", H, 200, "the commune officer", token=officer2)
    if r.json and [h["id"] for h in r.json["items"]] != [hid]:
        c.fail(f"GET {H}: {r.json['items']}")
    c.call("GET", H, 200, "one commune", token=police, query={"unit": reg})
    c.call("GET", H, 422, "unknown unit", token=officer2, query={"unit": "99999"})
    r = c.call("GET", H, 403, "a collector", token=collector1)
    if error_code(r) != "forbidden_role":
        c.fail(f"hand-over records listed by a collector: error code {error_code(r)}")
    c.call("GET", H, 403, "a unit outside", token=officer, query={"unit": reg})
    c.call("GET", f"{C}/999999/handovers", 404, "no such campaign", token=officer2)
    if hid:
        HO = f"/handovers/{hid}"
        c.call("GET", HO, 401, "no token")
        c.call("GET", HO, 200, "the police", token=police)
        for fmt in ("pdf", "xlsx"):
            r = c.call("GET", HO, 200, fmt.upper(), token=police, query={"format": fmt})
            check_file(c, r, f"GET {HO}?format={fmt}", fmt)
        c.call("GET", HO, 422, "CSV is not offered", token=police, query={"format": "csv"})
        c.call("GET", HO, 403, "a collector", token=collector1)
        r = c.call("GET", HO, 403, "an officer of another commune", token=officer)
        if error_code(r) != "forbidden_jurisdiction":
            c.fail(f"a hand-over record elsewhere: error code {error_code(r)}")
    c.call("GET", "/handovers/999999", 404, "no such record", token=police)

    # The police enter the forms once the person has a worker record, then they are archived.
    refused(move(fa, 409, "entered without a worker record", police, "entered"),
            "no_worker_record", "entering a form without a record")
    head = args.households[0]
    template = {k: v for k, v in args.templates[0].items()
                if v and k not in ("bhxh", "household_id", "relation_to_head", "cmnd")}
    entered = dict(template, cccd=head["cccd"], full_name=head["full_name"],
                   birth_date=head["birth_date"], sex=head["sex"], source="collection")
    c.call("POST", "/workers", 201, "the paper form typed in", token=police, json_body=entered)
    r = move(fa, 200, "entered", police, "entered")
    if r.json and r.json["entered_version"] != 1:
        c.fail(f"an entered form: entered_version {r.json['entered_version']}")
    move(fa, 200, "archived", officer2, "archived")
    move(fb, 200, "returned by the police", police, "returned", "Phiếu bị nhòe")

    # A campaign with forms keeps its unit and date, and waves in use.
    refused(c.call("PUT", one, 409, "a new reference date", token=province,
                   json_body=dict(renamed, reference_date="2025-10-02")), "has_forms",
            "moving the reference date of a campaign with forms")
    refused(c.call("PUT", one, 409, "without wave 2", token=province,
                   json_body=dict(renamed, waves=renamed["waves"][:1])), "wave_in_use",
            "dropping a wave with quotas")

    # Progress.
    PR = f"{one}/progress"
    c.call("GET", PR, 401, "no token")
    c.call("GET", PR, 200, "today", token=province)
    r = c.call("GET", PR, 200, "every parameter", token=officer2,
               query={"unit": reg, "tree": "2025", "as_of": "2099-12-31", "wave": "1"})
    if r.json:
        total = r.json["waves"][0]["total"] if r.json["waves"] else {}
        got = tuple(total.get(k) for k in ("quota", "assigned", "collected", "accepted",
                                           "handed_over", "entered", "archived", "returned"))
        if len(r.json["waves"]) != 1 or got != (30, 3, 2, 2, 2, 1, 1, 1):
            c.fail(f"progress of wave 1: {got}, expected (30, 3, 2, 2, 2, 1, 1, 1)")
    r = c.call("GET", PR, 200, "the ministry, the whole campaign", token=minister,
               query={"as_of": "2099-12-31"})
    for fmt, magic in (("csv", b"wave,unit,unit_name,quota,"), ("xlsx", None)):
        r = c.call("GET", PR, 200, fmt.upper(), token=province, query={"format": fmt})
        check_file(c, r, f"GET {PR}?format={fmt}", fmt)
        if magic and r.status == 200 and not r.body.startswith(magic):
            c.fail(f"progress as {fmt}: {r.body[:60]!r}")
    for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG\r\n\x1a\n")):
        r = c.call("GET", PR, 200, f"the chart as {fmt}", token=province,
                   query={"format": fmt, "as_of": "2099-12-31"})
        if r.status == 200 and not r.body.startswith(magic):
            c.fail(f"progress chart as {fmt}: {r.body[:20]!r}")
    for query in ({"format": "pdf"}, {"wave": "9"}, {"as_of": "2025-13-45"},
                  {"unit": "99999"}):
        c.call("GET", PR, 422, f"bad {next(iter(query))}", token=province, query=query)
    c.call("GET", PR, 403, "an admin", token=auditor)
    r = c.call("GET", PR, 403, "an officer of another commune", token=officer)
    if error_code(r) != "forbidden_jurisdiction":
        c.fail(f"progress elsewhere: error code {error_code(r)}")
    c.call("GET", f"{C}/999999/progress", 404, "no such campaign", token=province)

    # The audit log holds the new actions and outcomes.
    r = c.call("GET", "/audit", 200, "form moves", token=auditor,
               query={"action": "form_enter", "limit": "50"})
    if r.json and {"allow", "deny_state"} - {e["outcome"] for e in r.json["items"]}:
        c.fail(f"form_enter audit entries: {[e['outcome'] for e in r.json['items']]}")
    c.call("GET", "/audit", 200, "the latest entries", token=auditor, query={"limit": "500"})


# ------------------------------------------------------------------------------ reports

STATUS_FIELDS = ("population_15plus", "labour_force", "employed", "unemployed", "outside",
                 "status_unknown")
BREAKDOWNS = ("age_group", "general_education", "qualification", "employment_status",
              "workplace_type", "occupation_group", "industry_section", "si_type",
              "contract_type", "priority_group", "area", "unemployment_duration", "nilf_reason",
              "ethnicity")
DATA_COLUMNS = ["population_15plus", "labour_force", "employed", "unemployed", "outside",
                "status_unknown", "female_population_15plus", "female_employed",
                "female_unemployed", "female_outside"]
AGE_GROUPS = ((15, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, None))
STATES = ["none", "employed", "unemployed", "outside", "unknown", "closed"]
OPEN_STATES = range(1, 5)  # employed … unknown: a record in force


def age_group(birth_date, year):
    """The report's age group of a birth date in the report's year: by year of birth."""
    y = (birth_date or "")[:4]
    if len(y) != 4 or not y.isdigit() or not 1900 <= int(y) <= 2099:
        return "unknown"
    age = year - int(y)
    for lo, hi in AGE_GROUPS:
        if age >= lo and (hi is None or age <= hi):
            return f"{lo}+" if hi is None else f"{lo}-{hi}"
    return "unknown"


def check_counts(c, where, n):
    """The arithmetic of one set of status counts."""
    if n["labour_force"] != n["employed"] + n["unemployed"] or n["population_15plus"] != (
            n["labour_force"] + n["outside"] + n["status_unknown"]):
        c.fail(f"{where}: the counts do not add up: {n}")
    rate = n["unemployment_rate"]
    if n["labour_force"] == 0:
        if rate is not None:
            c.fail(f"{where}: unemployment_rate {rate} with no labour force")
    elif rate is None or abs(rate - 100 * n["unemployed"] / n["labour_force"]) > 0.05 + 1e-9:
        c.fail(f"{where}: unemployment_rate {rate} for {n['unemployed']} unemployed of "
               f"{n['labour_force']}")


def totals_of(n):
    return tuple(n[k] for k in STATUS_FIELDS)


def check_report(c, where, report):
    """A labour-supply report: every count adds up, by sex and in every breakdown."""
    check_counts(c, where, report)
    sexes = report["by_sex"]
    for sex, n in sexes.items():
        check_counts(c, f"{where}: by_sex.{sex}", n)
    if tuple(map(sum, zip(*(totals_of(n) for n in sexes.values())))) != totals_of(report):
        c.fail(f"{where}: male + female + unknown {[totals_of(n) for n in sexes.values()]} "
               f"differ from the totals {totals_of(report)}")
    if sorted(report["breakdowns"]) != sorted(BREAKDOWNS):
        c.fail(f"{where}: breakdowns {sorted(report['breakdowns'])}")
    for name, table in report["breakdowns"].items():
        lines = table["lines"]
        for line in lines:
            check_counts(c, f"{where}: {name} {line['value']}", line)
            for sex in ("male", "female"):
                check_counts(c, f"{where}: {name} {line['value']} {sex}", line[sex])
            if line["male"]["population_15plus"] + line["female"]["population_15plus"] > line[
                    "population_15plus"]:
                c.fail(f"{where}: {name} {line['value']}: more men and women than people")
        sums = tuple(map(sum, zip(*(totals_of(l) for l in lines)))) if lines else (0,) * 6
        if name == "priority_group":  # multi-valued: a person counts under each group
            if sums[0] < report["population_15plus"]:
                c.fail(f"{where}: priority_group lines count {sums[0]} people, fewer than "
                       f"{report['population_15plus']}")
        elif sums != totals_of(report):
            c.fail(f"{where}: the {name} lines add up to {sums}, not the totals "
                   f"{totals_of(report)}")
        if len({l["value"] for l in lines}) != len(lines):
            c.fail(f"{where}: {name} repeats a line")
    ages = [l["value"] for l in report["breakdowns"].get("age_group", {}).get("lines", [])]
    expected = [f"{lo}+" if hi is None else f"{lo}-{hi}" for lo, hi in AGE_GROUPS] + ["unknown"]
    if ages != expected:
        c.fail(f"{where}: age groups {ages}, expected {expected}")


def check_children(c, where, parent, children):
    """The units below add up to the parent's report (every person counts once per level)."""
    for u in children:
        check_counts(c, f"{where}: {u['unit']}", u)
    sums = tuple(map(sum, zip(*(totals_of(u) for u in children)))) if children else (0,) * 6
    if sums != totals_of(parent):
        c.fail(f"{where}: the units below add up to {sums}, not the unit's totals "
               f"{totals_of(parent)}")
    for sex in ("male", "female"):
        below = sum(u[sex]["population_15plus"] for u in children)
        if below != parent["by_sex"][sex]["population_15plus"]:
            c.fail(f"{where}: {below} {sex} people in the units below, "
                   f"{parent['by_sex'][sex]['population_15plus']} in the unit")
    codes = [u["unit"] for u in children]
    if codes != sorted(codes) or len(set(codes)) != len(codes):
        c.fail(f"{where}: the units below are not in code order: {codes[:10]}")


def numbers(report):
    """A report without its labels and headings (which follow `lang`)."""
    if isinstance(report, dict):
        return {k: numbers(v) for k, v in report.items() if k not in ("label", "heading")}
    if isinstance(report, list):
        return [numbers(v) for v in report]
    return report


def csv_rows(c, r, where, header):
    """The rows of a CSV answer whose header must be `header`; [] when it is not."""
    if r.status != 200:
        return []
    rows = list(csv.reader(io.StringIO(r.body.decode("utf-8", "replace"))))
    if not rows or rows[0] != header:
        c.fail(f"{where}: header {rows[0] if rows else None}, expected {','.join(header)}")
        return []
    return rows[1:]


def data_cells(n, female):
    return [str(n[k]) for k in STATUS_FIELDS] + [
        str(female[k]) for k in ("population_15plus", "employed", "unemployed", "outside")]


def search_all(c, token, unit):
    """Every record in force residing in `unit`, through the search (None on a failure)."""
    found, cursor = [], None
    for _ in range(200):
        query = {"unit": unit, "limit": "200"}
        if cursor:
            query["cursor"] = cursor
        r = c.call("GET", "/workers", 200, "the records a report counts", token=token,
                   query=query)
        if not r.json:
            return None
        found += r.json["items"]
        cursor = r.json["next_cursor"]
        if not cursor:
            return found
    return None


def run_reports(c, args, tokens):
    officer, police, officer2, province, minister, worker, collector = (
        tokens[u] for u in ("officer", "police", "officer2", "province", "minister", "worker1",
                            "collector1"))
    commune, reg = args.commune, args.reg_commune

    def refused(r, code, label):
        if r.status in (403, 404, 409) and error_code(r) != code:
            c.fail(f"{label}: error code {error_code(r)}, expected {code}")

    def invalid(r, field, label):
        if r.json and field not in [v["field"] for v in r.json.get("violations", [])]:
            c.fail(f"{label}: violations {r.json.get('violations')}, expected one of {field}")

    def denials(path, query, label, forbidden_units=("01", reg), **kw):
        """401 without a token; 403 for a worker and a collector (their role), and for the
        commune officer asking for units outside the commune."""
        c.call(kw.get("method", "GET"), path, 401, "no token", query=query,
               json_body=kw.get("body"))
        for who, name in ((worker, "a worker"), (collector, "a collector")):
            r = c.call(kw.get("method", "GET"), path, 403, f"{label} by {name}", token=who,
                       query=query, json_body=kw.get("body"))
            refused(r, "forbidden_role", f"{label} by {name}")
        for unit in forbidden_units:
            where = ("the whole country" if unit is None else
                     "the province" if unit == "01" else "another commune")
            if kw.get("method") == "POST":
                body = {k: v for k, v in kw["body"].items() if k != "unit"}
                if unit is not None:
                    body["unit"] = unit
                r = c.call("POST", path, 403, f"{label} of {where}", token=officer,
                           json_body=body)
            else:
                q = {k: v for k, v in query.items() if k != "unit"}
                if unit is not None:
                    q["unit"] = unit
                r = c.call("GET", path, 403, f"{label} of {where}", token=officer, query=q)
            refused(r, "forbidden_jurisdiction", f"{label} of {where} by a commune officer")

    # ---- the labour-supply report
    LS = "/reports/labour-supply"
    denials(LS, {"unit": commune}, "a labour-supply report", forbidden_units=("01", reg, None))
    for query, field, label in (
            ({"unit": "99999"}, "unit", "unknown unit"),
            ({"unit": "001"}, "unit", "a pre-2025 district asked in the 2025 tree"),
            ({"as_of": "2025-13-45"}, "as_of", "bad as_of"),
            ({"tree": "1999"}, "tree", "unknown tree"),
            ({"by": "commune"}, "by", "by takes unit only"),
            ({"format": "doc"}, "format", "unknown format")):
        r = c.call("GET", LS, 422, label, token=officer, query=dict({"unit": commune}, **query))
        invalid(r, field, f"GET {LS} ({label})")

    r = c.call("GET", LS, 200, "the commune officer's commune", token=officer,
               query={"unit": commune})
    mine = r.json
    if mine:
        where = f"GET {LS}?unit={commune}"
        check_report(c, where, mine)
        if (mine["unit"], mine["unit_key"], mine["tree"]) != (commune, f"2025:{commune}", "2025"):
            c.fail(f"{where}: unit {mine['unit']!r}, unit_key {mine['unit_key']!r}, tree "
                   f"{mine['tree']!r}")
        # The figures are those of the commune's residents in the workers file, and of the
        # records this script added there since (found by the search: both count what is in
        # force).
        workers = list(csv.DictReader(open(args.workers_csv, encoding="utf-8")))
        residents = [w for w in workers if (w["current_unit"] or w["permanent_unit"]) == commune]
        key = lambda w: w.get("cccd") or w.get("cmnd")
        found = search_all(c, officer, commune)
        if found is not None:
            known = {key(w) for w in residents}
            listed = {key(w) for w in found}
            if known - listed:
                c.fail(f"{where}: residents of the workers file not found in force: "
                       f"{sorted(known - listed)[:5]}")
            people = residents + [w for w in found if key(w) not in known]
            year = int(mine["as_of"][:4])
            status = lambda w: (w.get("lf_status") if w.get("lf_status") in (
                "employed", "unemployed", "outside") else "status_unknown")
            expected = {"population_15plus": len(people)}
            for s in ("employed", "unemployed", "outside", "status_unknown"):
                expected[s] = sum(1 for w in people if status(w) == s)
            got = {k: mine[k] for k in expected}
            if got != expected:
                c.fail(f"{where}: {got}, expected {expected} ({len(residents)} residents in "
                       f"{args.workers_csv}, {len(people) - len(residents)} records added here)")
            women = sum(1 for w in people if w.get("sex") == "female")
            if mine["by_sex"]["female"]["population_15plus"] != women:
                c.fail(f"{where}: {mine['by_sex']['female']['population_15plus']} women, "
                       f"expected {women}")
            ages = collections.Counter(age_group(w.get("birth_date"), year) for w in people)
            got = {l["value"]: l["population_15plus"]
                   for l in mine["breakdowns"]["age_group"]["lines"]}
            if any(got.get(g, 0) != ages.get(g, 0) for g in set(got) | set(ages)):
                c.fail(f"{where}: age groups {got}, expected {dict(ages)}")
        r = c.call("GET", LS, 200, "every parameter, in English", token=officer, query={
            "unit": commune, "tree": "2025", "as_of": mine["as_of"], "lang": "en"})
        if r.json:
            if numbers(r.json) != numbers(mine):
                c.fail(f"{where}: the figures in English differ from those in Vietnamese")
            if r.json["breakdowns"]["age_group"]["heading"] != "Age group":
                c.fail(f"{where}&lang=en: age_group heading "
                       f"{r.json['breakdowns']['age_group']['heading']!r}")
        # Every record of the fixture (and of this script) was collected on 2025-10-01.
        r = c.call("GET", LS, 200, "before any record", token=officer,
                   query={"unit": commune, "as_of": "2025-09-30"})
        if r.json:
            check_report(c, f"{where}&as_of=2025-09-30", r.json)
            if r.json["population_15plus"] != 0 or r.json["as_of"] != "2025-09-30":
                c.fail(f"{where}&as_of=2025-09-30: {r.json['population_15plus']} people")

        # The same as files.
        r = c.call("GET", LS, 200, "CSV", token=officer, query={"unit": commune, "format": "csv"})
        check_file(c, r, f"GET {LS}?format=csv", "csv")
        name = f'attachment; filename="cung-lao-dong-{commune}-{mine["as_of"]}.csv"'
        if r.status == 200 and r.header("content-disposition") != name:
            c.fail(f"GET {LS}?format=csv: Content-Disposition {r.header('content-disposition')!r}"
                   f", expected {name!r}")
        rows = csv_rows(c, r, f"GET {LS}?format=csv",
                        ["breakdown", "value", "label"] + DATA_COLUMNS)
        expected = {("total", "total"): data_cells(mine, mine["by_sex"]["female"])}
        zero = dict.fromkeys(STATUS_FIELDS, 0)
        for sex, n in mine["by_sex"].items():
            expected[("sex", sex)] = data_cells(n, n if sex == "female" else zero)
        for name_, table in mine["breakdowns"].items():
            for l in table["lines"]:
                expected[(name_, l["value"])] = data_cells(l, l["female"])
        got = {(row[0], row[1]): row[3:] for row in rows}
        if rows and (got != expected or len(rows) != len(expected)):
            wrong = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
            c.fail(f"GET {LS}?format=csv: rows differ from the JSON report at {wrong[:5]}")
        if rows and rows[0][:2] != ["total", "total"]:
            c.fail(f"GET {LS}?format=csv: the first row is {rows[0][:3]}, not the total")
        for fmt, query in (("xlsx", {}), ("pdf", {}), ("pdf", {"lang": "en"})):
            r = c.call("GET", LS, 200, f"{fmt.upper()} {query}", token=officer,
                       query=dict({"unit": commune, "format": fmt}, **query))
            check_file(c, r, f"GET {LS}?format={fmt}", fmt)

    # By the units below: a commune has none; a province, a district and the country do.
    r = c.call("GET", LS, 200, "by unit below a commune", token=officer,
               query={"unit": commune, "by": "unit"})
    if r.json and (r.json["units"] != [] or r.json["unit"] != commune):
        c.fail(f"GET {LS}?unit={commune}&by=unit: {r.json}")
    by_unit_header = ["unit", "unit_name"] + DATA_COLUMNS
    r = c.call("GET", LS, 200, "by unit below a commune, CSV", token=officer,
               query={"unit": commune, "by": "unit", "format": "csv"})
    check_file(c, r, f"GET {LS}?by=unit&format=csv", "csv")
    if csv_rows(c, r, f"GET {LS}?unit={commune}&by=unit&format=csv", by_unit_header):
        c.fail(f"GET {LS}?unit={commune}&by=unit&format=csv: rows below a commune")
    r = c.call("GET", LS, 200, "the province", token=province, query={"unit": "01"})
    hanoi = r.json
    if hanoi:
        check_report(c, f"GET {LS}?unit=01", hanoi)
    r = c.call("GET", LS, 200, "the communes of the province", token=province,
               query={"unit": "01", "by": "unit"})
    below = r.json
    if below and hanoi:
        where = f"GET {LS}?unit=01&by=unit"
        check_children(c, where, hanoi, below["units"])
        if (below["unit"], below["unit_key"], below["tree"]) != ("01", "2025:01", "2025"):
            c.fail(f"{where}: unit {below['unit']!r}, unit_key {below['unit_key']!r}")
        u = c.call("GET", "/units", 200, "the communes of 01", token=province,
                   query={"parent": "01"})
        if u.json and [x["unit"] for x in below["units"]] != sorted(
                x["code"] for x in u.json["units"]):
            c.fail(f"{where}: the units differ from GET /units?parent=01")
        line = next((x for x in below["units"] if x["unit"] == commune), None)
        if mine and (line is None or totals_of(line) != totals_of(mine)
                     or line["unit_key"] != f"2025:{commune}"):
            c.fail(f"{where}: the line of {commune} is {line}, its own report says "
                   f"{totals_of(mine)}")
        r = c.call("GET", LS, 200, "the communes of the province, CSV", token=province,
                   query={"unit": "01", "by": "unit", "format": "csv"})
        check_file(c, r, f"GET {LS}?by=unit&format=csv", "csv")
        rows = csv_rows(c, r, f"{where}&format=csv", by_unit_header)
        if rows != [[x["unit"], x["unit_name"]] + data_cells(x, x["female"])
                    for x in below["units"]]:
            c.fail(f"{where}&format=csv: the rows differ from the JSON units")
    for fmt in ("xlsx", "pdf"):
        r = c.call("GET", LS, 200, f"by unit, {fmt.upper()}", token=province,
                   query={"unit": "01", "by": "unit", "format": fmt})
        check_file(c, r, f"GET {LS}?by=unit&format={fmt}", fmt)
    r = c.call("GET", LS, 200, "the whole country", token=minister)
    country = r.json
    if country:
        check_report(c, f"GET {LS} (national)", country)
        if (country["unit"], country["unit_key"], country["tree"]) != (
                "national", "national", "2025"):
            c.fail(f"GET {LS}: the national report is of {country['unit']!r} "
                   f"({country['unit_key']!r}, tree {country['tree']!r})")
    for tree, provinces in (("2025", 34), ("pre2025", 63)):
        r = c.call("GET", LS, 200, f"the provinces, {tree} tree", token=minister,
                   query={"unit": "national", "tree": tree, "by": "unit"})
        if r.json and country:
            check_children(c, f"GET {LS}?by=unit&tree={tree}", country, r.json["units"])
            if len(r.json["units"]) != provinces or r.json["tree"] != tree:
                c.fail(f"GET {LS}?by=unit&tree={tree}: {len(r.json['units'])} provinces, "
                       f"expected {provinces}")
    r = c.call("GET", LS, 200, "a pre-2025 district", token=minister,
               query={"unit": "001", "tree": "pre2025"})
    district = r.json
    if district:
        check_report(c, f"GET {LS}?unit=001&tree=pre2025", district)
        if (district["unit_key"], district["tree"]) != ("pre2025:001", "pre2025"):
            c.fail(f"GET {LS}?unit=001&tree=pre2025: unit_key {district['unit_key']!r}")
        r = c.call("GET", LS, 200, "the communes of a pre-2025 district", token=minister,
                   query={"unit": "001", "tree": "pre2025", "by": "unit"})
        if r.json:
            check_children(c, f"GET {LS}?unit=001&tree=pre2025&by=unit", district,
                           r.json["units"])
    r = c.call("GET", LS, 200, "the tree in force on as_of", token=minister,
               query={"unit": "01", "as_of": "2025-06-30"})
    if r.json and (r.json["tree"], r.json["unit_key"]) != ("pre2025", "pre2025:01"):
        c.fail(f"GET {LS}?unit=01&as_of=2025-06-30: tree {r.json['tree']!r}, expected pre2025")
    c.call("GET", LS, 200, "the commune police", token=police, query={"unit": reg})

    # ---- changes between two days
    CH = "/reports/changes"
    denials(CH, {"unit": commune, "from": "2025-10-01"}, "changes")
    for query, field, label in (
            ({}, "from", "no from"), ({"from": "2025-02-30"}, "from", "from not a date"),
            ({"from": "2025-12-01", "to": "2025-12-01"}, "from", "from on to"),
            ({"from": "2025-12-02", "to": "2025-12-01"}, "from", "from after to"),
            ({"from": "2025-10-01", "to": "yesterday"}, "to", "to not a date"),
            ({"from": "2025-10-01", "format": "svg"}, "format", "unknown format"),
            ({"from": "2025-10-01", "unit": "99999"}, "unit", "unknown unit"),
            ({"from": "2025-10-01", "tree": "2019"}, "tree", "unknown tree")):
        r = c.call("GET", CH, 422, label, token=officer, query=dict({"unit": commune}, **query))
        invalid(r, field, f"GET {CH} ({label})")

    def check_changes(where, ch, start, end):
        """The transitions against the labour-supply reports of both days: the rows of open
        states count the people in force on `from`, the columns those on `to`."""
        if [s["value"] for s in ch["states"]] != STATES:
            c.fail(f"{where}: states {[s['value'] for s in ch['states']]}")
            return
        m = ch["transitions"]
        for n, report, day in (("rows", start, "from"), ("columns", end, "to")):
            if not report:
                continue
            cells = m if n == "rows" else [list(col) for col in zip(*m)]
            got = [sum(cells[i]) for i in OPEN_STATES]
            want = [report[k] for k in ("employed", "unemployed", "outside", "status_unknown")]
            if got != want:
                c.fail(f"{where}: the {n} of employed … unknown add up to {got}; the report "
                       f"on {ch[day]} counts {want}")

    r = c.call("GET", LS, 200, "on the first day of the changes", token=officer,
               query={"unit": commune, "as_of": "2025-10-01"})
    first_day = r.json
    r = c.call("GET", CH, 200, "since the collection", token=officer,
               query={"unit": commune, "from": "2025-10-01"})
    if r.json:
        where = f"GET {CH}?unit={commune}&from=2025-10-01"
        if (r.json["unit"], r.json["unit_key"], r.json["from"]) != (
                commune, f"2025:{commune}", "2025-10-01"):
            c.fail(f"{where}: {r.json['unit_key']!r} from {r.json['from']!r}")
        check_changes(where, r.json, first_day, mine if mine and mine["as_of"] == r.json["to"]
                      else None)
        # The record this script created in the commune and closed (emigrated, 2026-01-10).
        if r.json["closed_emigrated"] < 1:
            c.fail(f"{where}: closed_emigrated {r.json['closed_emigrated']}, expected at least "
                   f"the record closed above")
        closed = r.json
        r = c.call("GET", CH, 200, "CSV", token=officer,
                   query={"unit": commune, "from": "2025-10-01", "format": "csv"})
        check_file(c, r, f"GET {CH}?format=csv", "csv")
        rows = csv_rows(c, r, f"{where}&format=csv", ["from_state"] + STATES)
        if r.status == 200 and rows != [[s] + [str(n) for n in row]
                                        for s, row in zip(STATES, closed["transitions"])]:
            c.fail(f"{where}&format=csv: {rows}, expected the JSON transitions")
    r = c.call("GET", CH, 200, "from before any record, in English", token=officer,
               query={"unit": commune, "from": "2025-09-30", "to": "2025-10-01", "lang": "en"})
    if r.json:
        where = f"GET {CH}?unit={commune}&from=2025-09-30&to=2025-10-01"
        check_changes(where, r.json, None, first_day)
        if any(any(row) for row in r.json["transitions"][1:]):
            c.fail(f"{where}: people in the commune before any record: {r.json['transitions']}")
        if first_day and r.json["newly_recorded"] < first_day["population_15plus"]:
            c.fail(f"{where}: newly_recorded {r.json['newly_recorded']}, fewer than the "
                   f"{first_day['population_15plus']} people in force on 2025-10-01")
        if r.json["states"][0]["label"] != "Not in the unit":
            c.fail(f"{where}&lang=en: state labels {r.json['states']}")
    for fmt in ("xlsx", "pdf"):
        r = c.call("GET", CH, 200, fmt.upper(), token=officer,
                   query={"unit": commune, "from": "2025-10-01", "format": fmt})
        check_file(c, r, f"GET {CH}?format={fmt}", fmt)
    r = c.call("GET", CH, 200, "the province", token=province,
               query={"unit": "01", "from": "2025-10-01", "to": "2026-01-15"})
    if r.json:
        r2 = c.call("GET", LS, 200, "the province on the last day of the changes",
                    token=province, query={"unit": "01", "as_of": "2026-01-15"})
        r1 = c.call("GET", LS, 200, "the province on the first day of the changes",
                    token=province, query={"unit": "01", "as_of": "2025-10-01"})
        check_changes(f"GET {CH}?unit=01", r.json, r1.json, r2.json)
    c.call("GET", CH, 200, "the whole country", token=minister, query={"from": "2025-10-01"})

    # ---- charts
    CC = "/reports/charts"
    denials(f"{CC}/pyramid", {"unit": commune}, "a chart")
    for kind, token, query in (
            ("pyramid", officer, {"unit": commune}),
            ("pyramid", officer, {"unit": commune, "format": "png", "as_of": "2025-12-31"}),
            ("pyramid", minister, {"lang": "en"}),
            ("status-by-unit", province, {"unit": "01"}),
            ("status-by-unit", province, {"unit": "01", "format": "png", "lang": "en"}),
            ("status-by-unit", minister, {"unit": "001", "tree": "pre2025", "format": "svg"})):
        r = c.call("GET", f"{CC}/{kind}", 200, f"{query}", token=token, query=query)
        if r.status == 200 and query.get("format", "svg") != r.content_type().split("/")[1][:3]:
            c.fail(f"GET {CC}/{kind} {query}: Content-Type {r.header('content-type')!r}")
    r = c.call("GET", f"{CC}/histogram", 404, "an unknown kind", token=officer,
               query={"unit": commune})
    refused(r, "not_found", f"GET {CC}/histogram")
    for query, field, label in (({"format": "pdf"}, "format", "unknown format"),
                                ({"as_of": "2025-02-29"}, "as_of", "bad as_of"),
                                ({"unit": "99999"}, "unit", "unknown unit"),
                                ({"tree": "x"}, "tree", "unknown tree")):
        r = c.call("GET", f"{CC}/pyramid", 422, label, token=officer,
                   query=dict({"unit": commune}, **query))
        invalid(r, field, f"GET {CC}/pyramid ({label})")

    # ---- the reporting calendar (before any submission)
    CAL = "/reports/calendar"
    denials(CAL, {"unit": commune}, "a reporting calendar", forbidden_units=(reg, None))
    for query, field, label in (({"format": "pdf"}, "format", "unknown format"),
                                ({"on": "2025-11-31"}, "on", "bad on"),
                                ({"unit": "99999"}, "unit", "unknown unit")):
        r = c.call("GET", CAL, 422, label, token=officer, query=dict({"unit": commune}, **query))
        invalid(r, field, f"GET {CAL} ({label})")
    # The seeded commune schedules: 1 monthly (25th), 2 yearly (10 Dec), 7 half-yearly (10 Jun,
    # 10 Dec); deadlines from a year before 2025-11-01 to a month after.
    due = [(1, f"{y}-{m:02d}") for y, m in [(2024, 11), (2024, 12)] + [(2025, m) for m in
                                                                        range(1, 12)]]
    due += [(2, "2024"), (7, "2024-H2"), (7, "2025-H1")]

    def calendar(token, query, label):
        r = c.call("GET", CAL, 200, label, token=token, query=query)
        if not r.json:
            return None
        where = f"GET {CAL} {query}"
        deadlines = [e["deadline"] for e in r.json["entries"]]
        if deadlines != sorted(deadlines):
            c.fail(f"{where}: entries not by deadline")
        for e in r.json["entries"]:
            if e["submitted_at"] is None:
                state = "late" if e["deadline"] < r.json["on"] else "due"
            else:
                state = ("submitted" if e["submitted_at"][:10] <= e["deadline"]
                         else "submitted_late")
            if e["state"] != state or (e["submitted_at"] is None) != (e["submitted_by"] is None):
                c.fail(f"{where}: entry {e}, expected state {state}")
        return r.json

    cal = calendar(officer, {"unit": commune, "on": "2025-11-01"}, "a commune")
    if cal:
        where = f"GET {CAL}?unit={commune}&on=2025-11-01"
        if (cal["unit"], cal["unit_key"], cal["level"], cal["on"]) != (
                commune, f"2025:{commune}", "commune", "2025-11-01"):
            c.fail(f"{where}: {cal['unit']!r} {cal['unit_key']!r} {cal['level']!r} {cal['on']!r}")
        got = sorted((e["schedule_id"], e["period"]) for e in cal["entries"])
        if got != sorted(due):
            c.fail(f"{where}: entries {got}, expected {sorted(due)}")
        if any(e["submitted_at"] for e in cal["entries"]):
            c.fail(f"{where}: submitted entries before any submission")
    cal = calendar(province, {"unit": "01", "on": "2025-11-01", "lang": "en"}, "a province")
    if cal and (cal["level"] != "province" or not cal["entries"]
                or {e["schedule_id"] for e in cal["entries"]} != {5, 6}):
        c.fail(f"GET {CAL}?unit=01: level {cal['level']!r}, schedules "
               f"{sorted({e['schedule_id'] for e in cal['entries']})}, expected 5 and 6")
    cal = calendar(minister, {}, "the whole country")
    if cal and (cal["unit"], cal["level"], cal["entries"]) != ("national", "", []):
        c.fail(f"GET {CAL} (national): {cal}")
    r = c.call("GET", CAL, 200, "CSV", token=officer,
               query={"unit": commune, "on": "2025-11-01", "format": "csv"})
    check_file(c, r, f"GET {CAL}?format=csv", "csv")
    rows = csv_rows(c, r, f"GET {CAL}?format=csv", ["schedule_id", "schedule", "period",
                                                     "deadline", "state", "submitted_at",
                                                     "submitted_by"])
    if r.status == 200 and sorted((int(x[0]), x[2]) for x in rows) != sorted(due):
        c.fail(f"GET {CAL}?format=csv: {[(x[0], x[2]) for x in rows]}")

    # ---- submissions
    SUB = "/reports/submissions"
    body = {"schedule_id": 1, "unit": commune, "period": "2025-10"}
    denials(SUB, None, "a submission", method="POST", body=body)
    for wrong, field, label in (
            ({"schedule_id": None}, "schedule_id", "no schedule_id"),
            ({"schedule_id": "1"}, "schedule_id", "schedule_id not an integer"),
            ({"period": None}, "period", "no period"),
            ({"unit": "99999"}, "unit", "unknown unit"),
            ({"tree": "1999"}, "tree", "unknown tree")):
        sent = {k: v for k, v in dict(body, **wrong).items() if v is not None}
        r = c.call("POST", SUB, 422, label, token=officer, json_body=sent)
        invalid(r, field, f"POST {SUB} ({label})")
    for wrong, label in (({"schedule_id": 3}, "a district schedule for a commune"),
                         ({"schedule_id": 999}, "no such schedule"),
                         ({"period": "2025-13"}, "no such month"),
                         ({"period": "2025-H1"}, "a half-year of a monthly schedule")):
        r = c.call("POST", SUB, 409, label, token=officer, json_body=dict(body, **wrong))
        refused(r, "not_submitted", f"POST {SUB} ({label})")
    c.call("POST", SUB, 400, "malformed JSON", token=officer, raw="{",
           content_type="application/json")
    c.call("POST", SUB, 400, "not an object", token=officer, json_body=[body])
    c.call("POST", SUB, 413, "body over 1 MiB", token=officer, raw=b" " * ((1 << 20) + 1),
           content_type="application/json")
    c.call("POST", SUB, 415, "cookie with text/plain", cookie=officer, raw=json.dumps(body),
           content_type="text/plain")
    r = c.call("POST", SUB, 201, "the October report, late", token=officer, json_body=body)
    if r.json and ((r.json["schedule_id"], r.json["unit"], r.json["period"], r.json["late"])
                   != (1, commune, "2025-10", True)):
        c.fail(f"POST {SUB}: {r.json}, expected schedule 1 of {commune} for 2025-10, late")
    r = c.call("POST", SUB, 409, "the same period again", token=officer, json_body=body)
    refused(r, "not_submitted", f"POST {SUB} (again)")
    r = c.call("POST", SUB, 201, "the second half-year, with its tree", token=officer,
               json_body={"schedule_id": 7, "unit": commune, "tree": "2025",
                          "period": "2025-H2"})
    if r.json and (r.json["period"], r.json["late"]) != ("2025-H2", True):
        c.fail(f"POST {SUB} (2025-H2): {r.json}")
    r = c.call("POST", SUB, 403, "a commune's report sent by its province", token=province,
               json_body=dict(body, period="2025-11"))
    if r.json and error_code(r) != "forbidden_jurisdiction":
        c.fail(f"POST {SUB} by the province for a commune: {error_code(r)}")
    r = c.call("POST", SUB, 409, "a period not begun", token=officer,
               json_body=dict(body, period="2099-01"))
    refused(r, "not_submitted", f"POST {SUB} (2099-01)")
    c.call("POST", SUB, 201, "a province's monthly report", token=province,
           json_body={"schedule_id": 5, "unit": "01", "period": "2025-12"})
    c.call("POST", SUB, 403, "the whole country by a commune officer", token=officer,
           json_body={k: v for k, v in body.items() if k != "unit"})
    r = c.call("POST", SUB, 409, "the whole country has no schedule", token=minister,
               json_body=dict(body, unit="national"))
    refused(r, "not_submitted", f"POST {SUB} (national)")
    cal = calendar(officer, {"unit": commune, "on": "2026-01-15"}, "after the submissions")
    if cal:
        by = {(e["schedule_id"], e["period"]): e for e in cal["entries"]}
        for k in ((1, "2025-10"), (7, "2025-H2")):
            e = by.get(k)
            if not e or (e["state"], e["submitted_by"]) != ("submitted_late", "officer"):
                c.fail(f"GET {CAL}?on=2026-01-15: entry {k} is {e}, expected submitted_late "
                       f"by officer")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8080")
    ap.add_argument("--document", help="src/http/openapi.json: the served document must equal it")
    ap.add_argument("--workers-csv", required=True, help="the file imported into the database")
    ap.add_argument("--commune", required=True, help="the commune of user 'officer'")
    ap.add_argument("--person", required=True, help="the CCCD of user 'worker1'")
    ap.add_argument("--password", required=True, help="the password of every user")
    ap.add_argument("--reg-commune", required=True,
                    help="the commune of users police, officer2, collector1 and collector2")
    ap.add_argument("--register-csv", required=True,
                    help="a population-register extract of --reg-commune (lmis gen --register)")
    ap.add_argument("--reg-workers-csv", required=True,
                    help="the worker records of --reg-commune, imported into the database")
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
